/**
 * Benign events that look like parts of the incident, so that a responder (or a rule) has to tell
 * them apart: a user created with a key and a policy by an admin with MFA, a trail update that adds
 * logging, a world-open port 443 on the load balancer's group, a bucket policy for CloudFront, a
 * root sign-in with MFA, failed logins, a developer's small AccessDenied burst, a first-seen IP.
 */
import type { Prng } from '../prng.js';
import { root } from '../records.js';
import {
  ACCOUNTS,
  BUCKETS,
  IPS,
  PROD_REGION,
  ROLES,
  SECURITY_GROUPS,
  TRAILS,
  UA,
  USERS,
} from './cast.js';
import { accessDenied, write } from './calls.js';
import { consoleUser, keyUser, rootConsole, sessionActor, signInIdentity } from './identity.js';
import type { Timeline } from './timeline.js';
import { at } from './time.js';

function legitimateServiceUser(tl: Timeline, rng: Prng): void {
  const day = '2026-03-11';
  let t = at(day, '10:02:17');
  const olivia = consoleUser(
    USERS.olivia,
    rng.awsId('ASIA'),
    t,
    true,
    IPS.office[0],
    UA.consoleBrowser,
  );
  tl.consoleLogin({
    t,
    identity: signInIdentity(USERS.olivia),
    account: ACCOUNTS.dev,
    ip: IPS.office[0],
    userAgent: UA.consoleBrowser,
    mfa: true,
    success: true,
  });
  const u = USERS.grafana;
  const arn = `arn:aws:iam::${ACCOUNTS.dev}:user/${u.name}`;
  t = at(day, '10:14:51');
  tl.call({
    t,
    actor: olivia,
    source: 'iam.amazonaws.com',
    name: 'CreateUser',
    region: 'us-east-1',
    readOnly: false,
    req: {
      userName: u.name,
      tags: [
        { key: 'owner', value: 'platform' },
        { key: 'ticket', value: 'PLAT-2291' },
      ],
    },
    resp: {
      user: {
        path: '/',
        userName: u.name,
        userId: u.principalId,
        arn,
        createDate: 'Mar 11, 2026, 10:14:51 AM',
        tags: [
          { key: 'owner', value: 'platform' },
          { key: 'ticket', value: 'PLAT-2291' },
        ],
      },
    },
  });
  t += 38_000;
  tl.call({
    t,
    actor: olivia,
    source: 'iam.amazonaws.com',
    name: 'AttachUserPolicy',
    region: 'us-east-1',
    readOnly: false,
    req: { userName: u.name, policyArn: 'arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess' },
  });
  t += 52_000;
  tl.call({
    t,
    actor: olivia,
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
        createDate: 'Mar 11, 2026, 10:16:21 AM',
      },
    },
  });
  // Grafana starts polling CloudWatch with it from the monitoring VPC's NAT.
  const grafana = keyUser(
    u,
    '52.48.201.66',
    'aws-sdk-go/1.50.8 (go1.21.6; linux; amd64) grafana/10.3.3',
  );
  for (
    let t2 = at(day, '10:31:00');
    t2 < at('2026-03-13', '00:00:00');
    t2 += 20 * 60_000 + rng.int(60_000)
  ) {
    tl.call({
      t: t2,
      actor: grafana,
      source: 'monitoring.amazonaws.com',
      name: 'DescribeAlarms',
      region: PROD_REGION,
      readOnly: true,
      req: { maxRecords: 100 },
    });
  }
}

function loggingChanges(tl: Timeline, rng: Prng): void {
  const day = '2026-03-10';
  let t = at(day, '11:02:44');
  const nina = consoleUser(
    USERS.nina,
    rng.awsId('ASIA'),
    t - 600_000,
    true,
    IPS.office[1],
    UA.consoleBrowser,
  );
  tl.call({
    t,
    actor: nina,
    source: 'cloudtrail.amazonaws.com',
    name: 'UpdateTrail',
    region: 'us-east-1',
    readOnly: false,
    req: { name: TRAILS.security, enableLogFileValidation: true },
    resp: {
      name: 'security-account-trail',
      s3BucketName: BUCKETS.securityTrail,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      trailARN: TRAILS.security,
      logFileValidationEnabled: true,
      isOrganizationTrail: false,
    },
  });
  t += 95_000;
  // Data events for the two sensitive buckets on the organisation trail: why the exfiltration is visible at all.
  tl.call({
    t,
    actor: nina,
    source: 'cloudtrail.amazonaws.com',
    name: 'PutEventSelectors',
    region: 'us-east-1',
    readOnly: false,
    req: {
      trailName: TRAILS.org,
      advancedEventSelectors: [
        {
          name: 'Management events',
          fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }],
        },
        {
          name: 'Sensitive bucket objects',
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            {
              field: 'resources.ARN',
              startsWith: [
                `arn:aws:s3:::${BUCKETS.customerExports}/`,
                `arn:aws:s3:::${BUCKETS.appAssets}/`,
              ],
            },
          ],
        },
      ],
    },
    resp: { trailARN: TRAILS.org },
  });
}

function networkAndBuckets(tl: Timeline, rng: Prng): void {
  // marcus opens HTTPS to the world on the ALB's group (expected) and Postgres to the app subnets.
  let t = at('2026-03-11', '16:31:09');
  const marcus = consoleUser(
    USERS.marcus,
    rng.awsId('ASIA'),
    t - 1_800_000,
    true,
    IPS.marcusHome,
    UA.consoleBrowserWin,
  );
  tl.call({
    t,
    actor: marcus,
    source: 'ec2.amazonaws.com',
    name: 'AuthorizeSecurityGroupIngress',
    region: PROD_REGION,
    readOnly: false,
    req: {
      groupId: SECURITY_GROUPS.appWeb,
      ipPermissions: {
        items: [
          {
            ipProtocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            groups: {},
            ipRanges: { items: [{ cidrIp: '0.0.0.0/0', description: 'public HTTPS to ALB' }] },
            ipv6Ranges: { items: [{ cidrIpv6: '::/0', description: 'public HTTPS to ALB' }] },
            prefixListIds: {},
          },
        ],
      },
    },
    resp: { requestId: rng.uuid(), _return: true },
  });
  t += 140_000;
  const internal = write('AuthorizeSecurityGroupIngressInternal')(rng, ACCOUNTS.prod, PROD_REGION);
  tl.call({
    t,
    actor: marcus,
    source: internal.source,
    name: internal.name,
    region: PROD_REGION,
    readOnly: false,
    req: internal.req,
    resp: internal.resp,
  });
  // Terraform (through CI's ci-deploy role) sets a CloudFront-only policy on the assets bucket.
  t = at('2026-03-10', '15:47:31');
  const deploy = tl.assumeRole({
    t: t - 60_000,
    actor: keyUser(USERS.ci, IPS.ciRunners[2] as string, UA.cliRunner('sts.assume-role')),
    role: ROLES.ciDeploy,
    sessionName: 'gha-8204113397',
  });
  const tf = sessionActor(deploy, IPS.ciRunners[2] as string, UA.terraform);
  const bucket = BUCKETS.appAssets;
  tl.call({
    t,
    actor: tf,
    source: 's3.amazonaws.com',
    name: 'PutBucketPolicy',
    region: PROD_REGION,
    readOnly: false,
    req: {
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowCloudFrontOAC',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${bucket}/*`,
            Condition: {
              StringEquals: {
                'AWS:SourceArn': `arn:aws:cloudfront::${ACCOUNTS.prod}:distribution/E2QWRUHAPOMQZL`,
              },
            },
          },
        ],
      },
      bucketName: bucket,
      Host: `${bucket}.s3.${PROD_REGION}.amazonaws.com`,
      policy: '',
    },
  });
}

function signIns(tl: Timeline, rng: Prng): void {
  // sam mistypes his password twice, then gets in with MFA.
  let t = at('2026-03-11', '08:58:12');
  for (let i = 0; i < 2; i++) {
    tl.consoleLogin({
      t,
      identity: signInIdentity(USERS.sam),
      account: ACCOUNTS.dev,
      ip: IPS.office[0],
      userAgent: UA.consoleBrowser,
      mfa: false,
      success: false,
    });
    t += rng.range(9000, 20000);
  }
  tl.consoleLogin({
    t,
    identity: signInIdentity(USERS.sam),
    account: ACCOUNTS.dev,
    ip: IPS.office[0],
    userAgent: UA.consoleBrowser,
    mfa: true,
    success: true,
  });
  // nina signs in as the security account's root (with MFA) to update the security contact.
  t = at('2026-03-10', '13:20:40');
  const acct = ACCOUNTS.security;
  tl.consoleLogin({
    t,
    identity: root({ account: acct, accessKeyId: '' }),
    account: acct,
    ip: IPS.office[1],
    userAgent: UA.consoleBrowser,
    mfa: true,
    success: true,
  });
  const r = rootConsole(acct, rng.awsId('ASIA'), t, true, IPS.office[1], UA.consoleBrowser);
  tl.call({
    t: t + 65_000,
    actor: r,
    source: 'account.amazonaws.com',
    name: 'PutAlternateContact',
    region: 'us-east-1',
    readOnly: false,
    req: {
      alternateContactType: 'SECURITY',
      emailAddress: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      name: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      phoneNumber: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      title: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    },
  });
  tl.call({
    t: t + 140_000,
    actor: r,
    source: 'iam.amazonaws.com',
    name: 'GetAccountSummary',
    region: 'us-east-1',
    readOnly: true,
  });
  // On the morning after, sam works from a new flat: a first-seen IP calling GetCallerIdentity.
  t = at('2026-03-12', '07:44:03');
  const sam = keyUser(USERS.sam, IPS.samNewHome, UA.cliMac('sts.get-caller-identity'));
  tl.call({
    t,
    actor: sam,
    source: 'sts.amazonaws.com',
    name: 'GetCallerIdentity',
    region: 'us-east-1',
    readOnly: true,
  });
  tl.call({
    t: t + 30_000,
    actor: keyUser(USERS.sam, IPS.samNewHome, UA.cliMac('logs.describe-log-groups')),
    source: 'logs.amazonaws.com',
    name: 'DescribeLogGroups',
    region: 'us-west-2',
    readOnly: true,
    req: { limit: 50 },
  });
}

/** sam's migration script asks for prod secrets it may not read: a small, benign AccessDenied burst. */
function developerDenials(tl: Timeline, rng: Prng): void {
  let t = at('2026-03-10', '14:05:19');
  const sam = keyUser(USERS.sam, IPS.office[0], UA.boto3Sam);
  const arn = `arn:aws:iam::${ACCOUNTS.dev}:user/${USERS.sam.name}`;
  for (let i = 0; i < 14; i++) {
    t += rng.range(800, 4000);
    const secret = `arn:aws:secretsmanager:us-west-2:${ACCOUNTS.dev}:secret:prod/checkout/db-${rng.pick(['primary', 'replica'])}-${rng.alnum(6)}`;
    const d = accessDenied(arn, 'secretsmanager:GetSecretValue', secret);
    tl.call({
      t,
      actor: sam,
      source: 'secretsmanager.amazonaws.com',
      name: 'GetSecretValue',
      region: 'us-west-2',
      readOnly: true,
      req: { secretId: secret.split(':').pop() as string },
      error: { code: 'AccessDeniedException', message: d.message },
    });
  }
}

export function decoys(tl: Timeline, rng: Prng): void {
  legitimateServiceUser(tl, rng.fork('service-user'));
  loggingChanges(tl, rng.fork('logging'));
  networkAndBuckets(tl, rng.fork('network'));
  signIns(tl, rng.fork('signins'));
  developerDenials(tl, rng.fork('denials'));
}
