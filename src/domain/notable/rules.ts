import type { EventFacts, NotableRule } from './types.js';
import {
  exposesBucket,
  failed,
  grantsAdmin,
  opensToWorld,
  paramIs,
  succeeded,
} from './predicates.js';

const VALID_CLOUD_ACCOUNTS = { id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' };
const DISABLE_CLOUD_LOGS = {
  id: 'T1562.008',
  name: 'Impair Defenses: Disable or Modify Cloud Logs',
};
const DISABLE_TOOLS = { id: 'T1562.001', name: 'Impair Defenses: Disable or Modify Tools' };
const DISABLE_CLOUD_FIREWALL = {
  id: 'T1562.007',
  name: 'Impair Defenses: Disable or Modify Cloud Firewall',
};
const NETWORK_BOUNDARY = { id: 'T1599', name: 'Network Boundary Bridging' };
const CREATE_CLOUD_ACCOUNT = { id: 'T1136.003', name: 'Create Account: Cloud Account' };
const ACCOUNT_MANIPULATION = { id: 'T1098', name: 'Account Manipulation' };
const ADDITIONAL_CREDENTIALS = {
  id: 'T1098.001',
  name: 'Account Manipulation: Additional Cloud Credentials',
};
const ADDITIONAL_ROLES = { id: 'T1098.003', name: 'Account Manipulation: Additional Cloud Roles' };
const CLOUD_STORAGE = { id: 'T1530', name: 'Data from Cloud Storage' };
const STORAGE_DISCOVERY = { id: 'T1619', name: 'Cloud Storage Object Discovery' };
const DATA_DESTRUCTION = { id: 'T1485', name: 'Data Destruction' };
const RESOURCE_HIERARCHY = { id: 'T1666', name: 'Modify Cloud Resource Hierarchy' };
const TRUSTED_RELATIONSHIP = { id: 'T1199', name: 'Trusted Relationship' };
const INFRA_DISCOVERY = { id: 'T1580', name: 'Cloud Infrastructure Discovery' };
const BRUTE_FORCE = { id: 'T1110', name: 'Brute Force' };

const SG_CHANGES = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  'ModifySecurityGroupRules',
];
const SG_GRANTS = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'ModifySecurityGroupRules',
];
const BUCKET_EXPOSURE = [
  'PutBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'PutPublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'DeletePublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
];
const BUCKET_POLICY_CHANGES = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketCors',
  'DeleteBucketCors',
  'PutBucketLifecycle',
  'DeleteBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketReplication',
];

/** A console sign-in by the person themselves, where the MFA flag means something (not federated). */
function directSignIn(f: EventFacts): boolean {
  return f.identityType === 'IAMUser' || f.identityType === 'Root';
}

/**
 * The notable-event rules, in the order they are listed. Sources: CloudTrail's guidance on
 * security-relevant events, the CIS AWS Foundations monitoring controls, and MITRE ATT&CK for IaaS.
 * Change a rule's meaning and bump RULESET_VERSION so case files re-evaluate.
 */
export const RULES: readonly NotableRule[] = [
  {
    kind: 'event',
    id: 'root-console-login',
    title: 'Root console sign-in succeeded',
    severity: 'high',
    why: 'The root user bypasses IAM policies; day-to-day work never needs a root sign-in.',
    mitre: VALID_CLOUD_ACCOUNTS,
    names: ['ConsoleLogin'],
    identityTypes: ['Root'],
    when: succeeded,
  },
  {
    kind: 'event',
    id: 'root-activity',
    title: 'Root user activity',
    severity: 'high',
    why: 'Calls made with root credentials (not by a service on its behalf) are rare and unrestricted.',
    mitre: VALID_CLOUD_ACCOUNTS,
    identityTypes: ['Root'],
    when: (f) =>
      f.eventName !== 'ConsoleLogin' && f.invokedBy === null && f.eventType !== 'AwsServiceEvent',
  },
  {
    kind: 'event',
    id: 'console-login-no-mfa',
    title: 'Console sign-in without MFA succeeded',
    severity: 'medium',
    why: 'A password alone signed in: a stolen password is enough to repeat it.',
    mitre: VALID_CLOUD_ACCOUNTS,
    names: ['ConsoleLogin'],
    when: (f) => succeeded(f) && directSignIn(f) && f.mfa === 0,
  },
  {
    kind: 'event',
    id: 'console-login-failed',
    title: 'Failed console sign-in',
    severity: 'low',
    attemptsMatter: true,
    why: 'Wrong passwords, repeated, are how password guessing shows up.',
    mitre: BRUTE_FORCE,
    names: ['ConsoleLogin'],
    when: failed,
  },
  {
    kind: 'event',
    id: 'cloudtrail-stopped',
    title: 'StopLogging called',
    severity: 'critical',
    attemptsMatter: true,
    why: 'StopLogging blinds the trail; attempts matter as much as successes.',
    mitre: DISABLE_CLOUD_LOGS,
    names: ['StopLogging'],
    sources: ['cloudtrail.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'cloudtrail-deleted',
    title: 'DeleteTrail called',
    severity: 'critical',
    attemptsMatter: true,
    why: 'Deleting a trail ends its logging for good; attempts matter as much as successes.',
    mitre: DISABLE_CLOUD_LOGS,
    names: ['DeleteTrail'],
    sources: ['cloudtrail.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'cloudtrail-updated',
    title: 'UpdateTrail called',
    severity: 'medium',
    why: 'UpdateTrail can redirect logs to another bucket, drop regions or turn off validation.',
    mitre: DISABLE_CLOUD_LOGS,
    names: ['UpdateTrail'],
    sources: ['cloudtrail.amazonaws.com'],
  },
  {
    kind: 'trail-selectors',
    id: 'cloudtrail-selectors-reduced',
    title: 'Trail selectors set to record less than before',
    severity: 'high',
    why: "Event or Insights selectors now record less than the same trail recorded before (its earlier selectors, or a new trail's defaults, are in the evidence).",
    mitre: DISABLE_CLOUD_LOGS,
  },
  {
    kind: 'trail-selectors',
    id: 'cloudtrail-selectors-unknown-previous',
    title: 'Trail selectors set to record less than everything (previous state unknown)',
    severity: 'medium',
    why: 'Selectors that leave out management events, reads/writes or Insights, on a trail whose earlier selectors are not in the evidence: it may or may not have recorded more before.',
    mitre: DISABLE_CLOUD_LOGS,
  },
  {
    kind: 'event',
    id: 'guardduty-disabled',
    title: 'GuardDuty disable or detach called',
    severity: 'high',
    why: 'Removing the detector or its administrator link stops threat findings.',
    mitre: DISABLE_TOOLS,
    sources: ['guardduty.amazonaws.com'],
    names: [
      'DeleteDetector',
      'UpdateDetector',
      'DisassociateFromMasterAccount',
      'DisassociateFromAdministratorAccount',
      'StopMonitoringMembers',
      'DeleteMembers',
      'DisassociateMembers',
    ],
    when: (f) => f.eventName !== 'UpdateDetector' || paramIs(f, 'enable', /^false$/i),
  },
  {
    kind: 'event',
    id: 'config-disabled',
    title: 'AWS Config recorder stop or delete called',
    severity: 'high',
    why: 'Without the recorder or its delivery channel, configuration changes go unrecorded.',
    mitre: DISABLE_TOOLS,
    sources: ['config.amazonaws.com'],
    names: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
  },
  {
    kind: 'event',
    id: 'securityhub-disabled',
    title: 'Security Hub disable called',
    severity: 'high',
    why: 'Disabling Security Hub or its standards silences aggregated findings.',
    mitre: DISABLE_TOOLS,
    sources: ['securityhub.amazonaws.com'],
    names: [
      'DisableSecurityHub',
      'BatchDisableStandards',
      'DisableImportFindingsForProduct',
      'DisassociateFromMasterAccount',
      'DisassociateFromAdministratorAccount',
    ],
  },
  {
    kind: 'event',
    id: 'nacl-changed',
    title: 'Network ACL change called',
    severity: 'medium',
    why: 'Network ACLs are the subnet firewall; a new entry can open a path in or out.',
    mitre: DISABLE_CLOUD_FIREWALL,
    sources: ['ec2.amazonaws.com'],
    names: [
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ],
  },
  {
    kind: 'event',
    id: 'route-changed',
    title: 'Route table change called',
    severity: 'medium',
    why: 'Routes decide where traffic goes; a new route can send it out through an attacker path.',
    mitre: NETWORK_BOUNDARY,
    sources: ['ec2.amazonaws.com'],
    names: [
      'CreateRoute',
      'CreateRouteTable',
      'ReplaceRoute',
      'ReplaceRouteTableAssociation',
      'DeleteRouteTable',
      'DeleteRoute',
      'DisassociateRouteTable',
    ],
  },
  {
    kind: 'event',
    id: 'gateway-changed',
    title: 'Network gateway change called',
    severity: 'medium',
    why: 'Internet and customer gateways connect the VPC to the outside.',
    mitre: NETWORK_BOUNDARY,
    sources: ['ec2.amazonaws.com'],
    names: [
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
    ],
  },
  {
    kind: 'event',
    id: 'sg-open-to-world',
    title: 'Security group ingress from the whole internet requested',
    severity: 'high',
    why: 'An ingress rule for any /0 range (0.0.0.0/0, ::/0, or an address written with /0) exposes every instance in the group to the whole internet; egress rules do not.',
    mitre: DISABLE_CLOUD_FIREWALL,
    sources: ['ec2.amazonaws.com'],
    names: SG_GRANTS,
    when: opensToWorld,
  },
  {
    kind: 'event',
    id: 'sg-changed',
    title: 'Security group change called',
    severity: 'low',
    why: 'Security groups are the instance firewall; changes alter what can reach what.',
    mitre: DISABLE_CLOUD_FIREWALL,
    sources: ['ec2.amazonaws.com'],
    names: SG_CHANGES,
    // world-open ingress grants are their own, higher, rule
    when: (f) => !opensToWorld(f),
  },
  {
    kind: 'event',
    id: 'iam-user-created',
    title: 'CreateUser called',
    severity: 'medium',
    why: 'A new user is a classic persistence backdoor.',
    mitre: CREATE_CLOUD_ACCOUNT,
    names: ['CreateUser'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-console-password-set',
    title: 'CreateLoginProfile / UpdateLoginProfile called',
    severity: 'medium',
    why: "Setting another user's console password hands over their sign-in.",
    mitre: ACCOUNT_MANIPULATION,
    names: ['CreateLoginProfile', 'UpdateLoginProfile'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-password-changed',
    title: 'ChangePassword called (own password)',
    severity: 'low',
    why: 'A user changed their own password: routine, unless someone else holds the session.',
    mitre: ACCOUNT_MANIPULATION,
    names: ['ChangePassword'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-access-key-created',
    title: 'CreateAccessKey called',
    severity: 'medium',
    why: 'A new long-term key outlives any session; attackers mint them to keep access.',
    mitre: ADDITIONAL_CREDENTIALS,
    names: ['CreateAccessKey'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-role-created',
    title: 'CreateRole called',
    severity: 'low',
    why: 'A new role can be assumable from outside the account.',
    mitre: ADDITIONAL_ROLES,
    names: ['CreateRole'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'iam-admin-policy-attached',
    title: 'Administrator permissions requested for a principal',
    severity: 'high',
    why: 'AdministratorAccess, IAMFullAccess or an "Action": "*" policy gives full control of the account.',
    mitre: ADDITIONAL_ROLES,
    sources: ['iam.amazonaws.com'],
    names: [
      'AttachUserPolicy',
      'AttachRolePolicy',
      'AttachGroupPolicy',
      'PutUserPolicy',
      'PutRolePolicy',
      'PutGroupPolicy',
      'CreatePolicyVersion',
    ],
    when: grantsAdmin,
  },
  {
    kind: 'event',
    id: 'iam-trust-policy-changed',
    title: 'UpdateAssumeRolePolicy called',
    severity: 'medium',
    why: 'The trust policy says who may assume the role; editing it can let an outside account in.',
    mitre: ADDITIONAL_ROLES,
    names: ['UpdateAssumeRolePolicy'],
    sources: ['iam.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 's3-bucket-exposed',
    title: 'Public bucket policy, ACL or access block change requested',
    severity: 'high',
    why: "A policy or ACL for everyone, or a public access block switched off, exposes the bucket's data.",
    mitre: CLOUD_STORAGE,
    names: BUCKET_EXPOSURE,
    when: exposesBucket,
  },
  {
    kind: 'event',
    id: 's3-bucket-policy-changed',
    title: 'Bucket policy or ACL change called',
    severity: 'low',
    why: 'Bucket policies, ACLs, CORS, lifecycle and replication decide who reads the data and where copies go.',
    mitre: CLOUD_STORAGE,
    names: BUCKET_POLICY_CHANGES,
    when: (f) => !exposesBucket(f),
  },
  {
    kind: 'event',
    id: 's3-list-buckets',
    title: 'ListBuckets called',
    severity: 'info',
    attemptsMatter: true,
    why: 'ListBuckets is the first step of looking for data to take.',
    mitre: STORAGE_DISCOVERY,
    names: ['ListBuckets'],
    sources: ['s3.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'kms-key-deletion',
    title: 'ScheduleKeyDeletion / DisableKey called',
    severity: 'high',
    why: 'Data encrypted under a deleted key is lost for good (a ransom lever).',
    mitre: DATA_DESTRUCTION,
    names: ['ScheduleKeyDeletion', 'DisableKey'],
    sources: ['kms.amazonaws.com'],
  },
  {
    kind: 'event',
    id: 'org-leave',
    title: 'LeaveOrganization called',
    severity: 'critical',
    why: 'Leaving the organization drops its service control policies and central logging.',
    mitre: RESOURCE_HIERARCHY,
    names: ['LeaveOrganization'],
    sources: ['organizations.amazonaws.com'],
  },
  {
    kind: 'foreign-account',
    id: 'foreign-account-caller',
    title: 'Caller from an account outside the evidence',
    severity: 'medium',
    attemptsMatter: true,
    why: "The caller's account is none of the accounts this evidence was recorded in.",
    mitre: TRUSTED_RELATIONSHIP,
  },
  {
    kind: 'access-denied-burst',
    id: 'access-denied-burst',
    title: 'Burst of access denied',
    severity: 'medium',
    attemptsMatter: true,
    why: 'Ten or more AccessDenied/UnauthorizedOperation errors for one identity (not an AWS service) within five minutes: someone probing permissions.',
    mitre: INFRA_DISCOVERY,
  },
  {
    kind: 'service-denied-burst',
    id: 'service-denied-burst',
    title: 'Burst of access denied to an AWS service',
    severity: 'low',
    attemptsMatter: true,
    why: 'The same burst, by an AWS service principal (AWSService, or invokedBy): usually a misconfigured bucket or key policy, not someone probing.',
    mitre: INFRA_DISCOVERY,
  },
  {
    kind: 'caller-identity-new-ip',
    id: 'caller-identity-new-ip',
    title: 'GetCallerIdentity from a new network for the key',
    severity: 'high',
    attemptsMatter: true,
    why: 'A key\'s first call from a network (/16) its owner never used before is "who am I": how a stolen key gets tested.',
    mitre: VALID_CLOUD_ACCOUNTS,
  },
];

/** Bump when a rule's meaning changes: case files evaluated with another version re-evaluate. */
export const RULESET_VERSION = '6';

export function ruleById(id: string): NotableRule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Burst rule parameters (the why above says them in words). */
export const DENIED_BURST = { windowMs: 5 * 60_000, threshold: 10 };

/** Error codes that mean "not allowed" (CIS: `*UnauthorizedOperation`, `AccessDenied*`). */
export function isDeniedError(code: string): boolean {
  return /UnauthorizedOperation$/.test(code) || /^AccessDenied/.test(code);
}
