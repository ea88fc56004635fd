/**
 * CloudTrail digest files, as the user guide's "CloudTrail digest file structure" and "Custom
 * implementations of CloudTrail log file integrity validation" pages define them. Pure: bytes and
 * parsed JSON in, facts out; nothing here trusts a field it has not checked.
 */

export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  /** Hex SHA-256 of the log file's uncompressed content. */
  hashValue: string;
  hashAlgorithm: string;
  newestEventTime: string | null;
  oldestEventTime: string | null;
}

export interface Digest {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string | null;
  digestSignatureAlgorithm: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogFile[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const HEX = /^[0-9a-f]*$/i;

/** A digest file's JSON, checked field by field; a string says why it is not a usable digest. */
export function parseDigest(text: string): Digest | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  const need = [
    'awsAccountId',
    'digestStartTime',
    'digestEndTime',
    'digestS3Bucket',
    'digestS3Object',
  ] as const;
  for (const k of need) if (!str(o[k])) return `missing ${k}`;
  if (!Array.isArray(o.logFiles)) return 'missing logFiles';
  const logFiles: DigestLogFile[] = [];
  for (const lf of o.logFiles) {
    if (typeof lf !== 'object' || lf === null) return 'a logFiles entry is not an object';
    const l = lf as Record<string, unknown>;
    const hash = str(l.hashValue);
    if (!str(l.s3Object) || !hash || !HEX.test(hash))
      return 'a logFiles entry lacks s3Object or a hex hashValue';
    logFiles.push({
      s3Bucket: str(l.s3Bucket) ?? '',
      s3Object: str(l.s3Object)!,
      hashValue: hash.toLowerCase(),
      hashAlgorithm: str(l.hashAlgorithm) ?? 'SHA-256',
      newestEventTime: str(l.newestEventTime),
      oldestEventTime: str(l.oldestEventTime),
    });
  }
  const prevSig = str(o.previousDigestSignature);
  return {
    awsAccountId: str(o.awsAccountId)!,
    digestStartTime: str(o.digestStartTime)!,
    digestEndTime: str(o.digestEndTime)!,
    digestS3Bucket: str(o.digestS3Bucket)!,
    digestS3Object: str(o.digestS3Object)!,
    digestPublicKeyFingerprint: str(o.digestPublicKeyFingerprint),
    digestSignatureAlgorithm: str(o.digestSignatureAlgorithm),
    previousDigestS3Bucket: str(o.previousDigestS3Bucket),
    previousDigestS3Object: str(o.previousDigestS3Object),
    previousDigestHashValue: str(o.previousDigestHashValue)?.toLowerCase() ?? null,
    previousDigestHashAlgorithm: str(o.previousDigestHashAlgorithm),
    previousDigestSignature: prevSig && prevSig !== 'null' ? prevSig.toLowerCase() : null,
    logFiles,
  };
}

/**
 * The string a digest's signature is made over: the digest's end time, its S3 location, the hex
 * SHA-256 of its uncompressed content and the previous digest's hex signature ("null" for the
 * first of a chain), joined by newlines.
 */
export function signingString(d: Digest, contentSha256Hex: string): string {
  return [
    d.digestEndTime,
    `${d.digestS3Bucket}/${d.digestS3Object}`,
    contentSha256Hex,
    d.previousDigestSignature ?? 'null',
  ].join('\n');
}

/**
 * Where a digest belongs: one chain per trail, account and region. The object name is
 * `ACCOUNT_CloudTrail-Digest_REGION_TRAIL_REGION_YYYYMMDDTHHmmssZ[_backfill].json.gz`.
 */
export function chainKey(d: Digest): string {
  const name = d.digestS3Object.split('/').pop() ?? d.digestS3Object;
  const m =
    /^(\d+)_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_\d{8}T\d{6}Z(?:_backfill)?\.json(?:\.gz)?$/.exec(
      name,
    );
  return m ? `${m[1]}/${m[2]}/${m[3]}` : `${d.awsAccountId}/?/${name}`;
}

export const isBackfill = (d: Digest): boolean => /_backfill\.json(\.gz)?$/.test(d.digestS3Object);

/** The S3 key of an evidence path: from `AWSLogs/` on (what digests name), or null. */
export function s3KeyOf(path: string): string | null {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/AWSLogs/');
  if (i >= 0) return p.slice(i + 1);
  return p.startsWith('AWSLogs/') ? p : null;
}
