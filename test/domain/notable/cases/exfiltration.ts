import { call, OUTSIDE, OWNER, type Rec, type RuleCases } from './shape.js';

const S3 = 's3.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';
const RDS = 'rds.amazonaws.com';
const KMS = 'kms.amazonaws.com';

function bucketPolicy(principal: unknown): Rec {
  return call(S3, 'PutBucketPolicy', {
    bucketName: 'customer-exports',
    Host: 'customer-exports.s3.us-east-1.amazonaws.com',
    policy: '',
    bucketPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: principal,
          Action: ['s3:GetObject', 's3:GetBucketLocation', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::customer-exports', 'arn:aws:s3:::customer-exports/*'],
        },
      ],
    },
  });
}

const OWNER_CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OTHER_CANONICAL = 'be2fe74dc7e8125d8f8fcae89d90e6dfdecabf896e1a69d55e94b900fd95a97';

function bucketAcl(grantee: Rec): Rec {
  return call(S3, 'PutBucketAcl', {
    bucketName: 'customer-exports',
    Host: 'customer-exports.s3.us-east-1.amazonaws.com',
    acl: '',
    AccessControlPolicy: {
      AccessControlList: {
        Grant: [
          {
            Grantee: { 'xsi:type': 'CanonicalUser', ID: OWNER_CANONICAL },
            Permission: 'FULL_CONTROL',
          },
          { Grantee: grantee, Permission: 'READ' },
        ],
      },
      xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
      Owner: { ID: OWNER_CANONICAL },
    },
  });
}

function shareImage(item: Rec, operation = 'add'): Rec {
  return call(EC2, 'ModifyImageAttribute', {
    imageId: 'ami-0a1b2c3d4e5f60718',
    launchPermission: { [operation]: { items: [item] } },
    attributeType: 'launchPermission',
  });
}

function shareSnapshot(item: Rec): Rec {
  return call(EC2, 'ModifySnapshotAttribute', {
    snapshotId: 'snap-0a1b2c3d4e5f60718',
    createVolumePermission: { add: { items: [item] } },
    attributeType: 'CREATE_VOLUME_PERMISSION',
  });
}

function shareDbSnapshot(valuesToAdd: string[], name = 'ModifyDBSnapshotAttribute'): Rec {
  return call(RDS, name, {
    dBSnapshotIdentifier: 'prod-db-2024-04-11',
    attributeName: 'restore',
    valuesToAdd,
  });
}

function keyPolicy(principal: unknown): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'Allow use of the key',
        Effect: 'Allow',
        Principal: principal,
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
    ],
  });
}

export const EXFILTRATION_CASES: Record<string, RuleCases> = {
  's3-bucket-grants-account': {
    positive: [
      bucketPolicy({ AWS: `arn:aws:iam::${OUTSIDE}:root` }),
      bucketAcl({ 'xsi:type': 'CanonicalUser', ID: OTHER_CANONICAL }),
      bucketAcl({ 'xsi:type': 'AmazonCustomerByEmail', EmailAddress: 'drop@example.net' }),
    ],
    negative: [
      bucketPolicy({ AWS: `arn:aws:iam::${OWNER}:role/reporting` }),
      bucketAcl({ 'xsi:type': 'CanonicalUser', ID: OWNER_CANONICAL }),
    ],
  },
  'ami-shared-outside': {
    positive: [shareImage({ userId: OUTSIDE }), shareImage({ group: 'all' })],
    negative: [
      shareImage({ userId: OWNER }),
      shareImage({ userId: OUTSIDE }, 'remove'),
      shareImage({ organizationArn: 'arn:aws:organizations::111122223333:organization/o-abc123' }),
    ],
  },
  'ebs-snapshot-shared-outside': {
    positive: [shareSnapshot({ userId: OUTSIDE }), shareSnapshot({ group: 'all' })],
    negative: [shareSnapshot({ userId: OWNER })],
  },
  'rds-snapshot-shared-outside': {
    positive: [
      shareDbSnapshot([OUTSIDE]),
      shareDbSnapshot(['all']),
      shareDbSnapshot([OUTSIDE], 'ModifyDBClusterSnapshotAttribute'),
    ],
    negative: [shareDbSnapshot([OWNER])],
  },
  'kms-key-usable-outside': {
    positive: [
      call(KMS, 'PutKeyPolicy', {
        keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        policyName: 'default',
        policy: keyPolicy({ AWS: `arn:aws:iam::${OUTSIDE}:root` }),
        bypassPolicyLockoutSafetyCheck: false,
      }),
      call(KMS, 'CreateGrant', {
        keyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        granteePrincipal: `arn:aws:iam::${OUTSIDE}:role/importer`,
        operations: ['Decrypt', 'DescribeKey'],
      }),
    ],
    negative: [
      call(KMS, 'PutKeyPolicy', {
        keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        policyName: 'default',
        policy: keyPolicy({ AWS: `arn:aws:iam::${OWNER}:role/app` }),
        bypassPolicyLockoutSafetyCheck: false,
      }),
      call(KMS, 'CreateGrant', {
        keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        granteePrincipal: `arn:aws:iam::${OWNER}:role/app`,
        operations: ['Decrypt'],
      }),
    ],
  },
};
