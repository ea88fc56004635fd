import { at, call, OUTSIDE, OWNER, roleSession, type Rec, type RuleCases } from './shape.js';

const S3 = 's3.amazonaws.com';
const ATTACKER = roleSession('data-admin', 'session-x', 'ASIAATTACKER00000001');
const APP = roleSession('uploader', 'worker-1', 'ASIAUPLOADER00000001');

function s3(name: string, params: Rec, m: number, identity: Rec = ATTACKER, extra: Rec = {}): Rec {
  return call(S3, name, params, {
    userIdentity: identity,
    eventTime: at(m),
    eventCategory: 'Data',
    managementEvent: false,
    ...extra,
  });
}

const bucket = (b: string): Rec => ({ bucketName: b, Host: `${b}.s3.us-east-1.amazonaws.com` });

function lifecycle(rule: Rec): Rec {
  return call(S3, 'PutBucketLifecycle', {
    ...bucket('org-trail-logs'),
    lifecycle: '',
    LifecycleConfiguration: {
      xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
      Rule: { ID: 'nuke-cloudtrail-logs-after-1-day', Status: 'Enabled', ...rule },
    },
  });
}

function copyInPlace(key: string, m: number, encryption: Rec, identity: Rec = ATTACKER): Rec {
  return s3(
    'CopyObject',
    {
      ...bucket('customer-data'),
      'x-amz-copy-source': `customer-data/${key}`,
      key,
      'x-id': 'CopyObject',
      ...encryption,
    },
    m,
    identity,
  );
}

const SSE_C = { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' };

export const IMPACT_CASES: Record<string, RuleCases> = {
  's3-objects-mass-deleted': {
    context: [s3('ListObjectVersions', { ...bucket('customer-data'), versions: '' }, 0)],
    positive: [
      s3('DeleteObjects', { ...bucket('customer-data'), delete: '', 'x-id': 'DeleteObjects' }, 1),
      s3('DeleteObject', { ...bucket('customer-data'), key: 'a.csv', versionId: 'v1' }, 2),
      // in bulk, without listing versions
      ...Array.from({ length: 20 }, (_, i) =>
        s3(
          'DeleteObject',
          { ...bucket('scratch'), key: `tmp/${i}` },
          30,
          roleSession('ops', 'bob'),
        ),
      ),
    ],
    // an application removing a few objects it wrote; a deletion in another bucket than the listed one
    negative: [
      ...Array.from({ length: 5 }, (_, i) =>
        s3('DeleteObject', { ...bucket('uploads'), key: `tmp/${i}` }, i, APP),
      ),
      s3('DeleteObject', { ...bucket('other-bucket'), key: 'x' }, 2),
      s3('DeleteObjects', { ...bucket('uploads'), delete: '' }, 3, APP),
    ],
  },
  's3-objects-reencrypted': {
    positive: [
      copyInPlace('report.pdf', 0, SSE_C),
      ...Array.from({ length: 10 }, (_, i) =>
        s3(
          'PutObject',
          {
            ...bucket('customer-data'),
            key: `upload-${i}.bin`,
            'x-amz-server-side-encryption': 'aws:kms',
            'x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:us-east-1:${OUTSIDE}:key/0a1b2c3d`,
          },
          10,
        ),
      ),
    ],
    negative: [
      copyInPlace('report.pdf', 0, { 'x-amz-server-side-encryption': 'AES256' }),
      copyInPlace('invoice.pdf', 0, {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:us-east-1:${OWNER}:key/0a1b2c3d`,
      }),
      // one SSE-C upload by an application that uses customer keys
      s3('PutObject', { ...bucket('vault'), key: 'doc-1', ...SSE_C }, 5, APP),
    ],
  },
  's3-lifecycle-expires-all': {
    positive: [
      lifecycle({ Filter: { Prefix: '' }, Expiration: { Days: 1 } }),
      lifecycle({ Prefix: '', NoncurrentVersionExpiration: { NoncurrentDays: '1' } }),
    ],
    negative: [
      lifecycle({ Filter: { Prefix: '' }, Expiration: { Days: 365 } }),
      lifecycle({ Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }),
      lifecycle({ Filter: { Prefix: '' }, Transition: { Days: 1, StorageClass: 'GLACIER' } }),
      lifecycle({ Filter: { Prefix: '' }, Expiration: { Days: 1 }, Status: 'Disabled' }),
    ],
  },
  's3-versioning-suspended': {
    positive: [
      call(S3, 'PutBucketVersioning', {
        ...bucket('customer-data'),
        versioning: '',
        VersioningConfiguration: {
          Status: 'Suspended',
          xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        },
      }),
    ],
    negative: [
      call(S3, 'PutBucketVersioning', {
        ...bucket('customer-data'),
        versioning: '',
        VersioningConfiguration: {
          Status: 'Enabled',
          xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        },
      }),
    ],
  },
  'bedrock-invoked-with-user-key': {
    positive: [
      call('bedrock.amazonaws.com', 'InvokeModel', {
        modelId: 'anthropic.claude-3-sonnet-20240229-v1:0',
      }),
      call('bedrock.amazonaws.com', 'Converse', { modelId: 'amazon.nova-lite-v1:0' }),
    ],
    negative: [
      call(
        'bedrock.amazonaws.com',
        'InvokeModel',
        { modelId: 'anthropic.claude-3-sonnet-20240229-v1:0' },
        { userIdentity: roleSession('chat-backend', 'task-7') },
      ),
    ],
  },
};
