import { ctEvent } from '../../helpers/case-file.js';
import type { RuleCases } from './cases/shape.js';
import { CREDENTIAL_ACCESS_CASES } from './cases/credential-access.js';
import { DEFENSE_EVASION_CASES } from './cases/defense-evasion.js';
import { DISCOVERY_CASES } from './cases/discovery.js';
import { EXECUTION_CASES } from './cases/execution.js';
import { EXFILTRATION_CASES } from './cases/exfiltration.js';
import { IMPACT_CASES } from './cases/impact.js';
import { LATERAL_MOVEMENT_CASES } from './cases/lateral-movement.js';
import { PERSISTENCE_CASES } from './cases/persistence.js';
import { PRIVILEGE_ESCALATION_CASES } from './cases/privilege-escalation.js';

type Rec = Record<string, unknown>;

const ROOT = {
  type: 'Root',
  principalId: '111122223333',
  arn: 'arn:aws:iam::111122223333:root',
  accountId: '111122223333',
};
const ALICE = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLE000000001',
  arn: 'arn:aws:iam::111122223333:user/alice',
  accountId: '111122223333',
  userName: 'alice',
};
const FEDERATED = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLE:bob@example.com',
  arn: 'arn:aws:sts::111122223333:assumed-role/SSOAdmin/bob@example.com',
  accountId: '111122223333',
};

function login(identity: Rec, mfa: 'Yes' | 'No', ok = true): Rec {
  return ctEvent({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    userIdentity: identity,
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    responseElements: { ConsoleLogin: ok ? 'Success' : 'Failure' },
    additionalEventData: { MFAUsed: mfa, LoginTo: 'https://console.aws.amazon.com/' },
    ...(ok ? {} : { errorMessage: 'Failed authentication' }),
  });
}

function call(
  eventSource: string,
  eventName: string,
  requestParameters: unknown = null,
  extra: Rec = {},
): Rec {
  return ctEvent({ eventSource, eventName, requestParameters, readOnly: false, ...extra });
}

export const denied = { errorCode: 'AccessDenied', errorMessage: 'User is not authorized' };

/** AuthorizeSecurityGroupIngress as CloudTrail records it: ipPermissions.items[].ipRanges.items[].cidrIp. */
function sgIngress(range: Rec, extra: Rec = {}): Rec {
  return call(
    'ec2.amazonaws.com',
    'AuthorizeSecurityGroupIngress',
    {
      groupId: 'sg-0a1b2c3d',
      ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ...range }] },
    },
    extra,
  );
}

/** The rules that came before the catalogue work (their cases, unchanged). */
const EARLIER_RULE_CASES: Record<string, RuleCases> = {
  'root-console-login': {
    positive: [login(ROOT, 'Yes'), login(ROOT, 'No')],
    negative: [login(ALICE, 'Yes'), login(ROOT, 'No', false)],
  },
  'root-activity': {
    positive: [
      ctEvent({ userIdentity: ROOT, eventName: 'ListUsers', eventSource: 'iam.amazonaws.com' }),
    ],
    negative: [
      ctEvent({
        userIdentity: { ...ROOT, invokedBy: 'support.amazonaws.com' },
        eventName: 'DescribeCases',
      }),
      ctEvent({ userIdentity: ROOT, eventName: 'AssumeRole', eventType: 'AwsServiceEvent' }),
      login(ROOT, 'Yes'),
      ctEvent({ eventName: 'ListUsers', eventSource: 'iam.amazonaws.com' }),
    ],
  },
  'console-login-no-mfa': {
    positive: [login(ALICE, 'No'), login(ROOT, 'No')],
    negative: [login(ALICE, 'Yes'), login(ALICE, 'No', false), login(FEDERATED, 'No')],
  },
  'console-login-failed': {
    positive: [login(ALICE, 'No', false)],
    negative: [login(ALICE, 'No', true)],
  },
  'cloudtrail-stopped': {
    positive: [
      call('cloudtrail.amazonaws.com', 'StopLogging', { name: 'org-trail' }),
      call('cloudtrail.amazonaws.com', 'StopLogging', { name: 'org-trail' }, denied),
    ],
    negative: [call('cloudtrail.amazonaws.com', 'StartLogging', { name: 'org-trail' })],
  },
  'cloudtrail-deleted': {
    positive: [call('cloudtrail.amazonaws.com', 'DeleteTrail', { name: 'org-trail' }, denied)],
    negative: [call('cloudtrail.amazonaws.com', 'CreateTrail', { name: 'org-trail' })],
  },
  'cloudtrail-updated': {
    // a denied attempt is a match too, one severity step lower (rules.test.ts)
    positive: [
      call('cloudtrail.amazonaws.com', 'UpdateTrail', {
        name: 'org-trail',
        s3BucketName: 'elsewhere',
      }),
      call('cloudtrail.amazonaws.com', 'UpdateTrail', { name: 'org-trail' }, denied),
    ],
    negative: [call('cloudtrail.amazonaws.com', 'GetTrail', { name: 'org-trail' })],
  },
  'guardduty-disabled': {
    positive: [
      call('guardduty.amazonaws.com', 'DeleteDetector', { detectorId: 'd1' }),
      call('guardduty.amazonaws.com', 'UpdateDetector', { detectorId: 'd1', enable: false }),
    ],
    negative: [
      call('guardduty.amazonaws.com', 'UpdateDetector', { detectorId: 'd1', enable: true }),
      call('guardduty.amazonaws.com', 'ListDetectors'),
    ],
  },
  'config-disabled': {
    positive: [
      call('config.amazonaws.com', 'StopConfigurationRecorder', {
        configurationRecorderName: 'default',
      }),
    ],
    negative: [
      call('config.amazonaws.com', 'StartConfigurationRecorder', {
        configurationRecorderName: 'default',
      }),
    ],
  },
  'securityhub-disabled': {
    positive: [call('securityhub.amazonaws.com', 'DisableSecurityHub')],
    negative: [
      call('securityhub.amazonaws.com', 'EnableSecurityHub'),
      call('guardduty.amazonaws.com', 'DisableSecurityHub'),
    ],
  },
  'nacl-changed': {
    positive: [
      call('ec2.amazonaws.com', 'CreateNetworkAclEntry', {
        networkAclId: 'acl-1',
        ruleAction: 'allow',
        cidrBlock: '0.0.0.0/0',
      }),
      call('ec2.amazonaws.com', 'CreateNetworkAclEntry', { networkAclId: 'acl-1' }, denied),
    ],
    negative: [call('ec2.amazonaws.com', 'DescribeNetworkAcls')],
  },
  'route-changed': {
    positive: [
      call('ec2.amazonaws.com', 'CreateRoute', {
        routeTableId: 'rtb-1',
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: 'igw-1',
      }),
    ],
    negative: [call('ec2.amazonaws.com', 'DescribeRouteTables')],
  },
  'gateway-changed': {
    positive: [
      call('ec2.amazonaws.com', 'AttachInternetGateway', {
        internetGatewayId: 'igw-1',
        vpcId: 'vpc-1',
      }),
    ],
    negative: [call('ec2.amazonaws.com', 'DescribeInternetGateways')],
  },
  'sg-open-to-world': {
    positive: [
      call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
        groupId: 'sg-1',
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
      }),
      call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
        groupId: 'sg-1',
        ipPermissions: {
          items: [{ ipProtocol: '-1', ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] } }],
        },
      }),
      // any address with /0 is the whole internet (AWS canonicalises it to 0.0.0.0/0), and IPv6 spellings
      sgIngress({ ipRanges: { items: [{ cidrIp: '208.236.235.254/0' }] } }),
      sgIngress({ ipv6Ranges: { items: [{ cidrIpv6: '0:0:0:0:0:0:0:0/0' }] } }),
      sgIngress({ ipv6Ranges: { items: [{ cidrIpv6: '2001:db8::/0' }] } }),
      sgIngress({ ipv6Ranges: { items: [{ cidrIpv6: '::/00' }] } }),
      call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
        groupId: 'sg-1',
        ipProtocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        cidrIp: '0.0.0.0/0',
      }),
      sgIngress({ ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }, denied),
    ],
    negative: [
      call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
        groupId: 'sg-1',
        ipPermissions: {
          items: [{ ipProtocol: 'tcp', ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] } }],
        },
      }),
      call('ec2.amazonaws.com', 'RevokeSecurityGroupIngress', {
        groupId: 'sg-1',
        ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] },
      }),
      // egress to the whole internet is every security group's default rule: not exposure
      call('ec2.amazonaws.com', 'AuthorizeSecurityGroupEgress', {
        groupId: 'sg-1',
        ipPermissions: {
          items: [{ ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
        },
      }),
      sgIngress({ ipRanges: { items: [{ cidrIp: '208.236.235.254/32' }] } }),
      sgIngress({ ipv6Ranges: { items: [{ cidrIpv6: '2001:db8::/10' }] } }),
    ],
  },
  'sg-changed': {
    positive: [
      call('ec2.amazonaws.com', 'RevokeSecurityGroupIngress', { groupId: 'sg-1' }),
      call('ec2.amazonaws.com', 'CreateSecurityGroup', { groupName: 'web' }),
      call('ec2.amazonaws.com', 'AuthorizeSecurityGroupEgress', {
        groupId: 'sg-1',
        ipPermissions: {
          items: [{ ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
        },
      }),
    ],
    negative: [
      call('ec2.amazonaws.com', 'DescribeSecurityGroups'),
      call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
        groupId: 'sg-1',
        ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] },
      }),
    ],
  },
  'iam-user-created': {
    positive: [
      call('iam.amazonaws.com', 'CreateUser', { userName: 'backup-svc' }),
      call('iam.amazonaws.com', 'CreateUser', { userName: 'backup-svc' }, denied),
    ],
    negative: [call('iam.amazonaws.com', 'GetUser', { userName: 'x' })],
  },
  'iam-console-password-set': {
    positive: [
      call('iam.amazonaws.com', 'CreateLoginProfile', { userName: 'bob' }),
      call('iam.amazonaws.com', 'UpdateLoginProfile', { userName: 'bob' }),
    ],
    negative: [call('iam.amazonaws.com', 'GetLoginProfile', { userName: 'bob' })],
  },
  'iam-password-changed': {
    positive: [
      call('iam.amazonaws.com', 'ChangePassword'),
      call('iam.amazonaws.com', 'ChangePassword', null, denied),
    ],
    negative: [call('iam.amazonaws.com', 'GetLoginProfile')],
  },
  'iam-access-key-created': {
    positive: [call('iam.amazonaws.com', 'CreateAccessKey', { userName: 'backup-svc' })],
    negative: [call('iam.amazonaws.com', 'ListAccessKeys', { userName: 'backup-svc' })],
  },
  'iam-role-created': {
    positive: [call('iam.amazonaws.com', 'CreateRole', { roleName: 'ops' })],
    negative: [call('iam.amazonaws.com', 'GetRole', { roleName: 'ops' })],
  },
  'iam-admin-policy-attached': {
    positive: [
      call('iam.amazonaws.com', 'AttachUserPolicy', {
        userName: 'backup-svc',
        policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
      call('iam.amazonaws.com', 'PutRolePolicy', {
        roleName: 'ops',
        policyName: 'p',
        policyDocument:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      }),
      call('iam.amazonaws.com', 'PutUserPolicy', {
        userName: 'x',
        policyName: 'p',
        policyDocument:
          '%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%7D%5D%7D',
      }),
    ],
    negative: [
      call('iam.amazonaws.com', 'AttachUserPolicy', {
        userName: 'backup-svc',
        policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
      call('iam.amazonaws.com', 'PutRolePolicy', {
        roleName: 'ops',
        policyName: 'p',
        policyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      }),
      // an incident responder's "revoke older sessions" policy denies everything: not a grant
      call('iam.amazonaws.com', 'PutRolePolicy', {
        roleName: 'ops',
        policyName: 'AWSRevokeOlderSessions',
        policyDocument:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-03-12T09:11:00Z"}}}]}',
      }),
    ],
  },
  'iam-trust-policy-changed': {
    positive: [
      call('iam.amazonaws.com', 'UpdateAssumeRolePolicy', {
        roleName: 'ops',
        policyDocument: '{}',
      }),
    ],
    negative: [call('iam.amazonaws.com', 'UpdateRole', { roleName: 'ops' })],
  },
  's3-bucket-exposed': {
    positive: [
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::b/*',
            },
          ],
        },
      }),
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*' }] },
      }),
      call('s3.amazonaws.com', 'PutBucketAcl', {
        bucketName: 'b',
        AccessControlPolicy: {
          AccessControlList: {
            Grant: [
              {
                Grantee: { URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
                Permission: 'READ',
              },
            ],
          },
        },
      }),
      call('s3.amazonaws.com', 'PutBucketPublicAccessBlock', {
        bucketName: 'b',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      }),
      call('s3.amazonaws.com', 'DeleteBucketPublicAccessBlock', { bucketName: 'b' }),
      // the policy as JSON text, a public statement after a restricted one
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
            },
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::b/public/*',
            },
          ],
        }),
      }),
    ],
    negative: [
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111122223333:role/app' },
              Action: 's3:GetObject',
            },
          ],
        },
      }),
      call('s3.amazonaws.com', 'PutBucketPublicAccessBlock', {
        bucketName: 'b',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
      // TLS-only: a Deny for everyone beside an Allow for one role
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'TLSOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Sid: 'App',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111122223333:role/app' },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::b/*',
            },
          ],
        },
      }),
      // everyone, but only from the organisation
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
            },
          ],
        },
      }),
    ],
  },
  's3-bucket-policy-changed': {
    positive: [
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*' }] },
      }),
      call('s3.amazonaws.com', 'DeleteBucketPolicy', { bucketName: 'b' }),
    ],
    negative: [
      call('s3.amazonaws.com', 'GetBucketPolicy', { bucketName: 'b' }),
      call('s3.amazonaws.com', 'DeleteBucketPublicAccessBlock', { bucketName: 'b' }),
      // grants to everyone or to another account are their own, higher, rules
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: {
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }],
        },
      }),
      call('s3.amazonaws.com', 'PutBucketPolicy', {
        bucketName: 'b',
        bucketPolicy: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::444455556666:root' },
              Action: 's3:GetObject',
            },
          ],
        },
      }),
    ],
  },
  's3-list-buckets': {
    positive: [ctEvent({ eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' })],
    negative: [ctEvent({ eventSource: 's3.amazonaws.com', eventName: 'ListObjects' })],
  },
  'kms-key-deletion': {
    positive: [
      call('kms.amazonaws.com', 'ScheduleKeyDeletion', { keyId: 'k1', pendingWindowInDays: 7 }),
      call('kms.amazonaws.com', 'DisableKey', { keyId: 'k1' }),
    ],
    negative: [call('kms.amazonaws.com', 'CancelKeyDeletion', { keyId: 'k1' })],
  },
  'org-leave': {
    positive: [call('organizations.amazonaws.com', 'LeaveOrganization')],
    negative: [call('organizations.amazonaws.com', 'DescribeOrganization')],
  },
};

/**
 * For every per-event rule: events it must match, look-alikes (the same event name) it must not,
 * and the evidence around them. The test fails if a rule in RULES has no entry here, so a new rule
 * cannot land without both.
 */
export const EVENT_RULE_CASES: Record<string, RuleCases> = {
  ...EARLIER_RULE_CASES,
  ...CREDENTIAL_ACCESS_CASES,
  ...DEFENSE_EVASION_CASES,
  ...DISCOVERY_CASES,
  ...EXECUTION_CASES,
  ...EXFILTRATION_CASES,
  ...IMPACT_CASES,
  ...LATERAL_MOVEMENT_CASES,
  ...PERSISTENCE_CASES,
  ...PRIVILEGE_ESCALATION_CASES,
};
