/**
 * The records of the wide corpus: each call a session makes (management calls by workload, S3
 * object reads and writes as data events), the issuance that minted a session's key, and the rare
 * very large records (a CloudFormation template, a bulk delete) that hold MiBs in one event.
 */
import type { Prng } from '../prng.js';
import type { Account } from './org.js';
import type { Session } from './sessions.js';

export type CtRecord = Record<string, unknown>;

interface Call {
  source: string;
  name: string;
  readOnly: boolean;
  weight: number;
}

const c = (source: string, name: string, readOnly: boolean, weight: number): Call => ({
  source: `${source}.amazonaws.com`,
  name,
  readOnly,
  weight,
});

/** Management calls by workload kind (data events on S3 are drawn apart, by `S3_SHARE`). */
const CALLS: Record<Session['workload']['kind'], Call[]> = {
  lambda: [
    c('kms', 'Decrypt', true, 40),
    c('ssm', 'GetParameter', true, 20),
    c('secretsmanager', 'GetSecretValue', true, 12),
    c('logs', 'CreateLogStream', false, 8),
    c('sts', 'GetCallerIdentity', true, 4),
    c('sqs', 'GetQueueUrl', true, 3),
  ],
  ec2: [
    c('ec2', 'DescribeInstances', true, 20),
    c('ec2', 'DescribeTags', true, 15),
    c('ssm', 'UpdateInstanceInformation', false, 20),
    c('kms', 'Decrypt', true, 15),
    c('ecr', 'GetAuthorizationToken', true, 6),
    c('ec2', 'DescribeVolumes', true, 5),
  ],
  ecs: [
    c('ecr', 'GetAuthorizationToken', true, 15),
    c('kms', 'Decrypt', true, 25),
    c('secretsmanager', 'GetSecretValue', true, 15),
    c('ssm', 'GetParameters', true, 10),
    c('logs', 'CreateLogStream', false, 5),
  ],
  ci: [
    c('cloudformation', 'DescribeStacks', true, 20),
    c('cloudformation', 'UpdateStack', false, 3),
    c('iam', 'GetRole', true, 8),
    c('lambda', 'UpdateFunctionCode20150331v2', false, 3),
    c('ecr', 'PutImage', false, 3),
    c('sts', 'GetCallerIdentity', true, 10),
    c('ec2', 'DescribeSecurityGroups', true, 6),
    c('iam', 'PassRole', false, 1),
  ],
  sso: [
    c('s3', 'ListBuckets', true, 8),
    c('ec2', 'DescribeInstances', true, 10),
    c('iam', 'ListUsers', true, 4),
    c('cloudtrail', 'LookupEvents', true, 3),
    c('iam', 'ListRoles', true, 3),
    c('signin', 'ConsoleLogin', false, 1),
  ],
  vendor: [
    c('ec2', 'DescribeRegions', true, 10),
    c('s3', 'GetBucketAcl', true, 8),
    c('s3', 'GetBucketPolicy', true, 8),
    c('iam', 'GetAccountAuthorizationDetails', true, 2),
    c('config', 'DescribeConfigRules', true, 5),
    c('cloudtrail', 'DescribeTrails', true, 4),
  ],
};
/** Rare writes a responder looks for, made by the sessions that could make them. */
const RARE: Call[] = [
  c('iam', 'CreateAccessKey', false, 1),
  c('iam', 'AttachRolePolicy', false, 2),
  c('s3', 'PutBucketPolicy', false, 1),
  c('ec2', 'AuthorizeSecurityGroupIngress', false, 2),
  c('cloudtrail', 'StopLogging', false, 0.2),
  c('iam', 'CreateUser', false, 0.5),
];
const S3_SHARE = 0.2;
/** New object names among S3 data events: ~64k distinct per 1M events. */
const FRESH_OBJECT = 0.36;
const ERRORS = ['AccessDenied', 'ThrottlingException', 'ResourceNotFoundException'];

function picker(calls: Call[]): (rng: Prng) => Call {
  const total = calls.reduce((a, x) => a + x.weight, 0);
  return (rng) => {
    let x = rng.next() * total;
    for (const call of calls) if ((x -= call.weight) < 0) return call;
    return calls[calls.length - 1];
  };
}
const PICK = Object.fromEntries(Object.entries(CALLS).map(([k, v]) => [k, picker(v)])) as Record<
  keyof typeof CALLS,
  (rng: Prng) => Call
>;
const PICK_RARE = picker(RARE);

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function identity(s: Session): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: s.principalId,
    arn: s.arn,
    accountId: s.workload.account,
    accessKeyId: s.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: s.workload.roleId,
        arn: `arn:aws:iam::${s.workload.account}:role/${s.workload.roleName}`,
        accountId: s.workload.account,
        userName: s.workload.roleName,
      },
      attributes: { creationDate: iso(s.startMs), mfaAuthenticated: 'false' },
    },
  };
}

function envelope(
  rng: Prng,
  ms: number,
  region: string,
  recipient: string,
  o: { source: string; name: string; readOnly: boolean; ip: string; ua: string },
): CtRecord {
  return {
    eventVersion: '1.10',
    userIdentity: {},
    eventTime: iso(ms),
    eventSource: o.source,
    eventName: o.name,
    awsRegion: region,
    sourceIPAddress: o.ip,
    userAgent: o.ua,
    requestParameters: null,
    responseElements: null,
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly: o.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: recipient,
    eventCategory: 'Management',
  };
}

/** Object names per bucket: a Zipf-popular few and a long tail of fresh ones. */
export class ObjectNames {
  private readonly pools = new Map<string, string[]>();
  constructor(private readonly rng: Prng) {}

  pick(bucket: string): string {
    const rng = this.rng;
    const pool = this.pools.get(bucket) ?? [];
    this.pools.set(bucket, pool);
    if (pool.length && !rng.chance(FRESH_OBJECT)) return pool[rng.zipfIndex(pool.length, 1.0)];
    const d = `${2026}/${String(rng.range(1, 12)).padStart(2, '0')}/${String(rng.range(1, 28)).padStart(2, '0')}`;
    const key = rng.pick([
      () => `exports/${d}/part-${String(rng.int(100000)).padStart(5, '0')}-${rng.hex(12)}.parquet`,
      () => `uploads/${rng.uuid()}.${rng.pick(['jpg', 'png', 'pdf', 'csv'])}`,
      () => `models/${rng.alnum(8).toLowerCase()}/v${rng.range(1, 40)}/weights.bin`,
      () => `logs/${d}/${rng.hex(8)}.log.gz`,
    ])();
    pool.push(key);
    return key;
  }
}

/** One call by `s` at `ms` in `region` of `account`. */
export function callRecord(
  rng: Prng,
  s: Session,
  account: Account,
  region: string,
  ms: number,
  objects: ObjectNames,
): CtRecord {
  const base = { ip: s.sourceIp, ua: s.userAgent };
  if (rng.chance(S3_SHARE)) {
    const bucket = rng.pick(account.buckets);
    const key = objects.pick(bucket);
    const name = rng.pick([
      'GetObject',
      'GetObject',
      'GetObject',
      'PutObject',
      'PutObject',
      'DeleteObject',
    ]);
    const r = envelope(rng, ms, region, account.id, {
      ...base,
      source: 's3.amazonaws.com',
      name,
      readOnly: name === 'GetObject',
    });
    r.userIdentity = identity(s);
    r.requestParameters = { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com`, key };
    r.additionalEventData = {
      SignatureVersion: 'SigV4',
      bytesTransferredIn: name === 'PutObject' ? rng.int(50_000_000) : 0,
      bytesTransferredOut: name === 'GetObject' ? rng.int(50_000_000) : 0,
      'x-amz-id-2': rng.alnum(76),
    };
    r.resources = [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ];
    r.managementEvent = false;
    r.eventCategory = 'Data';
    return r;
  }
  const call = rng.chance(0.002) ? PICK_RARE(rng) : PICK[s.workload.kind](rng);
  const r = envelope(rng, ms, region, account.id, { ...base, ...call });
  r.userIdentity = identity(s);
  r.requestParameters = paramsOf(rng, call, account, region);
  if (rng.chance(0.03)) {
    r.errorCode = rng.pick(ERRORS);
    r.errorMessage = `User: ${s.arn} is not authorized to perform: ${call.source.split('.')[0]}:${call.name}`;
  }
  return r;
}

function paramsOf(rng: Prng, call: Call, account: Account, region: string): unknown {
  switch (call.name) {
    case 'Decrypt':
      return {
        encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        keyId: `arn:aws:kms:${region}:${account.id}:key/${rng.uuid()}`,
      };
    case 'GetParameter':
    case 'GetSecretValue':
      return {
        name: `/${account.name}/${rng.pick(['db', 'api', 'queue'])}/${rng.pick(['password', 'token', 'url'])}`,
      };
    case 'DescribeInstances':
      return { instancesSet: { items: [{ instanceId: `i-0${rng.hex(16)}` }] }, filterSet: {} };
    case 'PutBucketPolicy':
    case 'GetBucketPolicy':
    case 'GetBucketAcl':
      return { bucketName: rng.pick(account.buckets), Host: 's3.amazonaws.com', policy: [''] };
    case 'AuthorizeSecurityGroupIngress':
      return {
        groupId: `sg-0${rng.hex(16)}`,
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
            },
          ],
        },
      };
    case 'StopLogging':
      return { name: `arn:aws:cloudtrail:us-east-1:${account.id}:trail/org-trail` };
    default:
      return null;
  }
}

/** The record of the issuance that minted `s`'s key (logged in the role's account). */
export function issuanceRecord(rng: Prng, s: Session, region: string): CtRecord {
  const issuer = s.issuer!;
  const w = s.workload;
  const roleArn = `arn:aws:iam::${w.account}:role/${w.roleName}`;
  const ms = s.startMs - 1000 - rng.int(20_000);
  const name = issuer.kind === 'saml' ? 'AssumeRoleWithSAML' : 'AssumeRole';
  const viaService = issuer.kind === 'service';
  const r = envelope(rng, ms, region, w.account, {
    source: 'sts.amazonaws.com',
    name,
    readOnly: true,
    ip: viaService ? issuer.service : s.sourceIp,
    ua: viaService ? issuer.service : s.userAgent,
  });
  switch (issuer.kind) {
    case 'service':
      r.userIdentity = { type: 'AWSService', invokedBy: issuer.service };
      break;
    case 'saml':
      r.userIdentity = {
        type: 'SAMLUser',
        principalId: `SAML:${issuer.userName}`,
        userName: issuer.userName,
        identityProvider: `arn:aws:iam::${w.account}:saml-provider/corp-idp`,
      };
      break;
    case 'user':
      r.userIdentity = {
        type: 'IAMUser',
        principalId: issuer.user.userId,
        arn: `arn:aws:iam::${issuer.user.account}:user/${issuer.user.userName}`,
        accountId: issuer.user.account,
        accessKeyId: issuer.user.accessKeyId,
        userName: issuer.user.userName,
      };
      break;
    case 'session':
      r.userIdentity = identity(issuer.parent);
      break;
  }
  r.requestParameters = { roleArn, roleSessionName: s.sessionName, durationSeconds: 3600 };
  r.responseElements = {
    credentials: {
      accessKeyId: s.accessKeyId,
      sessionToken: rng.alnum(64),
      expiration: new Date(ms + 3600_000).toUTCString(),
    },
    assumedRoleUser: { assumedRoleId: s.principalId, arn: s.arn },
  };
  r.resources = [{ accountId: w.account, type: 'AWS::IAM::Role', ARN: roleArn }];
  return r;
}

/**
 * A record of `bytes` (roughly): a CloudFormation stack update with a large template, or a bulk
 * delete of many objects. Such records exist (templates up to 1 MB inline, responses that list
 * thousands of items), and they are where per-record buffers and limits are tested.
 */
export function largeRecord(
  rng: Prng,
  s: Session,
  account: Account,
  region: string,
  ms: number,
  bytes: number,
): CtRecord {
  const bulk = rng.chance(0.5);
  const r = envelope(rng, ms, region, account.id, {
    source: bulk ? 's3.amazonaws.com' : 'cloudformation.amazonaws.com',
    name: bulk ? 'DeleteObjects' : 'UpdateStack',
    readOnly: false,
    ip: s.sourceIp,
    ua: s.userAgent,
  });
  r.userIdentity = identity(s);
  if (bulk) {
    const bucket = rng.pick(account.buckets);
    const objects: { key: string }[] = [];
    let size = 0;
    while (size < bytes) {
      const key = `tmp/${rng.hex(8)}/${rng.alnum(24)}.part`;
      objects.push({ key });
      size += key.length + 12;
    }
    r.requestParameters = {
      bucketName: bucket,
      Host: `${bucket}.s3.amazonaws.com`,
      delete: { Object: objects, Quiet: true },
    };
    r.managementEvent = false;
    r.eventCategory = 'Data';
    r.resources = [
      { accountId: account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ];
  } else {
    const resources: Record<string, unknown> = {};
    let size = 0;
    while (size < bytes) {
      const id = `Res${rng.alnum(10)}`;
      const body = {
        Type: rng.pick([
          'AWS::Lambda::Function',
          'AWS::IAM::Role',
          'AWS::SQS::Queue',
          'AWS::SNS::Topic',
        ]),
        Properties: {
          Description: rng.alnum(40 + rng.int(120)),
          Tags: [{ Key: 'team', Value: rng.alnum(8) }],
        },
      };
      resources[id] = body;
      size += JSON.stringify(body).length + id.length + 4;
    }
    r.requestParameters = {
      stackName: `${account.name}-${rng.alnum(6).toLowerCase()}`,
      templateBody: JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: resources,
      }),
      capabilities: ['CAPABILITY_NAMED_IAM'],
    };
  }
  return r;
}
