/**
 * Where an organisation trail puts its files, and the digest files that vouch for them:
 * `AWSLogs/o-ORG/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_RAND.json.gz`
 * and `…/CloudTrail-Digest/REGION/…/ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOME_YYYYMMDDTHHmmssZ.json.gz`.
 * A digest lists each log file with the SHA-256 of its uncompressed content and chains to the
 * previous digest by the SHA-256 of that digest's uncompressed bytes (as CloudTrail does); the
 * signature lives in S3 metadata, which a downloaded tree does not have.
 */
import { createHash } from 'node:crypto';
import type { Prng } from '../prng.js';

function parts(ms: number): {
  y: string;
  m: string;
  d: string;
  hh: string;
  mm: string;
  ss: string;
} {
  const iso = new Date(ms).toISOString();
  return {
    y: iso.slice(0, 4),
    m: iso.slice(5, 7),
    d: iso.slice(8, 10),
    hh: iso.slice(11, 13),
    mm: iso.slice(14, 16),
    ss: iso.slice(17, 19),
  };
}

export function logPath(
  orgId: string,
  account: string,
  region: string,
  stampMs: number,
  rng: Prng,
): string {
  const p = parts(stampMs);
  return [
    'AWSLogs',
    orgId,
    account,
    'CloudTrail',
    region,
    p.y,
    p.m,
    p.d,
    `${account}_CloudTrail_${region}_${p.y}${p.m}${p.d}T${p.hh}${p.mm}Z_${rng.alnum(16)}.json.gz`,
  ].join('/');
}

export function digestPath(
  orgId: string,
  account: string,
  region: string,
  trail: string,
  home: string,
  stampMs: number,
): string {
  const p = parts(stampMs);
  return [
    'AWSLogs',
    orgId,
    account,
    'CloudTrail-Digest',
    region,
    p.y,
    p.m,
    p.d,
    `${account}_CloudTrail-Digest_${region}_${trail}_${home}_${p.y}${p.m}${p.d}T${p.hh}${p.mm}${p.ss}Z.json.gz`,
  ].join('/');
}

export interface LoggedFile {
  path: string;
  contentSha256: string;
  oldestMs: number;
  newestMs: number;
}

export interface DigestChain {
  path: string;
  sha256: string;
  signature: string;
  endMs: number;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The uncompressed bytes of one digest, as CloudTrail writes them. */
export function digestBody(o: {
  bucket: string;
  account: string;
  path: string;
  startMs: number;
  endMs: number;
  fingerprint: string;
  previous: DigestChain | null;
  files: readonly LoggedFile[];
}): string {
  const times = o.files.flatMap((f) => [f.oldestMs, f.newestMs]);
  return JSON.stringify({
    awsAccountId: o.account,
    digestStartTime: iso(o.startMs),
    digestEndTime: iso(o.endMs),
    digestS3Bucket: o.bucket,
    digestS3Object: o.path,
    digestPublicKeyFingerprint: o.fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: times.length ? iso(Math.max(...times)) : null,
    oldestEventTime: times.length ? iso(Math.min(...times)) : null,
    previousDigestS3Bucket: o.previous ? o.bucket : null,
    previousDigestS3Object: o.previous?.path ?? null,
    previousDigestHashValue: o.previous?.sha256 ?? null,
    previousDigestHashAlgorithm: o.previous ? 'SHA-256' : null,
    previousDigestSignature: o.previous?.signature ?? null,
    logFiles: o.files.map((f) => ({
      s3Bucket: o.bucket,
      s3Object: f.path,
      hashValue: f.contentSha256,
      hashAlgorithm: 'SHA-256',
      newestEventTime: iso(f.newestMs),
      oldestEventTime: iso(f.oldestMs),
    })),
  });
}
