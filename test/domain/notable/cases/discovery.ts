import {
  at,
  call,
  ec2Denied,
  instanceSession,
  roleSession,
  type Rec,
  type RuleCases,
} from './shape.js';

const EC2 = 'ec2.amazonaws.com';

function userData(instanceId: string, m: number, extra: Rec = {}): Rec {
  return call(
    EC2,
    'DescribeInstanceAttribute',
    { instanceId, attribute: 'userData' },
    { eventTime: at(m), readOnly: true, ...extra },
  );
}

function asInstance(source: string, name: string, m: number, identity = instanceSession()): Rec {
  return call(source, name, null, {
    userIdentity: identity,
    sourceIPAddress: '10.0.1.5',
    eventTime: at(m),
    readOnly: true,
  });
}

const RECON: [string, string][] = [
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['iam.amazonaws.com', 'GetAccountSummary'],
  ['iam.amazonaws.com', 'ListRoles'],
  ['iam.amazonaws.com', 'ListUsers'],
  ['ec2.amazonaws.com', 'DescribeSnapshots'],
  ['cloudtrail.amazonaws.com', 'DescribeTrails'],
];

function ses(name: string, m: number, identity?: Rec): Rec {
  return call('ses.amazonaws.com', name, null, {
    eventTime: at(m),
    readOnly: true,
    ...(identity ? { userIdentity: identity } : {}),
  });
}

export const DISCOVERY_CASES: Record<string, RuleCases> = {
  'ec2-user-data-read': {
    positive: [
      userData('i-0123456789abcdef0', 0, ec2Denied),
      ...[1, 2, 3, 4, 5].map((i) => userData(`i-0aaaaaaaaaaaaaaa${i}`, i)),
    ],
    negative: [
      userData('i-0123456789abcdef0', 0),
      userData('i-0123456789abcdef1', 1),
      call(
        EC2,
        'DescribeInstanceAttribute',
        { instanceId: 'i-0123456789abcdef0', attribute: 'instanceType' },
        { readOnly: true },
      ),
    ],
  },
  'instance-role-recon': {
    positive: RECON.map(([source, name], i) => asInstance(source, name, i)),
    // the workload on an instance polling the two APIs it uses; a person's own recon is not an instance's
    negative: [
      ...Array.from({ length: 20 }, (_, i) => asInstance(EC2, 'DescribeInstances', i % 10)),
      ...Array.from({ length: 5 }, (_, i) =>
        asInstance('sts.amazonaws.com', 'GetCallerIdentity', i),
      ),
      ...RECON.map(([source, name], i) =>
        call(source, name, null, {
          userIdentity: roleSession('auditor', 'alice'),
          eventTime: at(i),
          readOnly: true,
        }),
      ),
    ],
  },
  'ses-enumeration': {
    positive: [
      ses('GetAccountSendingEnabled', 0),
      ses('GetSendQuota', 0),
      ses('ListIdentities', 1),
      ses('GetIdentityVerificationAttributes', 1),
    ],
    // a monitoring integration reading the quota every minute
    negative: Array.from({ length: 10 }, (_, i) =>
      ses('GetSendQuota', i, roleSession('monitoring', 'datadog')),
    ),
  },
};
