import type { EventFacts, NotableRule } from '../types.js';
import { exposesBucket, requestOf } from '../predicates.js';
import { accountOfPrincipal, outsidePrincipals, sharesOutside } from '../grants.js';
import { paramValues } from '../calls.js';
import { expiresEverything } from '../s3-lifecycle.js';
import { LIFECYCLE_EXPIRY_DAYS } from './impact.js';
import { ownerOf, requestValue } from './persistence.js';
import { CLOUD_STORAGE, STORAGE_DISCOVERY, TRANSFER_TO_CLOUD_ACCOUNT } from './mitre.js';

const BUCKET_EXPOSURE = [
  'PutBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'PutPublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'DeletePublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
];
const BUCKET_POLICY_CHANGES = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketCors',
  'DeleteBucketCors',
  'PutBucketLifecycle',
  'DeleteBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketReplication',
];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * An ACL grant to a canonical user other than the bucket's owner (the request names both), or to
 * an e-mail address (another account's root). Header grants by canonical ID name no owner to
 * compare with and are left to the policy-change rule.
 */
function aclGrantsOtherAccount(f: EventFacts): boolean {
  const policy = obj(obj(requestOf(f))?.AccessControlPolicy);
  const owner = obj(policy?.Owner)?.ID;
  const grants = list(obj(policy?.AccessControlList)?.Grant).map((g) => obj(obj(g)?.Grantee));
  if (grants.some((g) => typeof g?.ID === 'string' && g.ID !== owner)) return true;
  if (grants.some((g) => typeof g?.EmailAddress === 'string')) return true;
  return [
    'x-amz-grant-read',
    'x-amz-grant-write',
    'x-amz-grant-read-acp',
    'x-amz-grant-write-acp',
    'x-amz-grant-full-control',
  ]
    .flatMap((h) => paramValues(f.reqText, h))
    .some((v) => /emailAddress=/i.test(v));
}

/** A bucket policy or ACL that lets another account (a named one, not everyone) in. */
export function grantsOtherAccount(f: EventFacts): boolean {
  if (f.eventName === 'PutBucketPolicy') {
    const owner = ownerOf(f);
    return outsidePrincipals(requestValue(f, 'bucketPolicy'), owner).some((p) => p !== '*');
  }
  if (f.eventName === 'PutBucketAcl') return aclGrantsOtherAccount(f);
  return false;
}

/** A key policy or grant that lets a principal of another account (or everyone) use the key. */
function keyUsableOutside(f: EventFacts): boolean {
  const owner = ownerOf(f);
  if (f.eventName === 'CreateGrant') {
    return paramValues(f.reqText, 'granteePrincipal').some((p) => {
      const account = accountOfPrincipal(p);
      return account !== null && account !== owner;
    });
  }
  return outsidePrincipals(requestValue(f, 'policy'), owner).length > 0;
}

/** Exfiltration: data or the means to read it handed to someone outside the account. */
export const EXFILTRATION_RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 's3-bucket-exposed',
    title: 'Public bucket policy, ACL or access block change requested',
    severity: 'high',
    why: "A policy or ACL for everyone, or a public access block switched off, exposes the bucket's data.",
    mitre: CLOUD_STORAGE,
    names: BUCKET_EXPOSURE,
    when: exposesBucket,
  },
  {
    kind: 'event',
    id: 's3-bucket-grants-account',
    title: 'Bucket policy or ACL for another account requested',
    severity: 'high',
    why: "A bucket policy naming another account's principals, or an ACL grant to another canonical user or e-mail address, lets that account read (or write) the bucket from outside: the quiet way to exfiltrate.",
    mitre: TRANSFER_TO_CLOUD_ACCOUNT,
    names: ['PutBucketPolicy', 'PutBucketAcl'],
    sources: ['s3.amazonaws.com'],
    when: (f) => !exposesBucket(f) && grantsOtherAccount(f),
  },
  {
    kind: 'event',
    id: 's3-bucket-policy-changed',
    title: 'Bucket policy or ACL change called',
    severity: 'low',
    why: 'Bucket policies, ACLs, CORS, lifecycle and replication decide who reads the data and where copies go.',
    mitre: CLOUD_STORAGE,
    names: BUCKET_POLICY_CHANGES,
    // grants to everyone or another account, and expiring everything, are their own, higher, rules
    when: (f) =>
      !exposesBucket(f) &&
      !grantsOtherAccount(f) &&
      !(
        f.eventName === 'PutBucketLifecycle' &&
        expiresEverything(requestOf(f), LIFECYCLE_EXPIRY_DAYS)
      ),
  },
  {
    kind: 'event',
    id: 's3-list-buckets',
    title: 'ListBuckets called',
    severity: 'info',
    attemptsMatter: true,
    why: 'ListBuckets is the first step of looking for data to take.',
    mitre: STORAGE_DISCOVERY,
    names: ['ListBuckets'],
    sources: ['s3.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'ami-shared-outside',
    title: 'AMI launch permission for another account or everyone requested',
    severity: 'high',
    why: "An image shared with another account (or made public) can be launched there with every disk it holds: the instance's data leaves the account.",
    mitre: TRANSFER_TO_CLOUD_ACCOUNT,
    names: ['ModifyImageAttribute'],
    sources: ['ec2.amazonaws.com'],
    when: (f) => sharesOutside(requestOf(f), ownerOf(f)),
  },
  {
    kind: 'event',
    id: 'ebs-snapshot-shared-outside',
    title: 'EBS snapshot volume permission for another account or everyone requested',
    severity: 'high',
    why: 'A snapshot shared with another account (or made public) becomes a volume there: the disk is copied out without touching the instance.',
    mitre: TRANSFER_TO_CLOUD_ACCOUNT,
    names: ['ModifySnapshotAttribute'],
    sources: ['ec2.amazonaws.com'],
    when: (f) => sharesOutside(requestOf(f), ownerOf(f)),
  },
  {
    kind: 'event',
    id: 'rds-snapshot-shared-outside',
    title: 'RDS snapshot restore permission for another account or everyone requested',
    severity: 'high',
    why: 'A database snapshot shared with another account (or public) can be restored there: the whole database leaves with one call.',
    mitre: TRANSFER_TO_CLOUD_ACCOUNT,
    names: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'],
    sources: ['rds.amazonaws.com'],
    when: (f) => sharesOutside(requestOf(f), ownerOf(f)),
  },
  {
    kind: 'event',
    id: 'kms-key-usable-outside',
    title: 'KMS key policy or grant for another account requested',
    severity: 'high',
    why: 'A key policy statement or grant for another account (or everyone) lets it decrypt what the key protects, or encrypt with it: shared snapshots become readable outside, and a key held outside is a ransom lever.',
    mitre: TRANSFER_TO_CLOUD_ACCOUNT,
    names: ['PutKeyPolicy', 'CreateKey', 'CreateGrant'],
    sources: ['kms.amazonaws.com'],
    when: keyUsableOutside,
  },
];
