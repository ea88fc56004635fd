import type { EventFacts, NotableRule } from '../types.js';
import { paramIs, requestOf } from '../predicates.js';
import { accountOfKey, expiresEverything } from '../s3-lifecycle.js';
import { byPrincipal, MINUTE, nearby, paramValues } from '../calls.js';
import { ownerOf } from './persistence.js';
import {
  DATA_DESTRUCTION,
  ENCRYPTED_FOR_IMPACT,
  INHIBIT_RECOVERY,
  SERVICE_HIJACKING,
} from './mitre.js';

/** Deletions by one caller within ten minutes before they are a purge rather than housekeeping. */
export const MASS_DELETE = { windowMs: 10 * MINUTE, calls: 20 };
/** Re-encryptions under a foreign key by one caller within ten minutes before they are a campaign. */
export const MASS_REENCRYPT = { windowMs: 10 * MINUTE, calls: 10 };

const DELETES = ['DeleteObject', 'DeleteObjects'];
/** A whole-bucket expiry this soon is erasure, not retention. */
export const LIFECYCLE_EXPIRY_DAYS = 7;

/**
 * Objects deleted after the caller listed every version of the bucket (deleting versions by ID
 * defeats versioning), or deleted in bulk.
 */
function massDelete(f: EventFacts): boolean {
  if (!byPrincipal(f)) return false;
  const around = nearby(f, ['ListObjectVersions', ...DELETES], MASS_DELETE.windowMs);
  const [bucket] = paramValues(f.reqText, 'bucketName');
  const listedVersions = around.some(
    (c) =>
      c.eventName === 'ListObjectVersions' &&
      c.timeMs <= (f.timeMs ?? 0) &&
      (bucket === undefined || paramValues(c.reqText, 'bucketName').includes(bucket)),
  );
  if (listedVersions) return true;
  return around.filter((c) => DELETES.includes(c.eventName)).length >= MASS_DELETE.calls;
}

const SSE_C = 'x-amz-server-side-encryption-customer-algorithm';
const SSE_KMS_KEY = 'x-amz-server-side-encryption-aws-kms-key-id';

/** Written under a key the owner does not hold: SSE-C (the caller's own key) or another account's KMS key. */
function foreignEncryption(reqText: string | null, owner: string | null): boolean {
  if (paramValues(reqText, SSE_C).length > 0) return true;
  return paramValues(reqText, SSE_KMS_KEY).some((k) => {
    const account = accountOfKey(k);
    return account !== null && account !== owner;
  });
}

/** CopyObject onto itself under a foreign key, or many such writes by one caller. */
function reencrypts(f: EventFacts): boolean {
  const owner = ownerOf(f);
  if (!byPrincipal(f) || !foreignEncryption(f.reqText, owner)) return false;
  const [source] = paramValues(f.reqText, 'x-amz-copy-source');
  const [bucket] = paramValues(f.reqText, 'bucketName');
  const [key] = paramValues(f.reqText, 'key');
  if (source !== undefined && decodeURIComponent(source).replace(/^\//, '') === `${bucket}/${key}`)
    return true;
  const writes = nearby(f, ['CopyObject', 'PutObject'], MASS_REENCRYPT.windowMs);
  return writes.filter((c) => foreignEncryption(c.reqText, owner)).length >= MASS_REENCRYPT.calls;
}

/** Impact: data destroyed, encrypted out of reach, or the account's resources spent. */
export const IMPACT_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'kms-key-deletion',
    title: 'ScheduleKeyDeletion / DisableKey called',
    severity: 'high',
    why: 'Data encrypted under a deleted key is lost for good (a ransom lever).',
    mitre: DATA_DESTRUCTION,
    names: ['ScheduleKeyDeletion', 'DisableKey'],
    sources: ['kms.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 's3-objects-mass-deleted',
    title: 'Object deletions after listing every version, or in bulk',
    severity: 'high',
    attemptsMatter: true,
    why: `Deleting objects right after ListObjectVersions removes every version (versioning does not protect them), and ${MASS_DELETE.calls}+ deletion calls by one caller in ten minutes empty a bucket: the destructive half of S3 ransomware. DeleteObjects does not say how many objects one call removed.`,
    mitre: DATA_DESTRUCTION,
    names: DELETES,
    sources: ['s3.amazonaws.com'],
    when: massDelete,
  },
  {
    kind: 'event',
    id: 's3-objects-reencrypted',
    title: 'Object rewrites under a customer-provided or foreign KMS key',
    severity: 'high',
    attemptsMatter: true,
    why: `An object copied onto itself with SSE-C (or another account's KMS key), or ${MASS_REENCRYPT.calls}+ such writes by one caller, leaves data only the holder of that key can read: S3 ransomware without downloading anything.`,
    mitre: ENCRYPTED_FOR_IMPACT,
    names: ['CopyObject', 'PutObject'],
    sources: ['s3.amazonaws.com'],
    when: reencrypts,
  },
  {
    kind: 'event',
    id: 's3-lifecycle-expires-all',
    title: 'Lifecycle rule expiring the whole bucket within a week requested',
    severity: 'high',
    why: "An enabled lifecycle rule with no prefix or tag filter that expires objects (or their old versions) within seven days deletes the bucket's data without a single Delete call: used on CloudTrail buckets to erase the logs and on data buckets for ransom.",
    mitre: DATA_DESTRUCTION,
    names: ['PutBucketLifecycle', 'PutBucketLifecycleConfiguration'],
    sources: ['s3.amazonaws.com'],
    when: (f) => expiresEverything(requestOf(f), LIFECYCLE_EXPIRY_DAYS),
  },
  {
    kind: 'event',
    id: 's3-versioning-suspended',
    title: 'Bucket versioning suspension requested',
    severity: 'medium',
    why: 'With versioning suspended, overwritten and deleted objects are gone for good: the step before a ransom deletion.',
    mitre: INHIBIT_RECOVERY,
    names: ['PutBucketVersioning'],
    sources: ['s3.amazonaws.com'],
    when: (f) => paramIs(f, 'Status', /^Suspended$/),
  },
  {
    kind: 'event',
    id: 'bedrock-invoked-with-user-key',
    title: 'Bedrock model invocation with long-term credentials',
    severity: 'medium',
    why: "Applications call Bedrock with role sessions; an IAM user's (or root's) long-term key invoking models is how leaked keys are resold for LLM access, billed to the account.",
    mitre: SERVICE_HIJACKING,
    names: ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'],
    sources: ['bedrock.amazonaws.com'],
    identityTypes: ['IAMUser', 'Root'],
  },
];
