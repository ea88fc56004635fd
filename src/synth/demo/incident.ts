/**
 * The incident: ci-deployer's long-term key leaks (a key-validation scraper tries it the evening
 * before), then, in the night of 12 March, an operator from a VPS enumerates the account, plants a
 * backdoor user, crosses into prod through the CI role, chains to an admin role, syncs the customer
 * export bucket, makes it public, opens SSH to the world, tries to stop the organisation trail, and
 * finally signs in as dev's root user without MFA. The security team responds in the morning.
 */
import type { Prng } from '../prng.js';
import { root } from '../records.js';
import {
  ACCOUNTS,
  ALL_REGIONS,
  BUCKETS,
  IPS,
  PROD_REGION,
  ROLES,
  SECURITY_GROUPS,
  TRAILS,
  UA,
  USERS,
} from './cast.js';
import { accessDenied, read, unauthorizedOperation, type ApiCall } from './calls.js';
import {
  type Actor,
  consoleUser,
  keyUser,
  rootConsole,
  type RoleSession,
  sessionActor,
  signInIdentity,
} from './identity.js';
import type { Timeline } from './timeline.js';
import { at } from './time.js';

export const INCIDENT_DAY = '2026-03-12';
/** Facts the tests and the README rely on. */
export const INCIDENT = {
  leakedKey: USERS.ci.accessKeyId,
  ciUserArn: `arn:aws:iam::${ACCOUNTS.dev}:user/${USERS.ci.name}`,
  attackerIp: IPS.attacker,
  backdoorUser: USERS.backdoor.name,
  backdoorKey: USERS.backdoor.accessKeyId,
  exfilBucket: BUCKETS.customerExports,
  crossAccountSession: 'deploy',
  adminSession: 'admin',
  start: at(INCIDENT_DAY, '01:47:12'),
  /** When the security team disables the leaked key. */
  keyDisabled: at(INCIDENT_DAY, '08:52:40'),
} as const;

/** The IAM user ARN as it appears in AccessDenied messages. */
const ciArn = INCIDENT.ciUserArn;

/** Recon an enumeration script runs: every call it tries, and whether the CI policy allows it. */
const ENUMERATION: readonly [source: string, name: string, allowed: boolean][] = [
  ['iam', 'GetUser', true],
  ['iam', 'ListAttachedUserPolicies', true],
  ['iam', 'ListUserPolicies', true],
  ['iam', 'ListGroupsForUser', true],
  ['iam', 'GetAccountAuthorizationDetails', false],
  ['iam', 'ListUsers', true],
  ['iam', 'ListRoles', true],
  ['iam', 'ListPolicies', true],
  ['iam', 'GetAccountPasswordPolicy', true],
  ['iam', 'ListAccessKeys', true],
  ['iam', 'ListMFADevices', true],
  ['iam', 'GetCredentialReport', false],
  ['iam', 'ListSAMLProviders', false],
  ['iam', 'ListOpenIDConnectProviders', false],
  ['organizations', 'DescribeOrganization', false],
  ['organizations', 'ListAccounts', false],
  ['organizations', 'ListRoots', false],
  ['organizations', 'ListPolicies', false],
  ['s3', 'ListBuckets', true],
  ['s3', 'GetBucketPolicy', false],
  ['s3', 'GetBucketAcl', false],
  ['secretsmanager', 'ListSecrets', false],
  ['secretsmanager', 'GetSecretValue', false],
  ['ssm', 'DescribeParameters', false],
  ['ssm', 'GetParametersByPath', false],
  ['kms', 'ListKeys', false],
  ['kms', 'ListAliases', false],
  ['rds', 'DescribeDBInstances', false],
  ['rds', 'DescribeDBSnapshots', false],
  ['rds', 'DescribeDBClusters', false],
  ['dynamodb', 'ListTables', false],
  ['dynamodb', 'DescribeEndpoints', false],
  ['lambda', 'ListFunctions20150331', true],
  ['lambda', 'GetAccountSettings20160819', true],
  ['ecr', 'DescribeRepositories', false],
  ['ecs', 'ListClusters', false],
  ['eks', 'ListClusters', false],
  ['sns', 'ListTopics', false],
  ['sqs', 'ListQueues', false],
  ['cloudformation', 'ListStacks', false],
  ['cloudformation', 'DescribeStacks', false],
  ['route53', 'ListHostedZones', false],
  ['route53domains', 'ListDomains', false],
  ['cloudtrail', 'DescribeTrails', true],
  ['cloudtrail', 'GetTrailStatus', true],
  ['cloudtrail', 'ListTrails', true],
  ['guardduty', 'ListDetectors', false],
  ['securityhub', 'DescribeHub', false],
  ['config', 'DescribeConfigurationRecorders', false],
  ['logs', 'DescribeLogGroups', false],
  ['monitoring', 'DescribeAlarms', false],
  ['elasticloadbalancing', 'DescribeLoadBalancers', false],
  ['autoscaling', 'DescribeAutoScalingGroups', false],
  ['elasticbeanstalk', 'DescribeApplications', false],
  ['codebuild', 'ListProjects', false],
  ['codecommit', 'ListRepositories', false],
  ['cognito-idp', 'ListUserPools', false],
  ['apigateway', 'GetRestApis', false],
  ['ses', 'ListIdentities', false],
  ['glue', 'GetDatabases', false],
  ['athena', 'ListWorkGroups', false],
  ['redshift', 'DescribeClusters', false],
  ['elasticache', 'DescribeCacheClusters', false],
  ['es', 'ListDomainNames', false],
  ['sagemaker', 'ListNotebookInstances', false],
  ['backup', 'ListBackupVaults', false],
  ['ec2', 'DescribeInstances', true],
  ['ec2', 'DescribeSecurityGroups', true],
  ['ec2', 'DescribeVpcs', true],
  ['ec2', 'DescribeSnapshots', true],
  ['ec2', 'DescribeImages', true],
  ['ec2', 'DescribeKeyPairs', true],
  ['ec2', 'GetPasswordData', false],
  ['ec2', 'DescribeInstanceAttribute', true],
];

function denialFor(
  source: string,
  name: string,
  resource?: string,
): { code: string; message: string } {
  if (source === 'ec2') return unauthorizedOperation();
  if (
    [
      'dynamodb',
      'kms',
      'secretsmanager',
      'ssm',
      'ecr',
      'ecs',
      'logs',
      'glue',
      'athena',
      'sagemaker',
      'backup',
      'cognito-idp',
      'guardduty',
      'securityhub',
    ].includes(source)
  ) {
    const d = accessDenied(ciArn, `${source}:${name.replace(/\d{8}$/, '')}`, resource);
    return { code: 'AccessDeniedException', message: d.message };
  }
  if (source === 'organizations')
    return {
      code: 'AccessDeniedException',
      message: "You don't have permissions to access this resource.",
    };
  return accessDenied(ciArn, `${source}:${name.replace(/\d{8}$/, '')}`, resource);
}

function recon(tl: Timeline, rng: Prng): void {
  const first = keyUser(USERS.ci, IPS.attacker, UA.attackerCli('sts.get-caller-identity'));
  tl.call({
    t: INCIDENT.start,
    actor: first,
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    region: 'us-east-1',
    readOnly: true,
  });
  // The enumeration script: several passes with retries, a burst of denials in about three minutes.
  const script = keyUser(USERS.ci, IPS.attacker, UA.attackerBoto);
  let t = at(INCIDENT_DAY, '01:48:05');
  for (let pass = 0; pass < 2; pass++) {
    for (const [svc, name, allowed] of ENUMERATION) {
      t += rng.range(250, 1400);
      const source = `${svc}.amazonaws.com`;
      // The operator's profile defaults to us-east-1, where global services log anyway.
      const region = 'us-east-1';
      const req =
        name === 'GetUser' || (name.startsWith('List') && name.includes('User'))
          ? { userName: USERS.ci.name }
          : null;
      tl.call({
        t,
        actor: script,
        source,
        name,
        region,
        readOnly: true,
        req,
        error: allowed ? undefined : denialFor(svc, name),
      });
      // Denied calls are retried by the SDK/script once in a while.
      if (!allowed && rng.chance(0.35)) {
        t += rng.range(100, 400);
        tl.call({
          t,
          actor: script,
          source,
          name,
          region,
          readOnly: true,
          req,
          error: denialFor(svc, name),
        });
      }
    }
  }
  // Region sweep: where does this account run anything?
  const sweep = keyUser(USERS.ci, IPS.attacker, UA.attackerCli('ec2.describe-instances'));
  t = at(INCIDENT_DAY, '01:52:40');
  for (const region of ALL_REGIONS) {
    t += rng.range(700, 1600);
    tl.call({
      t,
      actor: sweep,
      source: 'ec2.amazonaws.com',
      name: 'DescribeInstances',
      region,
      readOnly: true,
      req: { instancesSet: {}, filterSet: {} },
    });
    t += rng.range(200, 600);
    tl.call({
      t,
      actor: sweep,
      source: 'ec2.amazonaws.com',
      name: 'DescribeSecurityGroups',
      region,
      readOnly: true,
      req: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} },
    });
  }
}

function backdoor(tl: Timeline, rng: Prng): void {
  const iamCli = (cmd: string): Actor => keyUser(USERS.ci, IPS.attacker, UA.attackerCli(cmd));
  const u = USERS.backdoor;
  const userArn = `arn:aws:iam::${ACCOUNTS.dev}:user/${u.name}`;
  const t0 = at(INCIDENT_DAY, '02:03:41');
  tl.call({
    t: t0,
    actor: iamCli('iam.create-user'),
    source: 'iam.amazonaws.com',
    name: 'CreateUser',
    region: 'us-east-1',
    readOnly: false,
    req: { userName: u.name },
    resp: {
      user: {
        path: '/',
        userName: u.name,
        userId: u.principalId,
        arn: userArn,
        createDate: 'Mar 12, 2026, 2:03:41 AM',
      },
    },
  });
  tl.call({
    t: t0 + 17_000,
    actor: iamCli('iam.create-access-key'),
    source: 'iam.amazonaws.com',
    name: 'CreateAccessKey',
    region: 'us-east-1',
    readOnly: false,
    req: { userName: u.name },
    resp: {
      accessKey: {
        userName: u.name,
        accessKeyId: u.accessKeyId,
        status: 'Active',
        createDate: 'Mar 12, 2026, 2:03:58 AM',
      },
    },
  });
  tl.call({
    t: t0 + 29_000,
    actor: iamCli('iam.attach-user-policy'),
    source: 'iam.amazonaws.com',
    name: 'AttachUserPolicy',
    region: 'us-east-1',
    readOnly: false,
    req: { userName: u.name, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  });
  // The operator checks the backdoor from a second host.
  const bd = keyUser(u, IPS.attackerBackup, UA.attackerCli('sts.get-caller-identity'));
  let t = at(INCIDENT_DAY, '02:05:31');
  tl.call({
    t,
    actor: bd,
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    region: 'us-east-1',
    readOnly: true,
  });
  const bdCli = keyUser(u, IPS.attackerBackup, UA.attackerCli('iam.list-users'));
  for (const name of ['ListUsers', 'ListRoles', 'ListBuckets']) {
    t += rng.range(3000, 9000);
    const call: ApiCall =
      name === 'ListBuckets'
        ? read('ListBuckets')(rng, ACCOUNTS.dev, 'us-east-1')
        : read(name)(rng, ACCOUNTS.dev, 'us-east-1');
    tl.call({
      t,
      actor: bdCli,
      source: call.source,
      name: call.name,
      region: 'us-east-1',
      readOnly: true,
      req: call.req,
    });
  }
  // Hours later, a quiet persistence check.
  t = at(INCIDENT_DAY, '05:12:09');
  tl.call({
    t,
    actor: bd,
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    region: 'us-east-1',
    readOnly: true,
  });
  tl.call({
    t: t + 4200,
    actor: keyUser(u, IPS.attackerBackup, UA.attackerCli('ec2.describe-instances')),
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    region: 'us-west-2',
    readOnly: true,
    req: { instancesSet: {}, filterSet: {} },
  });
}

function intoProd(tl: Timeline, rng: Prng): RoleSession {
  const t0 = at(INCIDENT_DAY, '02:09:02');
  const deploy = tl.assumeRole({
    t: t0,
    actor: keyUser(USERS.ci, IPS.attacker, UA.attackerCli('sts.assume-role')),
    role: ROLES.ciDeploy,
    sessionName: INCIDENT.crossAccountSession,
  });
  const asDeploy = sessionActor(deploy, IPS.attacker, UA.attackerCli('iam.list-roles'));
  let t = t0 + 41_000;
  tl.call({
    t,
    actor: sessionActor(deploy, IPS.attacker, UA.attackerCli('sts.get-caller-identity')),
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    region: 'us-east-1',
    readOnly: true,
  });
  t += rng.range(8000, 15000);
  tl.call({
    t,
    actor: asDeploy,
    source: 'iam.amazonaws.com',
    name: 'ListRoles',
    region: 'us-east-1',
    readOnly: true,
  });
  t += rng.range(8000, 15000);
  tl.call({
    t,
    actor: sessionActor(deploy, IPS.attacker, UA.attackerCli('iam.get-role')),
    source: 'iam.amazonaws.com',
    name: 'GetRole',
    region: 'us-east-1',
    readOnly: true,
    req: { roleName: ROLES.platformAdmin.name },
  });
  // ci-deploy may assume platform-admin (a shortcut someone added for emergency deploys): role chaining.
  const admin = tl.assumeRole({
    t: at(INCIDENT_DAY, '02:11:03'),
    actor: sessionActor(deploy, IPS.attacker, UA.attackerCli('sts.assume-role')),
    role: ROLES.platformAdmin,
    sessionName: INCIDENT.adminSession,
  });
  return admin;
}

function exfiltrate(tl: Timeline, rng: Prng, admin: RoleSession): void {
  const cli = (cmd: string): Actor => sessionActor(admin, IPS.attacker, UA.attackerCli(cmd));
  let t = at(INCIDENT_DAY, '02:12:20');
  tl.call({
    t,
    actor: cli('s3.ls'),
    source: 's3.amazonaws.com',
    name: 'ListBuckets',
    region: 'us-east-1',
    readOnly: true,
    req: { Host: 's3.amazonaws.com' },
  });
  t += 21_000;
  tl.call({
    t,
    actor: cli('s3api.get-bucket-policy'),
    source: 's3.amazonaws.com',
    name: 'GetBucketPolicy',
    region: PROD_REGION,
    readOnly: true,
    req: {
      bucketName: BUCKETS.customerExports,
      policy: '',
      Host: `${BUCKETS.customerExports}.s3.${PROD_REGION}.amazonaws.com`,
    },
    error: { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' },
  });
  const sync = cli('s3.sync');
  t = at(INCIDENT_DAY, '02:14:02');
  tl.s3Data({
    t,
    actor: sync,
    name: 'ListObjects',
    bucket: BUCKETS.customerExports,
    bucketAccount: ACCOUNTS.prod,
    key: '',
    region: PROD_REGION,
  });
  // s3 sync walks the whole bucket: ten days of nightly exports plus the reports folder.
  const keys: string[] = [];
  for (let d = 3; d <= 12; d++) {
    const date = `2026-03-${String(d).padStart(2, '0')}`;
    for (let i = 1; i <= 48; i++)
      keys.push(`exports/${date}/customers-${String(i).padStart(4, '0')}.csv.gz`);
  }
  for (let i = 1; i <= 24; i++)
    keys.push(
      `reports/2026-03-1${i % 3}/region-${['emea', 'amer', 'apac'][i % 3]}-${(i % 9) + 1}.parquet`,
    );
  for (const key of keys) {
    // Ten parallel transfers: a steady stream of a few objects per second.
    t += rng.range(150, 900);
    if (keys.indexOf(key) % 100 === 99)
      tl.s3Data({
        t,
        actor: sync,
        name: 'ListObjects',
        bucket: BUCKETS.customerExports,
        bucketAccount: ACCOUNTS.prod,
        key: key.slice(0, 19),
        region: PROD_REGION,
      });
    tl.s3Data({
      t,
      actor: sync,
      name: 'GetObject',
      bucket: BUCKETS.customerExports,
      bucketAccount: ACCOUNTS.prod,
      key,
      region: PROD_REGION,
      bytes: rng.range(2_000_000, 9_000_000),
    });
  }
}

function expose(tl: Timeline, rng: Prng, admin: RoleSession): void {
  const cli = (cmd: string): Actor => sessionActor(admin, IPS.attacker, UA.attackerCli(cmd));
  const bucket = BUCKETS.customerExports;
  const host = `${bucket}.s3.${PROD_REGION}.amazonaws.com`;
  let t = at(INCIDENT_DAY, '02:33:10');
  tl.call({
    t,
    actor: cli('s3api.delete-public-access-block'),
    source: 's3.amazonaws.com',
    name: 'DeleteBucketPublicAccessBlock',
    region: PROD_REGION,
    readOnly: false,
    req: { bucketName: bucket, publicAccessBlock: '', Host: host },
  });
  t += 34_000;
  tl.call({
    t,
    actor: cli('s3api.put-bucket-policy'),
    source: 's3.amazonaws.com',
    name: 'PutBucketPolicy',
    region: PROD_REGION,
    readOnly: false,
    req: {
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'PublicRead',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${bucket}/*`,
          },
        ],
      },
      bucketName: bucket,
      Host: host,
      policy: '',
    },
  });
  t = at(INCIDENT_DAY, '02:38:44');
  const sgReq = (cidr: string) => ({
    groupId: SECURITY_GROUPS.bastion,
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          groups: {},
          ipRanges: { items: [{ cidrIp: cidr }] },
          ipv6Ranges: {},
          prefixListIds: {},
        },
      ],
    },
  });
  tl.call({
    t,
    actor: cli('ec2.describe-security-groups'),
    source: 'ec2.amazonaws.com',
    name: 'DescribeSecurityGroups',
    region: PROD_REGION,
    readOnly: true,
    req: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} },
  });
  t += rng.range(20_000, 40_000);
  tl.call({
    t,
    actor: cli('ec2.authorize-security-group-ingress'),
    source: 'ec2.amazonaws.com',
    name: 'AuthorizeSecurityGroupIngress',
    region: PROD_REGION,
    readOnly: false,
    req: sgReq('0.0.0.0/0'),
    resp: {
      requestId: rng.uuid(),
      _return: true,
      securityGroupRuleSet: {
        items: [
          {
            groupOwnerId: ACCOUNTS.prod,
            groupId: SECURITY_GROUPS.bastion,
            securityGroupRuleId: `sgr-${rng.hex(17)}`,
            isEgress: false,
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            cidrIpv4: '0.0.0.0/0',
          },
        ],
      },
    },
  });
  // Then the trail: look, then try to stop and delete it. An SCP protects the organisation trail.
  t = at(INCIDENT_DAY, '02:41:20');
  tl.call({
    t,
    actor: cli('cloudtrail.describe-trails'),
    source: 'cloudtrail.amazonaws.com',
    name: 'DescribeTrails',
    region: 'us-east-1',
    readOnly: true,
    req: { includeShadowTrails: true },
  });
  t += 9000;
  tl.call({
    t,
    actor: cli('cloudtrail.get-trail-status'),
    source: 'cloudtrail.amazonaws.com',
    name: 'GetTrailStatus',
    region: 'us-east-1',
    readOnly: true,
    req: { name: TRAILS.org },
  });
  const adminArn = `arn:aws:sts::${ACCOUNTS.prod}:assumed-role/${ROLES.platformAdmin.name}/${INCIDENT.adminSession}`;
  const scpDeny = (action: string) => ({
    code: 'AccessDenied',
    message: `User: ${adminArn} is not authorized to perform: cloudtrail:${action} on resource: ${TRAILS.org} with an explicit deny in a service control policy`,
  });
  for (const [delay, name, cmd] of [
    [22_000, 'StopLogging', 'stop-logging'],
    [9_000, 'StopLogging', 'stop-logging'],
    [31_000, 'DeleteTrail', 'delete-trail'],
  ] as const) {
    t += delay;
    tl.call({
      t,
      actor: cli(`cloudtrail.${cmd}`),
      source: 'cloudtrail.amazonaws.com',
      name,
      region: 'us-east-1',
      readOnly: false,
      req: { name: TRAILS.org },
      error: scpDeny(name),
    });
  }
}

/** Dev's root password is reset through the (compromised) mailbox, then used without MFA. */
function rootLogin(tl: Timeline, rng: Prng): void {
  const acct = ACCOUNTS.dev;
  const ua = UA.attackerBrowser;
  const ident = root({ account: acct, accessKeyId: '' });
  let t = at(INCIDENT_DAY, '02:52:30');
  tl.call({
    t,
    actor: { identity: ident, ip: IPS.attacker, userAgent: ua, account: acct },
    source: 'signin.amazonaws.com',
    name: 'PasswordRecoveryRequested',
    region: 'us-east-1',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    resp: { PasswordRecoveryRequested: 'Success' },
  });
  t = at(INCIDENT_DAY, '02:55:10');
  tl.call({
    t,
    actor: { identity: ident, ip: IPS.attacker, userAgent: ua, account: acct },
    source: 'signin.amazonaws.com',
    name: 'PasswordRecoveryCompleted',
    region: 'us-east-1',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    resp: { PasswordRecoveryCompleted: 'Success' },
  });
  t = at(INCIDENT_DAY, '02:56:02');
  tl.consoleLogin({
    t,
    identity: ident,
    account: acct,
    ip: IPS.attacker,
    userAgent: ua,
    mfa: false,
    success: true,
  });
  const session = rootConsole(acct, rng.awsId('ASIA'), t, false, IPS.attacker, ua);
  for (const name of ['GetAccountSummary', 'ListUsers', 'ListRoles', 'ListBuckets']) {
    t += rng.range(6000, 25000);
    const call = read(name)(rng, acct, 'us-east-1');
    tl.call({
      t,
      actor: session,
      source: call.source,
      name: call.name,
      region: 'us-east-1',
      readOnly: true,
      req: call.req,
    });
  }
  t += 14_000;
  tl.call({
    t,
    actor: session,
    source: 'iam.amazonaws.com',
    name: 'ListMFADevices',
    region: 'us-east-1',
    readOnly: true,
  });
}

/** 08:40: GuardDuty paged the security team; nina switches into dev and prod and contains. */
function response(tl: Timeline, rng: Prng): void {
  const nina = USERS.nina;
  let t = at(INCIDENT_DAY, '08:41:15');
  tl.consoleLogin({
    t,
    identity: signInIdentity(nina),
    account: ACCOUNTS.security,
    ip: IPS.ninaHome,
    userAgent: UA.consoleBrowser,
    mfa: true,
    success: true,
  });
  const home = consoleUser(nina, rng.awsId('ASIA'), t, true, IPS.ninaHome, UA.consoleBrowser);
  const ir = {
    account: 'dev' as const,
    name: 'IncidentResponder',
    principalId: 'AROAT4GQ2XHNRB6XKE3PA',
  };
  const irProd = {
    account: 'prod' as const,
    name: 'IncidentResponder',
    principalId: 'AROA2YH7MBQ4YF3QCW5NT',
  };
  t += 95_000;
  const dev = tl.assumeRole({ t, actor: home, role: ir, sessionName: nina.name, mfa: true });
  const d = { ...sessionActor(dev, IPS.ninaHome, UA.consoleBrowser), console: true };
  t = INCIDENT.keyDisabled;
  tl.call({
    t,
    actor: d,
    source: 'iam.amazonaws.com',
    name: 'UpdateAccessKey',
    region: 'us-east-1',
    readOnly: false,
    req: { userName: USERS.ci.name, accessKeyId: USERS.ci.accessKeyId, status: 'Inactive' },
  });
  t += 48_000;
  tl.call({
    t,
    actor: d,
    source: 'iam.amazonaws.com',
    name: 'UpdateAccessKey',
    region: 'us-east-1',
    readOnly: false,
    req: {
      userName: USERS.backdoor.name,
      accessKeyId: USERS.backdoor.accessKeyId,
      status: 'Inactive',
    },
  });
  t += 31_000;
  tl.call({
    t,
    actor: d,
    source: 'iam.amazonaws.com',
    name: 'DetachUserPolicy',
    region: 'us-east-1',
    readOnly: false,
    req: {
      userName: USERS.backdoor.name,
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    },
  });
  for (let i = 0; i < 6; i++) {
    t += rng.range(20_000, 60_000);
    tl.call({
      t,
      actor: d,
      source: 'cloudtrail.amazonaws.com',
      name: 'LookupEvents',
      region: 'us-east-1',
      readOnly: true,
      req: {
        lookupAttributes: [{ attributeKey: 'AccessKeyId', attributeValue: USERS.ci.accessKeyId }],
        maxResults: 50,
      },
    });
  }
  t = at(INCIDENT_DAY, '09:07:40');
  const prod = tl.assumeRole({ t, actor: home, role: irProd, sessionName: nina.name, mfa: true });
  const p = { ...sessionActor(prod, IPS.ninaHome, UA.consoleBrowser), console: true };
  const bucket = BUCKETS.customerExports;
  t += 60_000;
  tl.call({
    t,
    actor: p,
    source: 's3.amazonaws.com',
    name: 'PutBucketPublicAccessBlock',
    region: PROD_REGION,
    readOnly: false,
    req: {
      bucketName: bucket,
      Host: `${bucket}.s3.${PROD_REGION}.amazonaws.com`,
      publicAccessBlock: '',
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    },
  });
  t += 25_000;
  tl.call({
    t,
    actor: p,
    source: 's3.amazonaws.com',
    name: 'DeleteBucketPolicy',
    region: PROD_REGION,
    readOnly: false,
    req: { bucketName: bucket, Host: `${bucket}.s3.${PROD_REGION}.amazonaws.com`, policy: '' },
  });
  t += 70_000;
  tl.call({
    t,
    actor: p,
    source: 'ec2.amazonaws.com',
    name: 'RevokeSecurityGroupIngress',
    region: PROD_REGION,
    readOnly: false,
    req: {
      groupId: SECURITY_GROUPS.bastion,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 22,
            toPort: 22,
            groups: {},
            ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
            ipv6Ranges: {},
            prefixListIds: {},
          },
        ],
      },
    },
    resp: { requestId: rng.uuid(), _return: true },
  });
  t += 55_000;
  tl.call({
    t,
    actor: p,
    source: 'iam.amazonaws.com',
    name: 'PutRolePolicy',
    region: 'us-east-1',
    readOnly: false,
    req: {
      roleName: ROLES.platformAdmin.name,
      policyName: 'incident-2026-03-12-deny-all',
      policyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-03-12T09:12:00Z"}}}]}',
    },
  });
  t += 20_000;
  tl.call({
    t,
    actor: p,
    source: 'iam.amazonaws.com',
    name: 'PutRolePolicy',
    region: 'us-east-1',
    readOnly: false,
    req: {
      roleName: ROLES.ciDeploy.name,
      policyName: 'incident-2026-03-12-deny-all',
      policyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-03-12T09:12:00Z"}}}]}',
    },
  });
  // 09:30: olivia rotates CI onto a fresh key (the CI story picks it up).
  t = at(INCIDENT_DAY, '09:31:05');
  tl.consoleLogin({
    t,
    identity: signInIdentity(USERS.olivia),
    account: ACCOUNTS.dev,
    ip: IPS.office[0],
    userAgent: UA.consoleBrowser,
    mfa: true,
    success: true,
  });
  const olivia = consoleUser(
    USERS.olivia,
    rng.awsId('ASIA'),
    t,
    true,
    IPS.office[0],
    UA.consoleBrowser,
  );
  t += 80_000;
  tl.call({
    t,
    actor: olivia,
    source: 'iam.amazonaws.com',
    name: 'CreateAccessKey',
    region: 'us-east-1',
    readOnly: false,
    req: { userName: USERS.ci.name },
    resp: {
      accessKey: {
        userName: USERS.ci.name,
        accessKeyId: ROTATED_CI_KEY,
        status: 'Active',
        createDate: 'Mar 12, 2026, 9:32:25 AM',
      },
    },
  });
  t += 40_000;
  tl.call({
    t,
    actor: olivia,
    source: 'iam.amazonaws.com',
    name: 'DeleteAccessKey',
    region: 'us-east-1',
    readOnly: false,
    req: { userName: USERS.ci.name, accessKeyId: USERS.ci.accessKeyId },
  });
}

/** The CI key after rotation; CI runs after this time use it. */
export const ROTATED_CI_KEY = 'AKIAT4GQ2XHNP5SXRY2C';
export const CI_KEY_ROTATED_AT = at(INCIDENT_DAY, '09:32:25');

export function incident(tl: Timeline, rng: Prng): void {
  // The leaked key is first tried by an automated validator the evening before.
  tl.call({
    t: at('2026-03-11', '17:22:08'),
    actor: keyUser(USERS.ci, IPS.scraper, UA.scraperUa),
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    region: 'us-east-1',
    readOnly: true,
  });
  recon(tl, rng.fork('recon'));
  backdoor(tl, rng.fork('backdoor'));
  const admin = intoProd(tl, rng.fork('prod'));
  exfiltrate(tl, rng.fork('exfil'), admin);
  expose(tl, rng.fork('expose'), admin);
  rootLogin(tl, rng.fork('root'));
  response(tl, rng.fork('response'));
}
