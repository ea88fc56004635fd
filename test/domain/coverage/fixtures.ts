import type { EvidenceFile, LoggingChangeEvent } from '../../../src/domain/coverage/types.js';

export const ACCOUNT = '111122223333';
export const H = (h: number, m = 0) => Date.UTC(2024, 3, 11, h, m);
const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export const digestKey = (region: string, endMs: number) =>
  `AWSLogs/${ACCOUNT}/CloudTrail-Digest/${region}/2024/04/11/${ACCOUNT}_CloudTrail-Digest_${region}_main_${region}_${stamp(endMs)}.json.gz`;

/** A digest file as the case file keeps it (status `digest`, its JSON). Hour `h` covers [h, h+1). */
export function digestFile(
  region: string,
  h: number,
  prevHour: number | null,
  logKeys: string[] = [],
): EvidenceFile {
  const key = digestKey(region, H(h + 1));
  return {
    path: `/evidence/${key}`,
    status: 'digest',
    digest: JSON.stringify({
      awsAccountId: ACCOUNT,
      digestStartTime: iso(H(h)),
      digestEndTime: iso(H(h + 1)),
      digestS3Bucket: 'trail-bucket',
      digestS3Object: key,
      digestPublicKeyFingerprint: 'ab',
      digestSignatureAlgorithm: 'SHA256withRSA',
      previousDigestS3Bucket: prevHour === null ? null : 'trail-bucket',
      previousDigestS3Object: prevHour === null ? null : digestKey(region, H(prevHour + 1)),
      previousDigestHashValue: prevHour === null ? null : '00',
      previousDigestHashAlgorithm: 'SHA-256',
      previousDigestSignature: prevHour === null ? null : 'aa',
      logFiles: logKeys.map((k) => ({
        s3Bucket: 'trail-bucket',
        s3Object: k,
        hashValue: 'ff',
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(H(h, 5)),
        oldestEventTime: iso(H(h, 1)),
      })),
    }),
  };
}

export const logKey = (region: string, h: number, m: number) =>
  `AWSLogs/${ACCOUNT}/CloudTrail/${region}/2024/04/11/${ACCOUNT}_CloudTrail_${region}_${stamp(H(h, m)).slice(0, 13)}Z_abc${h}${m}.json.gz`;
export const logFile = (region: string, h: number, m: number): EvidenceFile => ({
  path: `/evidence/${logKey(region, h, m)}`,
  status: 'indexed',
  digest: null,
});

let n = 0;
export function change(
  eventName: string,
  time: number,
  params: Record<string, string>,
  extra: Partial<LoggingChangeEvent> = {},
): LoggingChangeEvent {
  return {
    eventId: `chg-${String(++n).padStart(4, '0')}`,
    time,
    eventName,
    eventSource: eventName.includes('Bucket') ? 's3.amazonaws.com' : 'cloudtrail.amazonaws.com',
    errorCode: null,
    errorMessage: null,
    region: 'us-east-1',
    account: ACCOUNT,
    reqText:
      Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') || null,
    ...extra,
  };
}
