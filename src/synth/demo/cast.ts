/**
 * The demo's fictional organisation: accounts, people, roles, buckets, networks and tools.
 * The identifiers the story and the README depend on are fixed here (not drawn from the PRNG), so
 * that re-tuning the background noise never changes the walkthrough.
 */

import type { RoleRef } from '../records.js';

export const ORG_ID = 'o-4kq9x2mz7b';

export const ACCOUNTS = {
  security: '418295730164',
  prod: '739104826553',
  dev: '264810397725',
} as const;
export type AccountName = keyof typeof ACCOUNTS;

/** Evidence window: three days, UTC. */
export const WINDOW_START = Date.UTC(2026, 2, 10, 0, 0, 0);
export const WINDOW_END = Date.UTC(2026, 2, 13, 0, 0, 0);
export const DAY_MS = 86_400_000;

export const HOME_REGION = 'us-east-1';
export const PROD_REGION = 'eu-west-1';
export const DR_REGION = 'eu-central-1';
export const DEV_REGION = 'us-west-2';
export const ACTIVE_REGIONS = [HOME_REGION, PROD_REGION, DR_REGION, DEV_REGION] as const;
/** Every commercial region an enumeration script walks through. */
export const ALL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
] as const;

export const BUCKETS = {
  customerExports: 'brightlane-prod-customer-exports',
  appAssets: 'brightlane-prod-app-assets',
  ciArtifacts: 'brightlane-dev-ci-artifacts',
  orgTrail: 'brightlane-org-cloudtrail',
  devTrail: 'brightlane-dev-cloudtrail',
  securityTrail: 'brightlane-security-cloudtrail',
} as const;

export const TRAILS = {
  org: `arn:aws:cloudtrail:us-east-1:${ACCOUNTS.security}:trail/brightlane-org-trail`,
  dev: `arn:aws:cloudtrail:us-east-1:${ACCOUNTS.dev}:trail/dev-account-trail`,
  security: `arn:aws:cloudtrail:us-east-1:${ACCOUNTS.security}:trail/security-account-trail`,
} as const;

/** A long-term IAM user with its principal ID and access key. */
export interface IamUserSpec {
  account: AccountName;
  name: string;
  principalId: string;
  accessKeyId: string | null;
}

export interface RoleSpec {
  account: AccountName;
  name: string;
  principalId: string;
}

export const USERS = {
  /** The CI/CD user whose long-term key leaks. */
  ci: {
    account: 'dev',
    name: 'ci-deployer',
    principalId: 'AIDAT4GQ2XHNBW7KQ3RZE',
    accessKeyId: 'AKIAT4GQ2XHN7LMVZ3KD',
  },
  olivia: {
    account: 'dev',
    name: 'olivia.chen',
    principalId: 'AIDAT4GQ2XHNQF5PLD2MA',
    accessKeyId: null,
  },
  sam: {
    account: 'dev',
    name: 'sam.patel',
    principalId: 'AIDAT4GQ2XHNJ3RC6UWXY',
    accessKeyId: 'AKIAT4GQ2XHNK6F2QH5P',
  },
  marcus: {
    account: 'prod',
    name: 'marcus.reed',
    principalId: 'AIDA2YH7MBQ4N5ZKXV3TD',
    accessKeyId: null,
  },
  priya: {
    account: 'prod',
    name: 'priya.nair',
    principalId: 'AIDA2YH7MBQ4RU2DWE6LC',
    accessKeyId: 'AKIA2YH7MBQ4HC3TZP7W',
  },
  nina: {
    account: 'security',
    name: 'nina.kowalski',
    principalId: 'AIDAWF3QX6LJP2NTA7HCK',
    accessKeyId: null,
  },
  /** Created by the attacker as a backdoor (named to blend in with service users). */
  backdoor: {
    account: 'dev',
    name: 'svc-backup-sync',
    principalId: 'AIDAT4GQ2XHNZR4YPM6QV',
    accessKeyId: 'AKIAT4GQ2XHNWD3J7XQB',
  },
  /** Created legitimately by olivia.chen (the benign look-alike of the backdoor). */
  grafana: {
    account: 'dev',
    name: 'svc-grafana-reader',
    principalId: 'AIDAT4GQ2XHNE6VBC2LSU',
    accessKeyId: 'AKIAT4GQ2XHNM2UY5RBA',
  },
} as const satisfies Record<string, IamUserSpec>;

export const ROLES = {
  ciDeploy: { account: 'prod', name: 'ci-deploy', principalId: 'AROA2YH7MBQ4KJ6PWNX3S' },
  platformAdmin: { account: 'prod', name: 'platform-admin', principalId: 'AROA2YH7MBQ4G3XRHV7ZL' },
  dbMigrator: { account: 'prod', name: 'db-migrator', principalId: 'AROA2YH7MBQ4WQ2MZC5YB' },
  appEc2: { account: 'prod', name: 'prod-app-ec2', principalId: 'AROA2YH7MBQ4VT5ENJ4KD' },
  exportJob: {
    account: 'prod',
    name: 'customer-export-lambda',
    principalId: 'AROA2YH7MBQ4PL7SBF2XG',
  },
  thumbnailer: {
    account: 'dev',
    name: 'dev-thumbnailer-lambda',
    principalId: 'AROAT4GQ2XHNCX2ZJR5WM',
  },
  scanner: { account: 'security', name: 'posture-scanner', principalId: 'AROAWF3QX6LJTN4CEX2QB' },
  auditProd: { account: 'prod', name: 'SecurityAudit', principalId: 'AROA2YH7MBQ4EH6GTK3QU' },
  auditDev: { account: 'dev', name: 'SecurityAudit', principalId: 'AROAT4GQ2XHNVN7KQA3HD' },
  configProd: {
    account: 'prod',
    name: 'AWSServiceRoleForConfig',
    principalId: 'AROA2YH7MBQ4B4LM3XQJN',
  },
  configDev: {
    account: 'dev',
    name: 'AWSServiceRoleForConfig',
    principalId: 'AROAT4GQ2XHNS5DJ6PLEK',
  },
  configSecurity: {
    account: 'security',
    name: 'AWSServiceRoleForConfig',
    principalId: 'AROAWF3QX6LJD6MK2RWZT',
  },
} as const satisfies Record<string, RoleSpec>;

export const INSTANCES = [
  'i-0a3f9c2e7b41d5068',
  'i-0c71e48b2d9a36f15',
  'i-05d2b8e1f4a7c9036',
] as const;
export const SECURITY_GROUPS = {
  appWeb: 'sg-0b7e2c4d91a3f5e68',
  bastion: 'sg-04c9a1e7d2b5f3086',
  db: 'sg-0e5a3d8c1f7b9246a',
} as const;

/** Networks: office NAT, home connections, CI runners, the attacker's hosts. */
export const IPS = {
  office: ['81.2.69.142', '81.2.69.143'],
  oliviaHome: '86.12.201.77',
  samHome: '92.40.178.33',
  samNewHome: '92.40.181.204',
  marcusHome: '73.162.45.19',
  priyaHome: '109.150.23.88',
  ninaHome: '77.112.9.140',
  ciRunners: ['20.42.16.187', '20.42.19.5', '4.175.112.36', '4.175.118.201', '52.186.33.140'],
  /** First use of the leaked key: a key-validation scraper, the evening before. */
  scraper: '103.216.221.19',
  attacker: '45.137.21.9',
  attackerBackup: '91.92.243.17',
} as const;

export const UA = {
  console: 'AWS Internal',
  consoleBrowser:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  consoleBrowserWin:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0',
  cliMac: (command: string) =>
    `aws-cli/2.15.21 Python/3.11.6 Darwin/23.3.0 exe/x86_64 prompt/off command/${command}`,
  cliRunner: (command: string) =>
    `aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-azure exe/x86_64.ubuntu.22 prompt/off command/${command}`,
  terraform:
    'APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux lang/go#1.21.8 md/GOOS#linux md/GOARCH#amd64',
  boto3Priya:
    'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/macos#23.3.0 md/arch#arm64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51',
  boto3Sam:
    'Boto3/1.34.44 md/Botocore#1.34.44 ua/2.0 os/linux#6.5.0-21-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.44',
  javaSdkApp:
    'aws-sdk-java/2.25.6 Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. exec-env/AWS_ECS_EC2 io/sync http/Apache cfg/retry-mode/legacy',
  nodeSdkLambda:
    'aws-sdk-js/3.525.0 ua/2.0 os/linux#5.10.209-220.815.amzn2.x86_64 lang/js md/nodejs#20.11.1 api/s3#3.525.0 exec-env/AWS_Lambda_nodejs20.x',
  pythonLambda:
    'Boto3/1.34.42 md/Botocore#1.34.42 ua/2.0 os/linux#5.10.209-220.815.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.42',
  scanner:
    'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.10.209-220.815.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#standard Botocore/1.34.51 posture-scanner/4.2.0',
  configService: 'config.amazonaws.com',
  attackerCli: (command: string) =>
    `aws-cli/2.13.5 Python/3.11.4 Linux/6.3.0-kali1-amd64 exe/x86_64.kali.2023 prompt/off command/${command}`,
  attackerBoto:
    'Boto3/1.28.17 md/Botocore#1.31.17 ua/2.0 os/linux#6.3.0-kali1-amd64 md/arch#x86_64 lang/python#3.11.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.17',
  scraperUa: 'Boto3/1.26.165 Python/3.9.2 Linux/5.10.0-23-cloud-amd64 Botocore/1.29.165',
  attackerBrowser: 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
} as const;

export function userArn(u: IamUserSpec): string {
  return `arn:aws:iam::${ACCOUNTS[u.account]}:user/${u.name}`;
}

/** The role as the shared record builders take it (service-linked roles live under their own path). */
export function roleRef(r: RoleSpec): RoleRef {
  const path = r.name.startsWith('AWSServiceRole')
    ? '/aws-service-role/config.amazonaws.com/'
    : '/';
  return { account: ACCOUNTS[r.account], roleName: r.name, roleId: r.principalId, path };
}
