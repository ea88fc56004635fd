import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { signingString, parseDigest } from '../../src/domain/verify/digest.js';

/**
 * A signed CloudTrail evidence tree built as AWS documents it: hourly log files, one digest per
 * hour listing their uncompressed SHA-256, each digest naming its predecessor (object, hash,
 * signature) and signed with SHA256withRSA over the documented signing string; plus the saved
 * `list-public-keys` and `head-object` outputs a responder would keep.
 */
export interface Chain {
  root: string;
  logs: string[];
  digests: string[];
  keysFile: string;
  signaturesDir: string;
  privateKey: KeyObject;
  fingerprint: string;
}

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const BUCKET = 'org-trail-bucket';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export function buildSignedChain(root: string, hours = 3): Chain {
  mkdirSync(root, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  const fingerprint = createHash('md5').update(der).digest('hex');
  const keysFile = join(root, 'list-public-keys.json');
  writeFileSync(
    keysFile,
    JSON.stringify(
      {
        PublicKeyList: [
          {
            Value: der.toString('base64'),
            ValidityStartTime: '2024-01-01T00:00:00+00:00',
            ValidityEndTime: '2025-01-01T00:00:00+00:00',
            Fingerprint: fingerprint,
          },
        ],
      },
      null,
      4,
    ),
  );
  const signaturesDir = join(root, 'signatures');
  mkdirSync(signaturesDir, { recursive: true });
  const logs: string[] = [];
  const digests: string[] = [];
  let prev: { key: string; sha: string; sig: string } | null = null;
  for (let h = 0; h < hours; h++) {
    const start = new Date(Date.UTC(2024, 3, 11, 10 + h, 0, 0));
    const end = new Date(start.getTime() + 3600_000);
    const dayPath = `AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2024/04/11`;
    const logFiles = [];
    for (let f = 0; f < 2; f++) {
      const t = new Date(start.getTime() + (f + 1) * 600_000);
      const records = Array.from({ length: 3 }, (_, i) => ({
        eventVersion: '1.09',
        eventID: `h${h}-f${f}-e${i}`,
        eventTime: t.toISOString().replace(/\.\d+Z$/, 'Z'),
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        awsRegion: REGION,
        sourceIPAddress: '198.51.100.7',
        userAgent: 'aws-cli/2',
        recipientAccountId: ACCOUNT,
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLE',
          arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
          accountId: ACCOUNT,
          userName: 'alice',
        },
      }));
      const content = JSON.stringify({ Records: records });
      const key = `${dayPath}/${ACCOUNT}_CloudTrail_${REGION}_${stamp(t)}_h${h}f${f}.json.gz`;
      const path = join(root, key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, gzipSync(content));
      logs.push(path);
      logFiles.push({
        s3Bucket: BUCKET,
        s3Object: key,
        hashValue: sha(content),
        hashAlgorithm: 'SHA-256',
        newestEventTime: records[0].eventTime,
        oldestEventTime: records[0].eventTime,
      });
    }
    const digestKey = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/${REGION}/2024/04/11/${ACCOUNT}_CloudTrail-Digest_${REGION}_main-trail_${REGION}_${stamp(end)}.json.gz`;
    const digest = {
      awsAccountId: ACCOUNT,
      digestStartTime: start.toISOString().replace(/\.\d+Z$/, 'Z'),
      digestEndTime: end.toISOString().replace(/\.\d+Z$/, 'Z'),
      digestS3Bucket: BUCKET,
      digestS3Object: digestKey,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: null,
      oldestEventTime: null,
      previousDigestS3Bucket: prev ? BUCKET : null,
      previousDigestS3Object: prev?.key ?? null,
      previousDigestHashValue: prev?.sha ?? null,
      previousDigestHashAlgorithm: prev ? 'SHA-256' : null,
      previousDigestSignature: prev?.sig ?? null,
      logFiles,
    };
    const text = JSON.stringify(digest);
    const parsed = parseDigest(text);
    if (typeof parsed === 'string') throw new Error(parsed);
    const sig = sign(
      'sha256',
      Buffer.from(signingString(parsed, sha(text)), 'utf8'),
      privateKey,
    ).toString('hex');
    const path = join(root, digestKey);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, gzipSync(text));
    digests.push(path);
    // the newest digest's signature lives in S3 metadata: saved with head-object
    writeFileSync(
      join(signaturesDir, `${digestKey.split('/').pop()}.json`),
      JSON.stringify(
        {
          AcceptRanges: 'bytes',
          ContentLength: 1234,
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
          Metadata: { signature: sig, 'signature-algorithm': 'SHA256withRSA' },
        },
        null,
        4,
      ),
    );
    prev = { key: digestKey, sha: sha(text), sig };
  }
  return { root, logs, digests, keysFile, signaturesDir, privateKey, fingerprint };
}
