/**
 * The API calls the demo's people, pipelines and services make, as request shapes.
 * Each template returns the parts of a CallSpec that depend on the API, not on who calls it.
 */
import type { Prng } from '../prng.js';
import { BUCKETS, INSTANCES, SECURITY_GROUPS } from './cast.js';
import type { Json } from './identity.js';

export interface ApiCall {
  source: string;
  name: string;
  readOnly: boolean;
  req?: Json | null;
  resp?: Json | null;
  /** Global services log in us-east-1 whatever region the caller targets. */
  global?: boolean;
}

type Template = (rng: Prng, account: string, region: string) => ApiCall;

const iam = 'iam.amazonaws.com';
const ec2 = 'ec2.amazonaws.com';
const s3 = 's3.amazonaws.com';

const LOG_GROUPS = [
  '/aws/lambda/customer-export',
  '/ecs/checkout-api',
  '/ecs/orders-worker',
  '/aws/lambda/thumbnailer',
];
const PARAMS = [
  '/prod/checkout/db-host',
  '/prod/checkout/feature-flags',
  '/prod/orders/queue-url',
  '/shared/datadog/site',
];
const FUNCTIONS = ['customer-export', 'thumbnailer', 'orders-reconciler', 'slack-notifier'];
const TABLES = ['orders', 'sessions', 'feature-flags'];
const ROLE_NAMES = [
  'ci-deploy',
  'prod-app-ec2',
  'customer-export-lambda',
  'db-migrator',
  'platform-admin',
  'SecurityAudit',
];

export const READS: Record<string, Template> = {
  DescribeInstances: (rng) => ({
    source: ec2,
    name: 'DescribeInstances',
    readOnly: true,
    req: rng.chance(0.5)
      ? { instancesSet: {}, filterSet: {} }
      : { instancesSet: { items: [{ instanceId: rng.pick(INSTANCES) }] }, filterSet: {} },
  }),
  DescribeSecurityGroups: () => ({
    source: ec2,
    name: 'DescribeSecurityGroups',
    readOnly: true,
    req: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} },
  }),
  DescribeVpcs: () => ({
    source: ec2,
    name: 'DescribeVpcs',
    readOnly: true,
    req: { vpcSet: {}, filterSet: {} },
  }),
  DescribeSubnets: () => ({
    source: ec2,
    name: 'DescribeSubnets',
    readOnly: true,
    req: { subnetSet: {}, filterSet: {} },
  }),
  DescribeVolumes: () => ({
    source: ec2,
    name: 'DescribeVolumes',
    readOnly: true,
    req: { volumeSet: {}, filterSet: {} },
  }),
  DescribeInstanceStatus: () => ({
    source: ec2,
    name: 'DescribeInstanceStatus',
    readOnly: true,
    req: { instancesSet: {}, filterSet: {}, includeAllInstances: false },
  }),
  ListBuckets: () => ({
    source: s3,
    name: 'ListBuckets',
    readOnly: true,
    req: { Host: 's3.amazonaws.com' },
  }),
  GetBucketPolicy: (rng) => ({
    source: s3,
    name: 'GetBucketPolicy',
    readOnly: true,
    req: { bucketName: rng.pick([BUCKETS.appAssets, BUCKETS.customerExports]), policy: '' },
  }),
  GetBucketLocation: (rng) => ({
    source: s3,
    name: 'GetBucketLocation',
    readOnly: true,
    req: {
      bucketName: rng.pick([BUCKETS.appAssets, BUCKETS.customerExports, BUCKETS.ciArtifacts]),
      location: '',
    },
  }),
  ListRoles: () => ({ source: iam, name: 'ListRoles', readOnly: true, req: null, global: true }),
  GetRole: (rng) => ({
    source: iam,
    name: 'GetRole',
    readOnly: true,
    req: { roleName: rng.pick(ROLE_NAMES) },
    global: true,
  }),
  ListAttachedRolePolicies: (rng) => ({
    source: iam,
    name: 'ListAttachedRolePolicies',
    readOnly: true,
    req: { roleName: rng.pick(ROLE_NAMES) },
    global: true,
  }),
  ListPolicies: () => ({
    source: iam,
    name: 'ListPolicies',
    readOnly: true,
    req: { scope: 'Local', onlyAttached: false },
    global: true,
  }),
  ListUsers: () => ({ source: iam, name: 'ListUsers', readOnly: true, req: null, global: true }),
  GetAccountSummary: () => ({
    source: iam,
    name: 'GetAccountSummary',
    readOnly: true,
    req: null,
    global: true,
  }),
  ListFunctions: () => ({
    source: 'lambda.amazonaws.com',
    name: 'ListFunctions20150331',
    readOnly: true,
    req: null,
  }),
  GetFunction: (rng) => ({
    source: 'lambda.amazonaws.com',
    name: 'GetFunction20150331v2',
    readOnly: true,
    req: { functionName: rng.pick(FUNCTIONS) },
  }),
  DescribeAlarms: () => ({
    source: 'monitoring.amazonaws.com',
    name: 'DescribeAlarms',
    readOnly: true,
    req: { maxRecords: 100 },
  }),
  DescribeLogGroups: () => ({
    source: 'logs.amazonaws.com',
    name: 'DescribeLogGroups',
    readOnly: true,
    req: { limit: 50 },
  }),
  FilterLogEvents: (rng) => ({
    source: 'logs.amazonaws.com',
    name: 'FilterLogEvents',
    readOnly: true,
    req: {
      logGroupName: rng.pick(LOG_GROUPS),
      filterPattern: rng.pick(['ERROR', '"status=500"', 'timeout']),
      interleaved: true,
    },
  }),
  DescribeDBInstances: () => ({
    source: 'rds.amazonaws.com',
    name: 'DescribeDBInstances',
    readOnly: true,
    req: null,
  }),
  DescribeDBClusters: () => ({
    source: 'rds.amazonaws.com',
    name: 'DescribeDBClusters',
    readOnly: true,
    req: { includeShared: false },
  }),
  GetParameter: (rng) => ({
    source: 'ssm.amazonaws.com',
    name: 'GetParameter',
    readOnly: true,
    req: { name: rng.pick(PARAMS), withDecryption: true },
  }),
  DescribeTable: (rng) => ({
    source: 'dynamodb.amazonaws.com',
    name: 'DescribeTable',
    readOnly: true,
    req: { tableName: rng.pick(TABLES) },
  }),
  DescribeStacks: (rng) => ({
    source: 'cloudformation.amazonaws.com',
    name: 'DescribeStacks',
    readOnly: true,
    req: rng.chance(0.5)
      ? null
      : { stackName: rng.pick(['network-baseline', 'checkout-api', 'observability']) },
  }),
  DescribeLoadBalancers: () => ({
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'DescribeLoadBalancers',
    readOnly: true,
    req: null,
  }),
  DescribeTargetHealth: (rng, account, region) => ({
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'DescribeTargetHealth',
    readOnly: true,
    req: {
      targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/checkout-api/${rng.hex(16)}`,
    },
  }),
  DescribeAutoScalingGroups: () => ({
    source: 'autoscaling.amazonaws.com',
    name: 'DescribeAutoScalingGroups',
    readOnly: true,
    req: null,
  }),
  GetCallerIdentity: () => ({
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    readOnly: true,
    req: null,
  }),
  DescribeTrails: () => ({
    source: 'cloudtrail.amazonaws.com',
    name: 'DescribeTrails',
    readOnly: true,
    req: { includeShadowTrails: true },
  }),
  LookupEvents: () => ({
    source: 'cloudtrail.amazonaws.com',
    name: 'LookupEvents',
    readOnly: true,
    req: { maxResults: 50 },
  }),
  ListDetectors: () => ({
    source: 'guardduty.amazonaws.com',
    name: 'ListDetectors',
    readOnly: true,
    req: null,
  }),
  GetFindings: () => ({
    source: 'securityhub.amazonaws.com',
    name: 'GetFindings',
    readOnly: true,
    req: { filters: { RecordState: [{ Comparison: 'EQUALS', Value: 'ACTIVE' }] }, maxResults: 100 },
  }),
  DescribeConfigRules: () => ({
    source: 'config.amazonaws.com',
    name: 'DescribeConfigRules',
    readOnly: true,
    req: null,
  }),
  GetAuthorizationToken: () => ({
    source: 'ecr.amazonaws.com',
    name: 'GetAuthorizationToken',
    readOnly: true,
    req: null,
  }),
  DescribeKey: (rng, account, region) => ({
    source: 'kms.amazonaws.com',
    name: 'DescribeKey',
    readOnly: true,
    req: { keyId: `arn:aws:kms:${region}:${account}:key/${rng.uuid()}` },
  }),
};

export const WRITES: Record<string, Template> = {
  CreateTags: (rng) => ({
    source: ec2,
    name: 'CreateTags',
    readOnly: false,
    req: {
      resourcesSet: { items: [{ resourceId: rng.pick(INSTANCES) }] },
      tagSet: {
        items: [
          {
            key: rng.pick(['owner', 'cost-center', 'patch-group']),
            value: rng.pick(['platform', 'checkout', 'weekly']),
          },
        ],
      },
    },
    resp: { requestId: rng.uuid(), _return: true },
  }),
  StartInstances: (rng) => ({
    source: ec2,
    name: 'StartInstances',
    readOnly: false,
    req: { instancesSet: { items: [{ instanceId: rng.pick(INSTANCES) }] } },
  }),
  PutParameter: (rng) => ({
    source: 'ssm.amazonaws.com',
    name: 'PutParameter',
    readOnly: false,
    req: {
      name: rng.pick(PARAMS),
      type: 'String',
      overwrite: true,
      value: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    },
    resp: { version: rng.range(2, 40), tier: 'Standard' },
  }),
  UpdateFunctionCode: (rng) => ({
    source: 'lambda.amazonaws.com',
    name: 'UpdateFunctionCode20150331v2',
    readOnly: false,
    req: {
      functionName: rng.pick(FUNCTIONS),
      s3Bucket: BUCKETS.ciArtifacts,
      s3Key: `lambda/${rng.hex(12)}.zip`,
      publish: true,
    },
  }),
  PutMetricAlarm: (rng) => ({
    source: 'monitoring.amazonaws.com',
    name: 'PutMetricAlarm',
    readOnly: false,
    req: {
      alarmName: rng.pick(['checkout-5xx', 'orders-queue-depth', 'export-duration']),
      threshold: rng.range(5, 50),
      evaluationPeriods: 3,
    },
  }),
  UpdateAutoScalingGroup: () => ({
    source: 'autoscaling.amazonaws.com',
    name: 'UpdateAutoScalingGroup',
    readOnly: false,
    req: { autoScalingGroupName: 'checkout-api-asg', desiredCapacity: 3 },
  }),
  CreateLogStream: (rng) => ({
    source: 'logs.amazonaws.com',
    name: 'CreateLogStream',
    readOnly: false,
    req: {
      logGroupName: rng.pick(LOG_GROUPS),
      logStreamName: `2026/03/1${rng.range(0, 2)}/[$LATEST]${rng.hex(32)}`,
    },
  }),
  AuthorizeSecurityGroupIngressInternal: (rng) => ({
    source: ec2,
    name: 'AuthorizeSecurityGroupIngress',
    readOnly: false,
    req: {
      groupId: SECURITY_GROUPS.db,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 5432,
            toPort: 5432,
            groups: {},
            ipRanges: { items: [{ cidrIp: '10.20.0.0/16', description: 'app subnets' }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    },
    resp: {
      requestId: rng.uuid(),
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupId: SECURITY_GROUPS.db,
            securityGroupRuleId: `sgr-${rng.hex(17)}`,
            isEgress: false,
            ipProtocol: 'tcp',
            fromPort: 5432,
            toPort: 5432,
            cidrIpv4: '10.20.0.0/16',
          },
        ],
      },
    },
  }),
};

/** AccessDenied message in the form IAM writes it. */
export function accessDenied(
  callerArn: string,
  action: string,
  resource?: string,
): { code: string; message: string } {
  const on = resource ? ` on resource: ${resource}` : '';
  return {
    code: 'AccessDenied',
    message: `User: ${callerArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
  };
}

/** EC2-family services word it differently. */
export function unauthorizedOperation(): { code: string; message: string } {
  return {
    code: 'Client.UnauthorizedOperation',
    message: 'You are not authorized to perform this operation.',
  };
}

export function read(name: string): Template {
  const t = READS[name];
  if (!t) throw new Error(`demo: no read template ${name}`);
  return t;
}

export function write(name: string): Template {
  const t = WRITES[name];
  if (!t) throw new Error(`demo: no write template ${name}`);
  return t;
}
