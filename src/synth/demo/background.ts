/**
 * Three ordinary days in the organisation: people in the console and on the CLI, CI pipelines,
 * workloads on EC2 and Lambda, AWS Config, a posture scanner, a monitoring vendor, and the usual
 * trickle of AccessDenied. Read-heavy, bursty in office hours, quiet at night.
 */
import { type Prng, WeightedPicker } from '../prng.js';
import { awsService } from '../records.js';
import {
  ACCOUNTS,
  ACTIVE_REGIONS,
  BUCKETS,
  DAY_MS,
  DEV_REGION,
  type IamUserSpec,
  INSTANCES,
  IPS,
  PROD_REGION,
  ROLES,
  type RoleSpec,
  UA,
  USERS,
  WINDOW_END,
  WINDOW_START,
} from './cast.js';
import { READS, WRITES, accessDenied, type ApiCall, read, write } from './calls.js';
import {
  type Actor,
  consoleUser,
  keyUser,
  live,
  type RoleSession,
  serviceLinkedActor,
  sessionActor,
  signInIdentity,
} from './identity.js';
import { CI_KEY_ROTATED_AT, INCIDENT, ROTATED_CI_KEY } from './incident.js';
import type { Timeline } from './timeline.js';
import { HOUR, MINUTE } from './time.js';

export const VENDOR_ACCOUNT = '577208431765';
const VENDOR_ROLE: RoleSpec = {
  account: 'prod',
  name: 'metrics-vendor-integration',
  principalId: 'AROA2YH7MBQ4XK3DNT6WF',
};

function days(): number[] {
  const out: number[] = [];
  for (let d = WINDOW_START; d < WINDOW_END; d += DAY_MS) out.push(d);
  return out;
}

/** Issue one templated call for an actor, with global services logged in us-east-1. */
function issue(
  tl: Timeline,
  t: number,
  actor: Actor,
  call: ApiCall,
  region: string,
  error?: { code: string; message?: string },
): void {
  tl.call({
    t,
    actor,
    source: call.source,
    name: call.name,
    region: call.global ? 'us-east-1' : region,
    readOnly: call.readOnly,
    req: call.req,
    resp: call.resp,
    error,
  });
}

function picker(names: readonly (readonly [string, number])[]): WeightedPicker<string> {
  return new WeightedPicker(names);
}

const CONSOLE_READS = picker([
  ['DescribeInstances', 12],
  ['DescribeSecurityGroups', 5],
  ['DescribeVpcs', 2],
  ['DescribeSubnets', 2],
  ['DescribeVolumes', 2],
  ['DescribeInstanceStatus', 6],
  ['ListBuckets', 3],
  ['GetBucketPolicy', 1],
  ['GetBucketLocation', 2],
  ['ListRoles', 2],
  ['GetRole', 2],
  ['ListAttachedRolePolicies', 1],
  ['ListPolicies', 1],
  ['ListUsers', 1],
  ['GetAccountSummary', 1],
  ['ListFunctions', 3],
  ['GetFunction', 3],
  ['DescribeAlarms', 5],
  ['DescribeLogGroups', 3],
  ['FilterLogEvents', 4],
  ['DescribeDBInstances', 2],
  ['DescribeDBClusters', 1],
  ['DescribeTable', 1],
  ['DescribeStacks', 2],
  ['DescribeLoadBalancers', 2],
  ['DescribeTargetHealth', 3],
  ['DescribeAutoScalingGroups', 2],
  ['LookupEvents', 2],
]);
const SECURITY_READS = picker([
  ['ListDetectors', 4],
  ['GetFindings', 8],
  ['DescribeConfigRules', 4],
  ['DescribeTrails', 3],
  ['LookupEvents', 6],
  ['ListRoles', 2],
  ['GetRole', 2],
  ['ListUsers', 2],
  ['GetAccountSummary', 1],
  ['DescribeSecurityGroups', 2],
  ['ListBuckets', 2],
  ['GetBucketPolicy', 2],
]);
const CONSOLE_WRITES = picker([
  ['CreateTags', 4],
  ['PutParameter', 2],
  ['PutMetricAlarm', 2],
  ['UpdateAutoScalingGroup', 1],
  ['StartInstances', 1],
]);
const TERRAFORM_READS = picker([
  ['DescribeInstances', 3],
  ['DescribeSecurityGroups', 4],
  ['DescribeVpcs', 3],
  ['DescribeSubnets', 3],
  ['GetRole', 4],
  ['ListAttachedRolePolicies', 3],
  ['GetFunction', 3],
  ['GetBucketPolicy', 2],
  ['GetBucketLocation', 1],
  ['DescribeDBClusters', 1],
  ['DescribeLoadBalancers', 2],
  ['DescribeTargetHealth', 1],
  ['DescribeAlarms', 1],
  ['DescribeAutoScalingGroups', 1],
  ['DescribeKey', 1],
  ['DescribeTable', 1],
]);
const SCANNER_READS = picker([
  ['DescribeInstances', 3],
  ['DescribeSecurityGroups', 4],
  ['DescribeVpcs', 2],
  ['DescribeSubnets', 2],
  ['DescribeVolumes', 2],
  ['ListBuckets', 1],
  ['GetBucketPolicy', 4],
  ['GetBucketLocation', 2],
  ['ListRoles', 2],
  ['GetRole', 3],
  ['ListAttachedRolePolicies', 3],
  ['ListPolicies', 1],
  ['ListUsers', 1],
  ['GetAccountSummary', 1],
  ['ListFunctions', 1],
  ['GetFunction', 1],
  ['DescribeDBInstances', 1],
  ['DescribeTrails', 2],
  ['ListDetectors', 1],
  ['DescribeConfigRules', 1],
  ['DescribeKey', 2],
  ['DescribeLogGroups', 1],
]);
const CLI_READS = picker([
  ['DescribeInstances', 5],
  ['FilterLogEvents', 4],
  ['DescribeLogGroups', 2],
  ['GetParameter', 3],
  ['GetCallerIdentity', 3],
  ['ListFunctions', 2],
  ['GetFunction', 2],
  ['DescribeStacks', 2],
  ['DescribeTable', 1],
  ['ListBuckets', 2],
  ['GetAuthorizationToken', 2],
]);

/** Calls a session makes; a small share fail with AccessDenied, as people poke at things they may not touch. */
function session(
  tl: Timeline,
  rng: Prng,
  actor: Actor,
  start: number,
  end: number,
  count: number,
  reads: WeightedPicker<string>,
  region: string,
  writes?: WeightedPicker<string>,
  denyRate = 0.012,
): void {
  const account = actor.account;
  const arn = String(actor.identity.arn ?? '');
  const times: number[] = [];
  // Calls come in bursts of page loads / commands rather than evenly.
  let t = start;
  while (times.length < count && t < end) {
    const burst = rng.range(1, 6);
    for (let i = 0; i < burst && times.length < count; i++)
      times.push(t + i * rng.range(150, 2500));
    t += rng.range(15, 300) * 1000;
  }
  for (const when of times) {
    const name = writes && rng.chance(0.06) ? writes.pick(rng) : reads.pick(rng);
    const call = (READS[name] ? read(name) : write(name))(rng, account, region);
    const denied = rng.chance(denyRate);
    const prefix = call.source.split('.')[0];
    issue(
      tl,
      when,
      actor,
      call,
      region,
      denied ? accessDenied(arn, `${prefix}:${call.name.replace(/\d{8}.*$/, '')}`) : undefined,
    );
  }
}

function workHours(rng: Prng, day: number, fromH: number, toH: number): [number, number] {
  const start = day + fromH * HOUR + rng.range(0, 50) * MINUTE;
  const end = day + toH * HOUR + rng.range(0, 60) * MINUTE;
  return [start, end];
}

interface ConsolePerson {
  user: IamUserSpec;
  ips: readonly string[];
  ua: string;
  fromH: number;
  toH: number;
  region: string;
  perDay: number;
  reads: WeightedPicker<string>;
}

function consolePeople(tl: Timeline, rng: Prng): void {
  const people: ConsolePerson[] = [
    {
      user: USERS.olivia,
      ips: [IPS.office[0], IPS.oliviaHome],
      ua: UA.consoleBrowser,
      fromH: 8,
      toH: 17,
      region: DEV_REGION,
      perDay: 480,
      reads: CONSOLE_READS,
    },
    {
      user: USERS.marcus,
      ips: [IPS.marcusHome],
      ua: UA.consoleBrowserWin,
      fromH: 14,
      toH: 22,
      region: PROD_REGION,
      perDay: 560,
      reads: CONSOLE_READS,
    },
    {
      user: USERS.nina,
      ips: [IPS.office[1], IPS.ninaHome],
      ua: UA.consoleBrowser,
      fromH: 7,
      toH: 16,
      region: 'us-east-1',
      perDay: 330,
      reads: SECURITY_READS,
    },
  ];
  for (const day of days()) {
    for (const p of people) {
      const [start, end] = workHours(rng, day, p.fromH, p.toH);
      const ip = rng.pick(p.ips);
      // Two sign-ins a day: morning and after lunch (console sessions last 12h, people still re-login).
      const mid = start + Math.floor((end - start) * (0.4 + rng.next() * 0.2));
      for (const [from, to] of [
        [start, mid],
        [mid + 40 * MINUTE, end],
      ] as const) {
        tl.consoleLogin({
          t: from,
          identity: signInIdentity(p.user),
          account: ACCOUNTS[p.user.account],
          ip,
          userAgent: p.ua,
          mfa: true,
          success: true,
        });
        const actor = consoleUser(p.user, rng.awsId('ASIA'), from, true, ip, p.ua);
        const perSession = Math.floor(p.perDay / 2);
        session(
          tl,
          rng,
          actor,
          from + rng.range(5, 40) * 1000,
          to,
          perSession,
          p.reads,
          p.region,
          CONSOLE_WRITES,
        );
        // The console itself polls some views with "AWS Internal" as the agent.
        const internal = { ...actor, userAgent: UA.console };
        for (let i = 0; i < 12; i++) {
          const t = from + rng.int(Math.max(1, to - from));
          issue(
            tl,
            t,
            internal,
            read(rng.pick(['DescribeAlarms', 'GetAccountSummary', 'ListBuckets']))(
              rng,
              actor.account,
              p.region,
            ),
            p.region,
          );
        }
      }
    }
  }
}

function cliPeople(tl: Timeline, rng: Prng): void {
  for (const day of days()) {
    // sam.patel: developer in dev, aws-cli and a boto3 tool, from the office.
    const [s0, s1] = workHours(rng, day, 9, 18);
    session(
      tl,
      rng,
      keyUser(USERS.sam, IPS.office[0], UA.cliMac('logs.filter-log-events')),
      s0,
      s1,
      70,
      CLI_READS,
      DEV_REGION,
      undefined,
      0.03,
    );
    session(
      tl,
      rng,
      keyUser(USERS.sam, IPS.office[0], UA.boto3Sam),
      s0 + HOUR,
      s1,
      40,
      CLI_READS,
      DEV_REGION,
      undefined,
      0.02,
    );
    // priya.nair: data engineer in prod, pulls a few exports with boto3 for reporting.
    const [p0, p1] = workHours(rng, day, 8, 16);
    const priya = keyUser(USERS.priya, IPS.priyaHome, UA.boto3Priya);
    session(tl, rng, priya, p0, p1, 45, CLI_READS, PROD_REGION, undefined, 0.02);
    const pulls = rng.range(12, 25);
    let t = p0 + rng.range(10, 90) * MINUTE;
    tl.s3Data({
      t,
      actor: priya,
      name: 'ListObjects',
      bucket: BUCKETS.customerExports,
      bucketAccount: ACCOUNTS.prod,
      key: 'reports/',
      region: PROD_REGION,
    });
    for (let i = 0; i < pulls; i++) {
      t += rng.range(2, 40) * 1000;
      tl.s3Data({
        t,
        actor: priya,
        name: 'GetObject',
        bucket: BUCKETS.customerExports,
        bucketAccount: ACCOUNTS.prod,
        key: `reports/${new Date(day).toISOString().slice(0, 10)}/region-${rng.pick(['emea', 'amer', 'apac'])}-${rng.range(1, 9)}.parquet`,
        region: PROD_REGION,
        bytes: rng.range(80_000, 4_000_000),
      });
    }
  }
}

/** CI: GitHub Actions runners using the ci-deployer key, assuming ci-deploy in prod for terraform. */
export function ciPipelines(tl: Timeline, rng: Prng): void {
  let run = 8_204_113_560;
  for (const day of days()) {
    const runs = rng.range(12, 16);
    for (let r = 0; r < runs; r++) {
      run += rng.range(3, 40);
      const t0 = day + rng.range(7 * 60, 20 * 60) * MINUTE + rng.int(60) * 1000;
      const ip = rng.pick(IPS.ciRunners);
      const key = ciKeyAt(t0);
      // Between disabling the leaked key and issuing a new one, pipelines fail before CloudTrail sees them.
      if (!key) continue;
      const ci = keyUser(USERS.ci, ip, UA.cliRunner('sts.get-caller-identity'), key);
      tl.call({
        t: t0,
        actor: ci,
        source: 'sts.amazonaws.com',
        name: 'GetCallerIdentity',
        region: 'us-east-1',
        readOnly: true,
      });
      // A dev-side plan with the long-term key.
      const tf = keyUser(USERS.ci, ip, UA.terraform, key);
      for (let i = 0; i < rng.range(8, 16); i++)
        issue(
          tl,
          t0 + (5 + i * 2) * 1000,
          tf,
          terraformRead(rng, ACCOUNTS.dev, DEV_REGION),
          DEV_REGION,
        );
      const assumeAt = t0 + rng.range(40, 70) * 1000;
      const deploy = tl.assumeRole({
        t: assumeAt,
        actor: keyUser(USERS.ci, ip, UA.cliRunner('sts.assume-role'), key),
        role: ROLES.ciDeploy,
        sessionName: `gha-${run}`,
      });
      const prodTf = sessionActor(deploy, ip, UA.terraform);
      const n = rng.range(18, 34);
      for (let i = 0; i < n; i++)
        issue(
          tl,
          assumeAt + (3 + i * rng.range(1, 4)) * 1000,
          prodTf,
          terraformRead(rng, ACCOUNTS.prod, PROD_REGION),
          PROD_REGION,
        );
      if (rng.chance(0.5)) {
        issue(
          tl,
          assumeAt + (n * 3 + 10) * 1000,
          prodTf,
          write('UpdateFunctionCode')(rng, ACCOUNTS.prod, PROD_REGION),
          PROD_REGION,
        );
      }
      // One run a day applies database migrations: benign role chaining ci-deploy -> db-migrator.
      if (r === 2) {
        const chained = tl.assumeRole({
          t: assumeAt + 90_000,
          actor: sessionActor(deploy, ip, UA.cliRunner('sts.assume-role')),
          role: ROLES.dbMigrator,
          sessionName: `gha-${run}-migrate`,
          region: PROD_REGION,
        });
        const mig = sessionActor(chained, ip, UA.cliRunner('rds.describe-db-clusters'));
        for (let i = 0; i < 6; i++)
          issue(
            tl,
            assumeAt + 95_000 + i * 4000,
            mig,
            read(rng.pick(['DescribeDBClusters', 'GetParameter', 'DescribeDBInstances']))(
              rng,
              ACCOUNTS.prod,
              PROD_REGION,
            ),
            PROD_REGION,
          );
      }
    }
  }
}

function ciKeyAt(t: number): string | null {
  if (t < INCIDENT.keyDisabled) return USERS.ci.accessKeyId;
  return t < CI_KEY_ROTATED_AT ? null : ROTATED_CI_KEY;
}

function terraformRead(rng: Prng, account: string, region: string): ApiCall {
  return read(TERRAFORM_READS.pick(rng))(rng, account, region);
}

/** The checkout app on three EC2 instances: hourly instance-profile credentials, S3 + SSM + KMS. */
function ec2Workload(tl: Timeline, rng: Prng): void {
  const sessions: (RoleSession | null)[] = INSTANCES.map(() => null);
  for (let t = WINDOW_START; t < WINDOW_END; t += 5 * MINUTE) {
    const busy = isDaytime(t) ? 1 : 0.35;
    INSTANCES.forEach((instance, i) => {
      let s = sessions[i] ?? null;
      if (!live(s, t)) {
        s = tl.serviceAssumeRole({
          t: t + rng.int(60_000),
          service: 'ec2.amazonaws.com',
          role: ROLES.appEc2,
          sessionName: instance,
          region: PROD_REGION,
          durationS: 6 * 3600,
          ec2: true,
        });
        sessions[i] = s;
      }
      const actor = sessionActor(s, `10.20.${11 + i}.${rng.range(10, 200)}`, UA.javaSdkApp);
      const calls = rng.chance(busy) ? rng.range(2, 3) : 0;
      for (let c = 0; c < calls; c++) {
        const when = t + rng.int(5 * MINUTE);
        const kind = rng.next();
        if (kind < 0.6) {
          const put = rng.chance(0.3);
          tl.s3Data({
            t: when,
            actor,
            name: put ? 'PutObject' : 'GetObject',
            bucket: BUCKETS.appAssets,
            bucketAccount: ACCOUNTS.prod,
            key: put
              ? `uploads/${rng.hex(8)}/${rng.hex(12)}.jpg`
              : `static/${rng.pick(['app', 'vendor', 'checkout'])}.${rng.hex(8)}.js`,
            region: PROD_REGION,
            bytes: rng.range(2_000, 900_000),
          });
        } else if (kind < 0.85) {
          tl.call({
            t: when,
            actor,
            source: 'kms.amazonaws.com',
            name: 'Decrypt',
            region: PROD_REGION,
            readOnly: true,
            req: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
            resources: [
              {
                accountId: ACCOUNTS.prod,
                type: 'AWS::KMS::Key',
                ARN: `arn:aws:kms:${PROD_REGION}:${ACCOUNTS.prod}:key/5f1c8e2a-7b3d-4c9e-a1f6-2d8b9e0c4a71`,
              },
            ],
          });
        } else {
          issue(
            tl,
            when,
            actor,
            read('GetParameter')(rng, ACCOUNTS.prod, PROD_REGION),
            PROD_REGION,
          );
        }
      }
    });
  }
}

function isDaytime(t: number): boolean {
  const h = new Date(t).getUTCHours();
  return h >= 6 && h < 22;
}

/** Lambda: the nightly customer export (writes the sensitive bucket) and dev's thumbnailer. */
function lambdaJobs(tl: Timeline, rng: Prng): void {
  for (const day of days()) {
    const t0 = day + 30 * MINUTE + rng.int(120) * 1000;
    const s = tl.serviceAssumeRole({
      t: t0,
      service: 'lambda.amazonaws.com',
      role: ROLES.exportJob,
      sessionName: 'customer-export',
      region: PROD_REGION,
      durationS: 43200,
    });
    const actor = sessionActor(s, '34.248.117.5', UA.nodeSdkLambda);
    const date = new Date(day).toISOString().slice(0, 10);
    for (let i = 0; i < 48; i++) {
      tl.s3Data({
        t: t0 + 5000 + i * rng.range(3000, 9000),
        actor,
        name: 'PutObject',
        bucket: BUCKETS.customerExports,
        bucketAccount: ACCOUNTS.prod,
        key: `exports/${date}/customers-${String(i + 1).padStart(4, '0')}.csv.gz`,
        region: PROD_REGION,
        bytes: rng.range(2_000_000, 9_000_000),
      });
    }
    // Thumbnailer in dev: cold starts through the day.
    for (let h = 8; h < 20; h += rng.range(1, 3)) {
      const t = day + h * HOUR + rng.int(3600) * 1000;
      const th = tl.serviceAssumeRole({
        t,
        service: 'lambda.amazonaws.com',
        role: ROLES.thumbnailer,
        sessionName: 'dev-thumbnailer',
        region: DEV_REGION,
        durationS: 43200,
      });
      const a = sessionActor(th, '54.190.22.181', UA.pythonLambda);
      issue(tl, t + 800, a, write('CreateLogStream')(rng, ACCOUNTS.dev, DEV_REGION), DEV_REGION);
      issue(tl, t + 1400, a, read('GetParameter')(rng, ACCOUNTS.dev, DEV_REGION), DEV_REGION);
    }
  }
}

/** AWS Config's service-linked role describing resources in every active region of every account. */
function configRecorder(tl: Timeline, rng: Prng): void {
  const roles = [ROLES.configProd, ROLES.configDev, ROLES.configSecurity];
  const names = [
    'DescribeInstances',
    'DescribeSecurityGroups',
    'DescribeVpcs',
    'DescribeSubnets',
    'DescribeVolumes',
    'GetBucketPolicy',
    'ListAttachedRolePolicies',
    'GetRole',
  ];
  for (const role of roles) {
    for (const region of ACTIVE_REGIONS) {
      let s: RoleSession | null = null;
      for (
        let t = WINDOW_START + rng.int(20) * MINUTE;
        t < WINDOW_END;
        t += rng.range(45, 75) * MINUTE
      ) {
        if (!live(s, t))
          s = tl.serviceAssumeRole({
            t,
            service: 'config.amazonaws.com',
            role,
            sessionName: 'AWSConfig-Describe',
            region,
            durationS: 3600,
          });
        const actor = serviceLinkedActor(s, 'config.amazonaws.com');
        const n = rng.range(3, 6);
        for (let i = 0; i < n; i++)
          issue(
            tl,
            t + 2000 + i * rng.range(200, 1500),
            actor,
            read(rng.pick(names))(rng, actor.account, region),
            region,
          );
      }
    }
  }
}

/** A posture scanner Lambda in the security account audits prod and dev every morning. */
function postureScanner(tl: Timeline, rng: Prng): void {
  for (const day of days()) {
    const t0 = day + 6 * HOUR + rng.int(600) * 1000;
    const home = tl.serviceAssumeRole({
      t: t0,
      service: 'lambda.amazonaws.com',
      role: ROLES.scanner,
      sessionName: 'posture-scanner',
      region: 'us-east-1',
      durationS: 3600,
    });
    const self = sessionActor(home, '3.231.18.77', UA.scanner);
    for (const [k, target] of [
      [0, ROLES.auditProd],
      [1, ROLES.auditDev],
    ] as const) {
      const t1 = t0 + 5000 + k * 20 * MINUTE;
      const audit = tl.assumeRole({
        t: t1,
        actor: self,
        role: target,
        sessionName: `posture-scanner-${new Date(day).toISOString().slice(0, 10)}`,
      });
      const a = sessionActor(audit, '3.231.18.77', UA.scanner);
      let t = t1 + 3000;
      for (const region of ACTIVE_REGIONS) {
        for (let i = 0; i < rng.range(60, 80); i++) {
          t += rng.range(150, 1800);
          const call = read(SCANNER_READS.pick(rng))(rng, a.account, region);
          issue(
            tl,
            t,
            a,
            call,
            region,
            rng.chance(0.015)
              ? accessDenied(String(a.identity.arn), `${call.source.split('.')[0]}:${call.name}`)
              : undefined,
          );
        }
      }
    }
    // Security account self-audit.
    let t = t0 + 50 * MINUTE;
    for (let i = 0; i < 120; i++) {
      t += rng.range(200, 1500);
      issue(
        tl,
        t,
        self,
        read(SCANNER_READS.pick(rng))(rng, ACCOUNTS.security, 'us-east-1'),
        'us-east-1',
      );
    }
  }
}

/**
 * A monitoring vendor polls prod from its own AWS account: only the role owner's copy of its
 * AssumeRole is in this evidence, so tracing its keys ends at an external account (not a gap).
 */
function vendorMonitoring(tl: Timeline, rng: Prng): void {
  let s: RoleSession | null = null;
  const vendor: Actor = {
    identity: {
      type: 'AWSAccount',
      principalId: 'AROAYXQ6PFUWB3TMDQK2N:vendor-poller',
      accountId: VENDOR_ACCOUNT,
    },
    ip: '3.233.146.30',
    userAgent: 'aws-sdk-go/1.50.30 (go1.21.7; linux; amd64)',
    account: VENDOR_ACCOUNT,
  };
  for (let t = WINDOW_START + 7 * MINUTE; t < WINDOW_END; t += 10 * MINUTE + rng.int(30_000)) {
    if (!live(s, t)) {
      // Only the owner's copy: built by hand since the caller's copy lives in the vendor's account.
      s = tl.assumeRole({
        t,
        actor: { ...vendor, account: ACCOUNTS.prod },
        role: VENDOR_ROLE,
        sessionName: `vendor-poller-${rng.hex(8)}`,
        durationS: 3600,
      });
    }
    const a = sessionActor(s, '3.233.146.30', vendor.userAgent);
    for (const name of [
      'DescribeInstances',
      'DescribeAlarms',
      'DescribeLoadBalancers',
      'DescribeTargetHealth',
    ].slice(0, rng.range(2, 4))) {
      issue(tl, t + rng.int(20_000), a, read(name)(rng, ACCOUNTS.prod, PROD_REGION), PROD_REGION);
    }
  }
}

/** AWS services acting on the account's behalf (AwsServiceEvent and service-principal calls). */
function serviceEvents(tl: Timeline, rng: Prng): void {
  for (const day of days()) {
    for (const account of Object.values(ACCOUNTS)) {
      // KMS rotates customer keys and logs it as a service event.
      const t = day + rng.range(1, 4) * HOUR + rng.int(3600) * 1000;
      const keyArn = `arn:aws:kms:${PROD_REGION}:${account}:key/${rng.uuid()}`;
      rng.uuid(); // keeps the draws of the published bundle
      tl.call({
        t,
        actor: {
          identity: awsService('kms.amazonaws.com'),
          ip: 'kms.amazonaws.com',
          userAgent: 'kms.amazonaws.com',
          account,
        },
        source: 'kms.amazonaws.com',
        name: 'RotateKey',
        region: PROD_REGION,
        readOnly: false,
        eventType: 'AwsServiceEvent',
        resources: [{ accountId: account, type: 'AWS::KMS::Key', ARN: keyArn }],
        additional: { keyId: keyArn },
      });
      // Health / scheduled events and Trusted Advisor refreshes.
      for (let i = 0; i < 4; i++) {
        tl.call({
          t: day + rng.int(24 * 60) * MINUTE,
          actor: {
            identity: awsService('trustedadvisor.amazonaws.com'),
            ip: 'trustedadvisor.amazonaws.com',
            userAgent: 'trustedadvisor.amazonaws.com',
            account,
          },
          source: 'ec2.amazonaws.com',
          name: rng.pick(['DescribeInstances', 'DescribeVolumes', 'DescribeSecurityGroups']),
          region: rng.pick(ACTIVE_REGIONS),
          readOnly: true,
          req: { filterSet: {} },
        });
      }
    }
  }
  // Auto Scaling's service-linked role replaces an unhealthy instance once.
  const t = Date.UTC(2026, 2, 11, 14, 22, 31);
  const role: RoleSpec = {
    account: 'prod',
    name: 'AWSServiceRoleForAutoScaling',
    principalId: 'AROA2YH7MBQ4JD5ZW3MRP',
  };
  const s = tl.serviceAssumeRole({
    t,
    service: 'autoscaling.amazonaws.com',
    role,
    sessionName: 'AutoScaling',
    region: PROD_REGION,
  });
  const a = serviceLinkedActor(s, 'autoscaling.amazonaws.com');
  tl.call({
    t: t + 2000,
    actor: a,
    source: 'ec2.amazonaws.com',
    name: 'TerminateInstances',
    region: PROD_REGION,
    readOnly: false,
    req: { instancesSet: { items: [{ instanceId: INSTANCES[1] }] } },
  });
  tl.call({
    t: t + 9000,
    actor: a,
    source: 'ec2.amazonaws.com',
    name: 'RunInstances',
    region: PROD_REGION,
    readOnly: false,
    req: {
      instancesSet: { items: [{ imageId: 'ami-0f3a9c7d2e1b84a56', minCount: 1, maxCount: 1 }] },
      instanceType: 'm6i.large',
    },
  });
}

/** Everything that is not the incident or its decoys. */
export function background(tl: Timeline, rng: Prng): void {
  consolePeople(tl, rng.fork('console'));
  cliPeople(tl, rng.fork('cli'));
  ciPipelines(tl, rng.fork('ci'));
  ec2Workload(tl, rng.fork('ec2'));
  lambdaJobs(tl, rng.fork('lambda'));
  configRecorder(tl, rng.fork('config'));
  postureScanner(tl, rng.fork('scanner'));
  vendorMonitoring(tl, rng.fork('vendor'));
  serviceEvents(tl, rng.fork('services'));
}
