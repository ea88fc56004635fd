/**
 * The organisation behind the wide corpus: twelve accounts under one organisation trail, each
 * active in a few regions with its own weight, and the workloads that call AWS from them. Shaped
 * after large estates, where most callers are machines whose credentials rotate every hour or so,
 * rather than after a handful of people (the bench corpus): that is what drives the cardinality.
 */
import { Prng } from '../prng.js';

export type WorkloadKind = 'lambda' | 'ec2' | 'ecs' | 'ci' | 'sso' | 'vendor';

export interface Workload {
  kind: WorkloadKind;
  account: string;
  roleName: string;
  roleId: string;
  /** Who mints this workload's keys: a service, an IAM user's long-term key, or a SAML provider. */
  issuer: 'service' | 'user' | 'saml';
  /** The service that assumes the role (`lambda.amazonaws.com`), for service-issued sessions. */
  service?: string;
  /** Relative share of the account's calls. */
  weight: number;
}

export interface IamUser {
  account: string;
  userName: string;
  userId: string;
  accessKeyId: string;
}

export interface Account {
  id: string;
  name: string;
  /** Regions this account works in, with their share of its calls. */
  regions: { region: string; weight: number }[];
  weight: number;
  workloads: Workload[];
  users: IamUser[];
  buckets: string[];
}

export interface Org {
  orgId: string;
  trailName: string;
  homeRegion: string;
  accounts: Account[];
}

const NAMES = [
  'payments-prod',
  'payments-stage',
  'data-lake',
  'identity',
  'logistics-prod',
  'logistics-dev',
  'ml-platform',
  'shared-network',
  'security-tooling',
  'web-prod',
  'web-dev',
  'sandbox',
];
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2', 'eu-central-1'];
const SERVICE_OF: Record<'lambda' | 'ec2' | 'ecs', string> = {
  lambda: 'lambda.amazonaws.com',
  ec2: 'ec2.amazonaws.com',
  ecs: 'ecs-tasks.amazonaws.com',
};
const KIND_WEIGHTS: readonly [WorkloadKind, number][] = [
  ['lambda', 30],
  ['ec2', 25],
  ['ecs', 20],
  ['ci', 12],
  ['sso', 8],
  ['vendor', 5],
];

export function buildOrg(seed: string): Org {
  const rng = new Prng(seed).fork('org');
  const accounts: Account[] = NAMES.map((name, i) => {
    const id = rng.accountId();
    // us-east-1 always, and up to two more by a per-account draw
    const regions = [{ region: 'us-east-1', weight: 4 + rng.int(4) }];
    for (const r of rng.shuffle(REGIONS.slice(1)).slice(0, rng.int(3)))
      regions.push({ region: r, weight: 1 + rng.int(4) });
    const workloads: Workload[] = [];
    const count = 18 + rng.int(20);
    for (let w = 0; w < count; w++) {
      const kind = KIND_WEIGHTS[w % KIND_WEIGHTS.length][0];
      const roleName =
        kind === 'sso'
          ? `AWSReservedSSO_${rng.pick(['Admin', 'ReadOnly', 'Developer', 'DataEng'])}_${rng.hex(16)}`
          : `${name}-${kind}-${rng.alnum(6).toLowerCase()}`;
      workloads.push({
        kind,
        account: id,
        roleName,
        roleId: rng.awsId('AROA'),
        issuer: kind === 'ci' || kind === 'vendor' ? 'user' : kind === 'sso' ? 'saml' : 'service',
        service:
          kind === 'lambda' || kind === 'ec2' || kind === 'ecs' ? SERVICE_OF[kind] : undefined,
        weight: KIND_WEIGHTS.find(([k]) => k === kind)![1] * (0.2 + rng.next() * 1.6),
      });
    }
    const users: IamUser[] = [];
    for (let u = 0; u < 4 + rng.int(5); u++)
      users.push({
        account: id,
        userName: `${rng.pick(['svc', 'ci', 'deploy', 'vendor', 'backup'])}-${rng.alnum(5).toLowerCase()}`,
        userId: rng.awsId('AIDA'),
        accessKeyId: rng.awsId('AKIA'),
      });
    const buckets: string[] = [];
    for (let b = 0; b < 3 + rng.int(4); b++)
      buckets.push(
        `${name}-${rng.pick(['assets', 'exports', 'logs', 'models', 'uploads', 'reports'])}-${rng.alnum(6).toLowerCase()}`,
      );
    // a few large accounts carry most of the calls, as in most estates
    return { id, name, regions, weight: 1 / (i + 1) ** 0.8, workloads, users, buckets };
  });
  return {
    orgId: `o-${rng.fromAlphabet('abcdefghijklmnopqrstuvwxyz0123456789', 10)}`,
    trailName: 'org-trail',
    homeRegion: 'us-east-1',
    accounts,
  };
}
