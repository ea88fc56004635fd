/**
 * Request parameters, response elements and resources for the catalogue's calls, drawn from small
 * per-account resource pools so that resource filters and facets have a realistic, skewed shape.
 */
import type { Prng } from '../prng.js';
import type { CatalogEntry } from './catalog.js';

export interface CallDetail {
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  resources?: { accountId?: string; type: string; ARN: string }[];
}

const BUCKET_STEMS = [
  'assets',
  'logs',
  'backups',
  'artifacts',
  'data-lake',
  'static-site',
  'terraform-state',
  'exports',
  'uploads',
  'reports',
];
const FUNCTIONS = [
  'order-processor',
  'image-resizer',
  'auth-authorizer',
  'nightly-report',
  'slack-notifier',
  'etl-transform',
  'cost-reporter',
];
const TABLES = ['orders', 'sessions', 'customers', 'inventory', 'audit-log', 'feature-flags'];
const QUEUES = ['orders-queue', 'emails', 'dead-letter', 'ingest-events'];
const TOPICS = ['alerts', 'deployments', 'billing-notifications'];
const LOG_GROUPS = [
  '/aws/lambda/order-processor',
  '/aws/lambda/image-resizer',
  '/ecs/web',
  '/aws/eks/prod/cluster',
  'vpc-flow-logs',
];
const SECRETS = ['prod/db/password', 'prod/api/stripe', 'ci/github-token', 'staging/db/password'];
const PARAMS = ['/app/config/feature-x', '/app/db/host', '/ci/deploy/region', '/shared/vpc-id'];
const POLICIES = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'PowerUserAccess',
  'SecurityAudit',
  'AmazonS3FullAccess',
];
const STACKS = ['network-baseline', 'web-service', 'data-pipeline', 'guardrails'];
const OBJECT_STEMS = [
  'reports/2024/',
  'uploads/',
  'exports/daily/',
  'tmp/',
  'images/',
  'backups/db/',
];

/** Deterministic per-account resource id (e.g. instance IDs) from a small pool. */
function pooled(rng: Prng, account: string, prefix: string, pool: number, len: number): string {
  const n = rng.zipfIndex(pool);
  let h = 2166136261;
  const s = `${account}/${prefix}/${n}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  let out = '';
  let x = h >>> 0;
  for (let i = 0; i < len; i++) {
    out += '0123456789abcdef'[x & 15];
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  }
  return prefix + out;
}

function bucket(rng: Prng, account: string, accountName: string): string {
  return `${accountName}-${BUCKET_STEMS[rng.zipfIndex(BUCKET_STEMS.length)]}-${account}`;
}

export function callDetail(
  rng: Prng,
  e: CatalogEntry,
  account: string,
  accountName: string,
  region: string,
): CallDetail {
  switch (e.resource) {
    case 'bucket': {
      const b = bucket(rng, account, accountName);
      const p: Record<string, unknown> = { bucketName: b, Host: `${b}.s3.${region}.amazonaws.com` };
      if (e.name === 'PutBucketPolicy') {
        const pub = rng.chance(0.2);
        p.bucketPolicy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: pub ? '*' : { AWS: `arn:aws:iam::${account}:root` },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${b}/*`,
            },
          ],
        };
      }
      if (e.name === 'ListObjects') {
        p.prefix = rng.pick(OBJECT_STEMS);
        p['list-type'] = '2';
      }
      return {
        requestParameters: p,
        responseElements: null,
        resources: [{ accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${b}` }],
      };
    }
    case 'object': {
      const b = bucket(rng, account, accountName);
      const key = `${rng.pick(OBJECT_STEMS)}${rng.hex(8)}.${rng.pick(['json', 'csv', 'parquet', 'png', 'gz'])}`;
      return {
        requestParameters: { bucketName: b, Host: `${b}.s3.${region}.amazonaws.com`, key },
        responseElements: null,
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${b}/${key}` },
          { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${b}` },
        ],
      };
    }
    case 'instance': {
      const id = pooled(rng, account, 'i-', 60, 17);
      if (e.name === 'RunInstances') {
        return {
          requestParameters: {
            instancesSet: {
              items: [{ imageId: pooled(rng, account, 'ami-', 8, 17), minCount: 1, maxCount: 1 }],
            },
            instanceType: rng.pick(['t3.micro', 'm5.large', 'c6i.xlarge', 'p4d.24xlarge']),
          },
          responseElements: {
            instancesSet: {
              items: [{ instanceId: id, currentState: { code: 0, name: 'pending' } }],
            },
          },
        };
      }
      return { requestParameters: { instanceId: id }, responseElements: null };
    }
    case 'instances': {
      const items = Array.from({ length: 1 + rng.int(3) }, () => ({
        instanceId: pooled(rng, account, 'i-', 60, 17),
      }));
      return {
        requestParameters: { instancesSet: { items } },
        responseElements: { instancesSet: { items } },
      };
    }
    case 'sg':
      return {
        requestParameters: { groupId: pooled(rng, account, 'sg-', 25, 17) },
        responseElements: { _return: true },
      };
    case 'sgIngress': {
      const open = rng.chance(0.15);
      return {
        requestParameters: {
          groupId: pooled(rng, account, 'sg-', 25, 17),
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: rng.pick([22, 443, 3389, 5432]),
                toPort: 443,
                ipRanges: { items: [{ cidrIp: open ? '0.0.0.0/0' : '10.0.0.0/8' }] },
              },
            ],
          },
        },
        responseElements: { _return: true },
      };
    }
    case 'nacl':
      return {
        requestParameters: {
          networkAclId: pooled(rng, account, 'acl-', 6, 17),
          ruleNumber: 100,
          egress: false,
          ruleAction: 'allow',
          cidrBlock: '0.0.0.0/0',
        },
        responseElements: { _return: true },
      };
    case 'route':
      return {
        requestParameters: {
          routeTableId: pooled(rng, account, 'rtb-', 8, 17),
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: pooled(rng, account, 'igw-', 2, 17),
        },
        responseElements: { _return: true },
      };
    case 'role': {
      const roleName = rng.pick([
        'deploy',
        'Admin',
        'ReadOnly',
        'app-server-role',
        'etl-glue-role',
        `temp-role-${rng.hex(4)}`,
      ]);
      const p: Record<string, unknown> = { roleName };
      if (e.name === 'AttachRolePolicy')
        p.policyArn = `arn:aws:iam::aws:policy/${rng.pick(POLICIES)}`;
      return {
        requestParameters: p,
        responseElements: null,
        resources: [
          {
            accountId: account,
            type: 'AWS::IAM::Role',
            ARN: `arn:aws:iam::${account}:role/${roleName}`,
          },
        ],
      };
    }
    case 'user': {
      const userName = rng.pick([
        'olivia',
        'liam',
        'ci-deploy',
        'terraform',
        `svc-${rng.hex(4)}`,
        'backup-svc',
      ]);
      const p: Record<string, unknown> = { userName };
      if (e.name === 'AttachUserPolicy')
        p.policyArn = `arn:aws:iam::aws:policy/${rng.pick(POLICIES)}`;
      const resp =
        e.name === 'CreateAccessKey'
          ? {
              accessKey: {
                userName,
                accessKeyId: rng.awsId('AKIA'),
                status: 'Active',
                createDate: 'Apr 1, 2024, 9:00:00 AM',
              },
            }
          : null;
      return { requestParameters: p, responseElements: resp };
    }
    case 'policy':
      return {
        requestParameters: { policyArn: `arn:aws:iam::aws:policy/${rng.pick(POLICIES)}` },
        responseElements: null,
      };
    case 'function': {
      const fn = FUNCTIONS[rng.zipfIndex(FUNCTIONS.length)] as string;
      const arn = `arn:aws:lambda:${region}:${account}:function:${fn}`;
      return {
        requestParameters: { functionName: fn },
        responseElements: null,
        resources: [{ accountId: account, type: 'AWS::Lambda::Function', ARN: arn }],
      };
    }
    case 'kmsKey': {
      const keyId = `arn:aws:kms:${region}:${account}:key/${pooled(rng, account, '', 6, 8)}-${pooled(rng, account, '', 1, 4)}-4${pooled(rng, account, '', 1, 3)}-a${pooled(rng, account, '', 1, 3)}-${pooled(rng, account, '', 1, 12)}`;
      const p: Record<string, unknown> = { keyId };
      if (e.name === 'Decrypt' || e.name === 'GenerateDataKey')
        p.encryptionAlgorithm = 'SYMMETRIC_DEFAULT';
      return {
        requestParameters: p,
        responseElements: null,
        resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: keyId }],
      };
    }
    case 'table': {
      const t = TABLES[rng.zipfIndex(TABLES.length)] as string;
      return {
        requestParameters: { tableName: t },
        responseElements: null,
        resources: [
          {
            accountId: account,
            type: 'AWS::DynamoDB::Table',
            ARN: `arn:aws:dynamodb:${region}:${account}:table/${t}`,
          },
        ],
      };
    }
    case 'queue':
      return {
        requestParameters: {
          queueUrl: `https://sqs.${region}.amazonaws.com/${account}/${rng.pick(QUEUES)}`,
        },
        responseElements: null,
      };
    case 'topic':
      return {
        requestParameters: { topicArn: `arn:aws:sns:${region}:${account}:${rng.pick(TOPICS)}` },
        responseElements: e.name === 'Publish' ? { messageId: rng.uuid() } : null,
      };
    case 'logGroup':
      return {
        requestParameters: {
          logGroupName: rng.pick(LOG_GROUPS),
          logStreamName:
            e.name === 'CreateLogStream'
              ? `2024/04/0${rng.range(1, 9)}/[$LATEST]${rng.hex(32)}`
              : undefined,
        },
        responseElements: null,
      };
    case 'secret':
      return { requestParameters: { secretId: rng.pick(SECRETS) }, responseElements: null };
    case 'param':
      return {
        requestParameters: { name: rng.pick(PARAMS), withDecryption: rng.chance(0.5) },
        responseElements: null,
      };
    case 'trail':
      return {
        requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${account}:trail/org-trail` },
        responseElements: null,
      };
    case 'detector':
      return {
        requestParameters: { detectorId: pooled(rng, account, '', 1, 32) },
        responseElements: null,
      };
    case 'cluster':
      return {
        requestParameters: { name: rng.pick(['prod', 'staging', 'batch']) },
        responseElements: null,
      };
    case 'stack':
      return { requestParameters: { stackName: rng.pick(STACKS) }, responseElements: null };
    case 'none':
      if (e.name === 'GetCallerIdentity')
        return { requestParameters: null, responseElements: null };
      if (e.name.startsWith('Describe') || e.name.startsWith('List')) {
        return rng.chance(0.5)
          ? { requestParameters: { maxResults: rng.pick([50, 100, 1000]) }, responseElements: null }
          : { requestParameters: null, responseElements: null };
      }
      return { requestParameters: null, responseElements: null };
  }
}
