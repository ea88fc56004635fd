import {
  ALICE,
  at,
  call,
  ec2Denied,
  instanceSession,
  roleSession,
  type Rec,
  type RuleCases,
} from './shape.js';

const EC2 = 'ec2.amazonaws.com';
const SM = 'secretsmanager.amazonaws.com';
const SSM = 'ssm.amazonaws.com';

/** An instance-profile session calling from `ip` at minute `m`. */
function fromInstance(name: string, source: string, ip: string, m: number, extra: Rec = {}): Rec {
  return call(source, name, null, {
    userIdentity: instanceSession(),
    sourceIPAddress: ip,
    eventTime: at(m),
    readOnly: true,
    ...extra,
  });
}

/** Its own history: the SSM agent from the instance's public address, and calls through an endpoint. */
const INSTANCE_HOME = [
  fromInstance('UpdateInstanceInformation', SSM, '52.94.10.20', 0),
  fromInstance('ListInstanceAssociations', SSM, '52.94.10.20', 1),
  fromInstance('GetObject', 's3.amazonaws.com', '10.0.1.5', 2),
];

const APP = roleSession('billing-app', 'billing-worker-1');

function secretRead(secretId: string, m: number, identity: Rec = APP): Rec {
  return call(
    SM,
    'GetSecretValue',
    { secretId },
    { userIdentity: identity, eventTime: at(m), readOnly: true },
  );
}

function parameters(
  names: string[],
  m: number,
  withDecryption: boolean,
  identity: Rec = ALICE,
): Rec {
  return call(
    SSM,
    'GetParameters',
    { names, withDecryption },
    { userIdentity: identity, eventTime: at(m), readOnly: true },
  );
}

const credential = (i: number): string => `/credentials/prod/credentials-${i}`;

export const CREDENTIAL_ACCESS_CASES: Record<string, RuleCases> = {
  'ec2-instance-credentials-elsewhere': {
    context: INSTANCE_HOME,
    positive: [
      fromInstance('GetCallerIdentity', 'sts.amazonaws.com', '203.0.113.50', 30),
      fromInstance('DescribeInstances', EC2, '203.0.113.50', 31),
      fromInstance('ListBuckets', 's3.amazonaws.com', '203.0.113.50', 32, ec2Denied),
    ],
    negative: [
      // the instance itself: its own public network, and its VPC endpoint
      fromInstance('DescribeInstances', EC2, '52.94.77.1', 31),
      fromInstance('DescribeInstances', EC2, '10.0.1.5', 32),
      // an application role (not an instance profile) from anywhere
      call(EC2, 'DescribeInstances', null, {
        userIdentity: APP,
        sourceIPAddress: '203.0.113.50',
        eventTime: at(33),
      }),
      fromInstance('DescribeInstances', EC2, 'AWS Internal', 34),
    ],
  },
  'ec2-password-data-read': {
    positive: [
      call(EC2, 'GetPasswordData', { instanceId: 'i-0123456789abcdef0' }, ec2Denied),
      ...[1, 2, 3].map((i) =>
        call(
          EC2,
          'GetPasswordData',
          { instanceId: `i-0aaaaaaaaaaaaaaa${i}` },
          { eventTime: at(i) },
        ),
      ),
    ],
    // an administrator reading the password of the one Windows instance they launched
    negative: [
      call(EC2, 'GetPasswordData', { instanceId: 'i-0123456789abcdef0' }, { eventTime: at(1) }),
      call(EC2, 'GetPasswordData', { instanceId: 'i-0123456789abcdef0' }, { eventTime: at(2) }),
    ],
  },
  'secrets-bulk-read': {
    positive: Array.from({ length: 6 }, (_, i) => secretRead(`prod/db-${i}`, i)),
    // the same secret read over and over by its application, and a few secrets spread over hours
    negative: [
      ...Array.from({ length: 30 }, (_, i) => secretRead('prod/billing-db', i % 10)),
      ...Array.from({ length: 6 }, (_, i) =>
        secretRead(`prod/report-${i}`, 60 * i, roleSession('reports', 'nightly')),
      ),
    ],
  },
  'secrets-batch-read': {
    positive: [
      call(
        SM,
        'BatchGetSecretValue',
        { filters: [{ key: 'tag-key', values: ['!tagKeyThatWillNeverExist'] }] },
        { readOnly: true },
      ),
      call(
        SM,
        'BatchGetSecretValue',
        { secretIdList: ['a', 'b', 'c', 'd', 'e', 'f'] },
        { readOnly: true },
      ),
    ],
    // an application fetching its two secrets in one call
    negative: [
      call(
        SM,
        'BatchGetSecretValue',
        { secretIdList: ['prod/billing-db', 'prod/billing-api'] },
        { readOnly: true, userIdentity: APP },
      ),
    ],
  },
  'ssm-parameters-bulk-decrypt': {
    // the shape of the catalogue's detonation: batches of ten names, WithDecryption
    positive: [
      parameters([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(credential), 0, true),
      parameters([10, 11, 12, 13, 14].map(credential), 1, true),
      call(
        SSM,
        'GetParametersByPath',
        { path: '/', recursive: true, withDecryption: true },
        {
          readOnly: true,
          eventTime: at(40),
          userIdentity: roleSession('ops', 'laptop'),
        },
      ),
    ],
    negative: [
      // the same names without decryption
      parameters([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(credential), 0, false),
      parameters([10, 11, 12, 13, 14].map(credential), 1, false),
      // a service reading its three decrypted settings at every start
      ...Array.from({ length: 8 }, (_, i) =>
        parameters(['/app/db-password', '/app/api-key', '/app/jwt-secret'], i, true, APP),
      ),
    ],
  },
};
