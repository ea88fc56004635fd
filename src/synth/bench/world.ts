/**
 * The synthetic organisation behind the benchmark corpus: accounts, regions, IAM users with
 * long-term keys, roles, identity providers, IP ranges and user agents. Built once per seed, so the
 * corpus has the variety (and the skew) of a real multi-account trail.
 */
import { Prng, WeightedPicker } from '../prng.js';
import type { RoleRef } from '../records.js';

export interface Account {
  id: string;
  name: string;
  /** Relative share of the event volume. */
  weight: number;
}

export interface User {
  account: string;
  userName: string;
  userId: string;
  keys: string[];
  human: boolean;
  /** The corporate or home IPs this user calls from. */
  ips: string[];
  userAgents: string[];
}

export interface Role extends RoleRef {
  /** Who normally assumes it: humans, CI, services, SSO (SAML), OIDC (web identity), EC2, Lambda. */
  kind: 'human' | 'ci' | 'service' | 'sso' | 'oidc' | 'ec2' | 'lambda';
}

export interface World {
  orgId: string;
  accounts: Account[];
  /** Accounts outside the evidence that call in (vendors, an attacker's). */
  externalAccounts: string[];
  regions: WeightedPicker<string>;
  regionList: string[];
  accountPicker: WeightedPicker<Account>;
  users: User[];
  userPicker: WeightedPicker<User>;
  roles: Role[];
  rolesByAccount: Map<string, Role[]>;
  samlProvider: string;
  samlUsers: string[];
  oidcSubjects: string[];
  /** Long-tail internet IPs (attackers, home networks, unknown). */
  internetIps: string[];
  /** NAT gateway / cloud egress IPs of workloads. */
  workloadIps: string[];
  userAgents: WeightedPicker<string>;
  hostileUserAgents: string[];
}

const FIRST_NAMES = [
  'olivia',
  'liam',
  'emma',
  'noah',
  'ava',
  'oliver',
  'sophia',
  'elijah',
  'isabella',
  'james',
  'mia',
  'william',
  'amelia',
  'benjamin',
  'harper',
  'lucas',
  'evelyn',
  'henry',
  'abigail',
  'theodore',
  'emily',
  'jack',
  'ella',
  'levi',
  'elizabeth',
  'alexander',
  'camila',
  'jackson',
  'luna',
  'mateo',
  'sofia',
  'daniel',
  'avery',
  'michael',
  'mila',
  'mason',
  'aria',
  'sebastian',
  'scarlett',
  'ethan',
  'penelope',
  'logan',
  'layla',
  'owen',
  'chloe',
  'samuel',
  'victoria',
  'jacob',
  'madison',
  'asher',
  'eleanor',
  'aiden',
  'grace',
  'john',
  'nora',
  'joseph',
  'riley',
  'wyatt',
  'zoey',
  'david',
  'hannah',
  'leo',
  'hazel',
  'luke',
  'lily',
  'julian',
  'ellie',
  'hudson',
  'violet',
];
const SERVICE_USERS = [
  'ci-deploy',
  'terraform',
  'backup-svc',
  'datadog-integration',
  'splunk-reader',
  'jenkins',
  'github-actions',
  'monitoring',
  'legacy-app',
  'etl-loader',
  'billing-export',
  'vault-admin',
];

const ACCOUNT_NAMES: [string, number][] = [
  ['management', 3],
  ['security', 4],
  ['log-archive', 2],
  ['prod', 30],
  ['staging', 12],
  ['dev', 14],
  ['data', 10],
  ['shared-services', 8],
  ['sandbox', 5],
  ['prod-eu', 9],
  ['networking', 3],
  ['audit', 1],
];

const REGIONS: [string, number][] = [
  ['us-east-1', 40],
  ['us-west-2', 14],
  ['eu-west-1', 14],
  ['eu-central-1', 8],
  ['ap-southeast-2', 4],
  ['us-east-2', 5],
  ['ap-northeast-1', 3],
  ['eu-north-1', 2],
  ['ca-central-1', 2],
  ['sa-east-1', 1],
  ['ap-south-1', 1],
  ['eu-west-2', 3],
  ['us-west-1', 1],
  ['af-south-1', 0.2],
  ['me-south-1', 0.2],
];

const ROLE_TEMPLATES: [string, Role['kind'], string?][] = [
  ['OrganizationAccountAccessRole', 'human'],
  ['AWSReservedSSO_AdministratorAccess_%h', 'sso', '/aws-reserved/sso.amazonaws.com/'],
  ['AWSReservedSSO_ReadOnlyAccess_%h', 'sso', '/aws-reserved/sso.amazonaws.com/'],
  ['AWSReservedSSO_PowerUserAccess_%h', 'sso', '/aws-reserved/sso.amazonaws.com/'],
  ['Admin', 'human'],
  ['ReadOnly', 'human'],
  ['deploy', 'ci'],
  ['terraform-apply', 'ci'],
  ['github-oidc-deploy', 'oidc'],
  ['eks-node-role', 'ec2'],
  ['app-server-role', 'ec2'],
  ['batch-worker-role', 'ec2'],
  ['order-processor-lambda-role', 'lambda', '/service-role/'],
  ['image-resizer-lambda-role', 'lambda', '/service-role/'],
  ['etl-glue-role', 'service', '/service-role/'],
  ['security-audit', 'human'],
  ['incident-responder', 'human'],
  ['cross-account-reader', 'service'],
];

function ipBlock(rng: Prng, count: number, make: () => string): string[] {
  const set = new Set<string>();
  while (set.size < count) set.add(make());
  return [...set];
}

function userAgentTable(rng: Prng): [string, number][] {
  const out: [string, number][] = [];
  const py = ['3.9.18', '3.10.13', '3.11.7', '3.12.1'];
  for (let i = 0; i < 40; i++) {
    const v = `2.${rng.range(9, 15)}.${rng.range(0, 40)}`;
    out.push([
      `aws-cli/${v} Python/${rng.pick(py)} Linux/5.10.${rng.range(100, 220)}-${rng.range(100, 230)}.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/${rng.pick(['s3.ls', 'ec2.describe-instances', 'sts.get-caller-identity', 'iam.list-users', 'logs.tail'])}`,
      6 / (i + 1),
    ]);
  }
  for (let i = 0; i < 40; i++) {
    const b = `1.${rng.range(28, 34)}.${rng.range(0, 90)}`;
    out.push([
      `Boto3/${b} md/Botocore#${b} ua/2.0 os/linux#5.10.${rng.range(100, 220)} md/arch#x86_64 lang/python#${rng.pick(py)} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/${b}`,
      8 / (i + 1),
    ]);
  }
  for (let i = 0; i < 15; i++) {
    out.push([
      `APN/1.0 HashiCorp/1.0 Terraform/1.${rng.range(3, 8)}.${rng.range(0, 6)} (+https://www.terraform.io) terraform-provider-aws/5.${rng.range(10, 60)}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.${rng.range(20, 30)}.${rng.range(0, 9)}`,
      3 / (i + 1),
    ]);
  }
  for (let i = 0; i < 15; i++) {
    out.push([
      `aws-sdk-java/2.${rng.range(20, 25)}.${rng.range(0, 60)} Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.${rng.range(5, 10)}+${rng.range(1, 9)} Java/17.0.${rng.range(5, 10)} vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy`,
      2 / (i + 1),
    ]);
    out.push([
      `aws-sdk-js/3.${rng.range(400, 600)}.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#20.${rng.range(5, 12)}.0 api/${rng.pick(['s3', 'dynamodb', 'sqs', 'sns', 'lambda'])}#3.${rng.range(400, 600)}.0`,
      2 / (i + 1),
    ]);
  }
  out.push(['AWS Internal', 6], ['console.amazonaws.com', 2], ['signin.amazonaws.com', 1]);
  out.push([
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
    3,
  ]);
  out.push([
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
    2,
  ]);
  out.push(['Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0', 1]);
  out.push(['python-requests/2.31.0', 0.2], ['curl/8.5.0', 0.1], ['Go-http-client/1.1', 0.1]);
  return out;
}

export function buildWorld(seed: string): World {
  const rng = new Prng(seed).fork('world');
  const accounts: Account[] = ACCOUNT_NAMES.map(([name, weight]) => ({
    id: rng.accountId(),
    name,
    weight,
  }));
  const externalAccounts = Array.from({ length: 6 }, () => rng.accountId());
  const uaTable = userAgentTable(rng.fork('ua'));
  const uaPicker = new WeightedPicker(uaTable);
  const corpIps = ipBlock(rng, 64, () => rng.ipv4([203, 0, 113]));
  const vpnIps = ipBlock(rng, 32, () => rng.ipv4([198, 51, 100]));
  const homeIps = ipBlock(rng, 400, () =>
    rng.ipv4([rng.pick([24, 73, 86, 92, 176, 188, 212]), rng.int(256)]),
  );
  const workloadIps = ipBlock(rng, 300, () =>
    rng.ipv4([rng.pick([3, 18, 34, 35, 52, 54]), rng.int(256)]),
  );
  const internetIps = ipBlock(rng, 6000, () => rng.ipv4([rng.range(1, 223)]));
  for (let i = 0; i < 200; i++)
    internetIps.push(`2001:db8:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(3)}`);

  const users: User[] = [];
  const userWeights: number[] = [];
  for (const acct of accounts) {
    const nHumans = Math.max(2, Math.round(acct.weight * 1.5));
    const humans = rng.shuffle([...FIRST_NAMES]).slice(0, nHumans);
    for (const name of humans) {
      const ips = [rng.pick(corpIps), rng.pick(vpnIps), rng.pick(homeIps)];
      const uas = [uaPicker.pick(rng), uaPicker.pick(rng), uaPicker.pick(rng)];
      users.push({
        account: acct.id,
        userName: name,
        userId: rng.awsId('AIDA'),
        keys: [rng.awsId('AKIA')],
        human: true,
        ips,
        userAgents: uas,
      });
      userWeights.push(1);
    }
    for (const name of rng.shuffle([...SERVICE_USERS]).slice(0, 2 + rng.int(4))) {
      const keys = Array.from({ length: 1 + rng.int(2) }, () => rng.awsId('AKIA'));
      const ips = Array.from({ length: 2 }, () => rng.pick(workloadIps));
      users.push({
        account: acct.id,
        userName: name,
        userId: rng.awsId('AIDA'),
        keys,
        human: false,
        ips,
        userAgents: [uaPicker.pick(rng)],
      });
      userWeights.push(acct.weight / 2);
    }
  }

  const roles: Role[] = [];
  const rolesByAccount = new Map<string, Role[]>();
  for (const acct of accounts) {
    const list: Role[] = [];
    for (const [tmpl, kind, path] of ROLE_TEMPLATES) {
      if (kind !== 'human' && kind !== 'sso' && rng.chance(0.25)) continue;
      const role: Role = {
        account: acct.id,
        roleName: tmpl.replace('%h', rng.hex(16)),
        roleId: rng.awsId('AROA'),
        kind,
      };
      if (path) role.path = path;
      list.push(role);
    }
    roles.push(...list);
    rolesByAccount.set(acct.id, list);
  }

  const hostileUserAgents = [
    'aws-cli/2.15.0 \u001b[2J\u001b[H pwned',
    'Boto3/1.34.0 \u001b]52;c;ZWNobyBoaQ==\u0007',
    'curl/8.5.0 \u202etxt.exe',
    'x'.repeat(3000),
  ];

  return {
    orgId: 'o-' + rng.fromAlphabet('abcdefghijklmnopqrstuvwxyz0123456789', 10),
    accounts,
    externalAccounts,
    regions: new WeightedPicker(REGIONS),
    regionList: REGIONS.map(([r]) => r),
    accountPicker: new WeightedPicker(accounts.map((a) => [a, a.weight] as const)),
    users,
    userPicker: new WeightedPicker(users.map((u, i) => [u, userWeights[i] as number] as const)),
    roles,
    rolesByAccount,
    samlProvider: 'Okta',
    samlUsers: FIRST_NAMES.map((n) => `${n}@example.com`),
    oidcSubjects: [
      'repo:example-org/payments:ref:refs/heads/main',
      'repo:example-org/web:environment:prod',
      'repo:example-org/infra:ref:refs/heads/main',
      'repo:example-org/data-pipeline:pull_request',
    ],
    internetIps,
    workloadIps,
    userAgents: uaPicker,
    hostileUserAgents,
  };
}
