/**
 * Credentials as a large estate produces them: every workload session gets a fresh temporary key,
 * sessions make a handful of calls (most), a few hundred (some), and end when their work is done
 * or after twelve hours. Session names repeat where AWS repeats them (a Lambda function's name, an
 * instance id for its lifetime) and are fresh where AWS makes them fresh (a CI run, an ECS task),
 * so distinct ARNs are about half the distinct keys: the ratio the issue measured on real trees.
 */
import type { Prng } from '../prng.js';
import type { Account, IamUser, Workload, WorkloadKind } from './org.js';

export interface Session {
  workload: Workload;
  accessKeyId: string;
  sessionName: string;
  arn: string;
  principalId: string;
  startMs: number;
  remaining: number;
  sourceIp: string;
  userAgent: string;
  /** Who minted the key: null when the issuance is outside the evidence. */
  issuer:
    | { kind: 'service'; service: string }
    | { kind: 'user'; user: IamUser }
    | { kind: 'saml'; userName: string }
    | { kind: 'session'; parent: Session }
    | null;
}

/** Share of new sessions that take a name never seen before, by workload kind. */
const FRESH_NAME: Record<WorkloadKind, number> = {
  lambda: 0.12,
  ec2: 0.5,
  ecs: 0.85,
  ci: 0.9,
  sso: 0.15,
  vendor: 0.3,
};
const MAX_SESSION_MS = 12 * 3600_000;
/**
 * Sessions at work at once in an account, for its calls per hour: about four calls an hour each,
 * so a session ends when its work is done (its budget), not by expiry, at any corpus size, and
 * the keys per event stay what the budgets make them.
 */
const CALLS_PER_SESSION_HOUR = 4;
const MAX_ACTIVE = 64;
/** Issuances logged in the evidence (the rest were minted before it starts, or elsewhere). */
const LOGGED_ISSUANCE = 0.7;

const AGENTS: Record<WorkloadKind, readonly string[]> = {
  lambda: [
    'aws-sdk-nodejs/2.1692.0 linux/v18.20.4 exec-env/AWS_Lambda_nodejs18.x',
    'Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.219 lang/python#3.12.3 exec-env/AWS_Lambda_python3.12',
    'aws-sdk-java/2.25.60 Linux/5.10.219 OpenJDK_64-Bit_Server_VM/21.0.3 exec-env/AWS_Lambda_java21',
  ],
  ec2: [
    'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64',
    'amazon-ssm-agent/3.3.484.0',
    'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.97 md/arch#x86_64 lang/python#3.11.9',
  ],
  ecs: [
    'aws-sdk-java/1.12.767 Linux/5.10.220 OpenJDK_64-Bit_Server_VM/17.0.12',
    'aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)',
  ],
  ci: [
    'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.11.9 md/command#cloudformation.deploy',
    'APN/1.0 HashiCorp/1.0 Terraform/1.9.3 (+https://www.terraform.io) terraform-provider-aws/5.61.0',
  ],
  sso: [
    'AWS Internal',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  ],
  vendor: ['Scanner/4.2 aws-sdk-go-v2/1.26.1', 'monitoring-agent/7.1 Boto3/1.28.57'],
};

/** How many calls a session makes: a few (exponential, this mean plus one), or 20–60 for this share. */
export interface SessionBudget {
  longShare: number;
  meanCalls: number;
}

export class SessionPools {
  private readonly active = new Map<string, Session[]>();
  private readonly names = new Map<string, string[]>();
  private readonly runnerIps: string[] = [];
  private readonly officeIps: string[] = [];
  private readonly vendorIps: string[] = [];
  /** Sessions started, and issuances to log (the caller drains them into the right file). */
  started = 0;
  readonly issued: Session[] = [];

  constructor(
    private readonly rng: Prng,
    private readonly accounts: readonly Account[],
    /** Expected calls per hour of each account (by id). */
    private readonly callsPerHour: ReadonlyMap<string, number>,
    private readonly budget: SessionBudget = { longShare: 0.03, meanCalls: 4 },
  ) {
    for (let i = 0; i < 400; i++) this.runnerIps.push(rng.ipv4([rng.pick([4, 20, 40, 52])]));
    for (let i = 0; i < 24; i++)
      this.officeIps.push(rng.ipv4([rng.pick([81, 94, 185]), rng.int(256)]));
    for (let i = 0; i < 6; i++) this.vendorIps.push(rng.ipv4([35, 170 + i]));
  }

  /** A session of `account` to make one call at `ms` (started now when the one drawn is done). */
  caller(account: Account, ms: number): Session {
    let list = this.active.get(account.id);
    if (!list) {
      list = [];
      this.active.set(account.id, list);
    }
    const want = Math.max(
      1,
      Math.min(
        MAX_ACTIVE,
        Math.round((this.callsPerHour.get(account.id) ?? 0) / CALLS_PER_SESSION_HOUR),
      ),
    );
    while (list.length < want) list.push(this.start(account, ms));
    // hot sessions carry most calls; the tail is the long list of short-lived ones
    const i = this.rng.zipfIndex(list.length, 1.05);
    let s = list[i];
    if (s.remaining <= 0 || ms - s.startMs > MAX_SESSION_MS) {
      s = this.start(account, ms);
      list[i] = s;
    }
    s.remaining--;
    return s;
  }

  private start(account: Account, ms: number): Session {
    const rng = this.rng;
    this.started++;
    const w = pickWorkload(rng, account);
    const name = this.sessionName(w);
    const key = rng.awsId('ASIA');
    const s: Session = {
      workload: w,
      accessKeyId: key,
      sessionName: name,
      arn: `arn:aws:sts::${w.account}:assumed-role/${w.roleName}/${name}`,
      principalId: `${w.roleId}:${name}`,
      startMs: ms,
      // mostly a few calls (a Lambda invocation, a CI step); a few long-running workers
      remaining: rng.chance(this.budget.longShare)
        ? 20 + rng.int(41)
        : 1 + Math.floor(-Math.log(1 - rng.next()) * this.budget.meanCalls),
      sourceIp: this.ipFor(w),
      userAgent: rng.pick(AGENTS[w.kind]),
      issuer: null,
    };
    if (rng.chance(LOGGED_ISSUANCE)) {
      s.issuer = this.issuerFor(w, account);
      this.issued.push(s);
    }
    return s;
  }

  private issuerFor(w: Workload, account: Account): NonNullable<Session['issuer']> {
    const rng = this.rng;
    if (w.issuer === 'service') return { kind: 'service', service: w.service! };
    if (w.issuer === 'saml')
      return {
        kind: 'saml',
        userName: `${rng.pick(['ana', 'li', 'sam', 'kai', 'noor', 'ola'])}.${rng.alnum(4).toLowerCase()}@example.com`,
      };
    // CI often hops from a pipeline role in another account (a chain two keys deep)
    if (w.kind === 'ci' && rng.chance(0.35)) {
      const other = this.active
        .get(rng.pick(this.accounts).id)
        ?.find((p) => p.workload.kind === 'ci');
      if (other) return { kind: 'session', parent: other };
    }
    const home = w.kind === 'vendor' ? rng.pick(this.accounts) : account;
    return { kind: 'user', user: rng.pick(home.users) };
  }

  private sessionName(w: Workload): string {
    const rng = this.rng;
    const pool = this.names.get(w.roleId) ?? [];
    this.names.set(w.roleId, pool);
    if (pool.length && !rng.chance(FRESH_NAME[w.kind]))
      return pool[rng.zipfIndex(pool.length, 0.9)];
    let name: string;
    switch (w.kind) {
      case 'lambda':
        name = `${w.roleName.replace(/-lambda-.*/, '')}-${rng.pick(['ingest', 'resize', 'notify', 'sync', 'etl', 'api'])}-${rng.alnum(4).toLowerCase()}`;
        break;
      case 'ec2':
        name = `i-0${rng.hex(16)}`;
        break;
      case 'ecs':
        name = rng.hex(32);
        break;
      case 'ci':
        name = `gha-${rng.range(7_000_000_000, 9_999_999_999)}`;
        break;
      case 'sso':
        name = `${rng.pick(['ana', 'li', 'sam', 'kai', 'noor', 'ola', 'ines', 'tom'])}.${rng.alnum(5).toLowerCase()}@example.com`;
        break;
      default:
        name = `vendor-${rng.hex(12)}`;
    }
    pool.push(name);
    return name;
  }

  private ipFor(w: Workload): string {
    const rng = this.rng;
    switch (w.kind) {
      case 'lambda':
        return rng.ipv4([rng.pick([3, 18, 34, 52, 54])]);
      case 'ec2':
      case 'ecs':
        return rng.ipv4([10, rng.int(64)]);
      case 'ci':
        return rng.pick(this.runnerIps);
      case 'sso':
        return rng.pick(this.officeIps);
      default:
        return rng.pick(this.vendorIps);
    }
  }
}

function pickWorkload(rng: Prng, account: Account): Workload {
  let total = 0;
  for (const w of account.workloads) total += w.weight;
  let x = rng.next() * total;
  for (const w of account.workloads) {
    x -= w.weight;
    if (x < 0) return w;
  }
  return account.workloads[account.workloads.length - 1];
}
