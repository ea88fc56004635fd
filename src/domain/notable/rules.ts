import type { EventFacts, NotableRule } from './types.js';
import { exposesBucket, failed, grantsAdmin, opensToWorld, paramIs, reducesLogging, succeeded } from './predicates.js';

const VALID_CLOUD_ACCOUNTS = { id: 'T1078.004', name: 'Valid Accounts: Cloud Accounts' };
const DISABLE_CLOUD_LOGS = { id: 'T1562.008', name: 'Impair Defenses: Disable or Modify Cloud Logs' };
const DISABLE_TOOLS = { id: 'T1562.001', name: 'Impair Defenses: Disable or Modify Tools' };
const DISABLE_CLOUD_FIREWALL = { id: 'T1562.007', name: 'Impair Defenses: Disable or Modify Cloud Firewall' };
const NETWORK_BOUNDARY = { id: 'T1599', name: 'Network Boundary Bridging' };
const CREATE_CLOUD_ACCOUNT = { id: 'T1136.003', name: 'Create Account: Cloud Account' };
const ACCOUNT_MANIPULATION = { id: 'T1098', name: 'Account Manipulation' };
const ADDITIONAL_CREDENTIALS = { id: 'T1098.001', name: 'Account Manipulation: Additional Cloud Credentials' };
const ADDITIONAL_ROLES = { id: 'T1098.003', name: 'Account Manipulation: Additional Cloud Roles' };
const CLOUD_STORAGE = { id: 'T1530', name: 'Data from Cloud Storage' };
const STORAGE_DISCOVERY = { id: 'T1619', name: 'Cloud Storage Object Discovery' };
const DATA_DESTRUCTION = { id: 'T1485', name: 'Data Destruction' };
const RESOURCE_HIERARCHY = { id: 'T1666', name: 'Modify Cloud Resource Hierarchy' };
const TRUSTED_RELATIONSHIP = { id: 'T1199', name: 'Trusted Relationship' };
const INFRA_DISCOVERY = { id: 'T1580', name: 'Cloud Infrastructure Discovery' };
const BRUTE_FORCE = { id: 'T1110', name: 'Brute Force' };

const SG_CHANGES = [
  'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules',
];
const SG_GRANTS = ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'ModifySecurityGroupRules'];
const BUCKET_EXPOSURE = [
  'PutBucketPolicy', 'PutBucketAcl', 'PutBucketPublicAccessBlock', 'PutPublicAccessBlock', 'PutAccountPublicAccessBlock',
  'DeleteBucketPublicAccessBlock', 'DeletePublicAccessBlock', 'DeleteAccountPublicAccessBlock',
];
const BUCKET_POLICY_CHANGES = [
  'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl', 'PutBucketCors', 'DeleteBucketCors',
  'PutBucketLifecycle', 'DeleteBucketLifecycle', 'PutBucketReplication', 'DeleteBucketReplication',
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
    kind: 'event', id: 'root-console-login', title: 'Root console sign-in', severity: 'high',
    why: 'The root user bypasses IAM policies; day-to-day work never needs a root sign-in.',
    mitre: VALID_CLOUD_ACCOUNTS, names: ['ConsoleLogin'], identityTypes: ['Root'], when: succeeded,
  },
  {
    kind: 'event', id: 'root-activity', title: 'Root user activity', severity: 'high',
    why: 'Calls made with root credentials (not by a service on its behalf) are rare and unrestricted.',
    mitre: VALID_CLOUD_ACCOUNTS, identityTypes: ['Root'],
    when: (f) => f.eventName !== 'ConsoleLogin' && f.invokedBy === null && f.eventType !== 'AwsServiceEvent',
  },
  {
    kind: 'event', id: 'console-login-no-mfa', title: 'Console sign-in without MFA', severity: 'medium',
    why: 'A password alone signed in: a stolen password is enough to repeat it.',
    mitre: VALID_CLOUD_ACCOUNTS, names: ['ConsoleLogin'],
    when: (f) => succeeded(f) && directSignIn(f) && f.mfa === 0,
  },
  {
    kind: 'event', id: 'console-login-failed', title: 'Failed console sign-in', severity: 'low',
    why: 'Wrong passwords, repeated, are how password guessing shows up.',
    mitre: BRUTE_FORCE, names: ['ConsoleLogin'], when: failed,
  },
  {
    kind: 'event', id: 'cloudtrail-stopped', title: 'CloudTrail logging stopped', severity: 'critical',
    why: 'StopLogging blinds the trail; attempts matter as much as successes.',
    mitre: DISABLE_CLOUD_LOGS, names: ['StopLogging'], sources: ['cloudtrail.amazonaws.com'],
  },
  {
    kind: 'event', id: 'cloudtrail-deleted', title: 'CloudTrail trail deleted', severity: 'critical',
    why: 'Deleting a trail ends its logging for good; attempts matter as much as successes.',
    mitre: DISABLE_CLOUD_LOGS, names: ['DeleteTrail'], sources: ['cloudtrail.amazonaws.com'],
  },
  {
    kind: 'event', id: 'cloudtrail-updated', title: 'CloudTrail trail changed', severity: 'medium',
    why: 'UpdateTrail can redirect logs to another bucket, drop regions or turn off validation.',
    mitre: DISABLE_CLOUD_LOGS, names: ['UpdateTrail'], sources: ['cloudtrail.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 'cloudtrail-selectors-reduced', title: 'CloudTrail selectors reduce logging', severity: 'high',
    why: 'Event or Insights selectors changed so that management events, reads/writes or Insights stop being recorded.',
    mitre: DISABLE_CLOUD_LOGS, names: ['PutEventSelectors', 'PutInsightSelectors'], sources: ['cloudtrail.amazonaws.com'],
    when: (f) => succeeded(f) && reducesLogging(f),
  },
  {
    kind: 'event', id: 'guardduty-disabled', title: 'GuardDuty disabled or detached', severity: 'high',
    why: 'Removing the detector or its administrator link stops threat findings.',
    mitre: DISABLE_TOOLS, sources: ['guardduty.amazonaws.com'],
    names: ['DeleteDetector', 'UpdateDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount',
      'StopMonitoringMembers', 'DeleteMembers', 'DisassociateMembers'],
    when: (f) => f.eventName !== 'UpdateDetector' || paramIs(f, 'enable', /^false$/i),
  },
  {
    kind: 'event', id: 'config-disabled', title: 'AWS Config recording stopped', severity: 'high',
    why: 'Without the recorder or its delivery channel, configuration changes go unrecorded.',
    mitre: DISABLE_TOOLS, sources: ['config.amazonaws.com'],
    names: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
  },
  {
    kind: 'event', id: 'securityhub-disabled', title: 'Security Hub disabled', severity: 'high',
    why: 'Disabling Security Hub or its standards silences aggregated findings.',
    mitre: DISABLE_TOOLS, sources: ['securityhub.amazonaws.com'],
    names: ['DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct',
      'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount'],
  },
  {
    kind: 'event', id: 'nacl-changed', title: 'Network ACL changed', severity: 'medium',
    why: 'Network ACLs are the subnet firewall; a new entry can open a path in or out.',
    mitre: DISABLE_CLOUD_FIREWALL, sources: ['ec2.amazonaws.com'], when: succeeded,
    names: ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'],
  },
  {
    kind: 'event', id: 'route-changed', title: 'Route table changed', severity: 'medium',
    why: 'Routes decide where traffic goes; a new route can send it out through an attacker path.',
    mitre: NETWORK_BOUNDARY, sources: ['ec2.amazonaws.com'], when: succeeded,
    names: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable',
      'DeleteRoute', 'DisassociateRouteTable'],
  },
  {
    kind: 'event', id: 'gateway-changed', title: 'Network gateway changed', severity: 'medium',
    why: 'Internet and customer gateways connect the VPC to the outside.',
    mitre: NETWORK_BOUNDARY, sources: ['ec2.amazonaws.com'], when: succeeded,
    names: ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
      'DeleteInternetGateway', 'DetachInternetGateway'],
  },
  {
    kind: 'event', id: 'sg-open-to-world', title: 'Security group opened to the internet', severity: 'high',
    why: 'A rule for 0.0.0.0/0 or ::/0 exposes every instance in the group to the whole internet.',
    mitre: DISABLE_CLOUD_FIREWALL, sources: ['ec2.amazonaws.com'], names: SG_GRANTS,
    when: (f) => succeeded(f) && opensToWorld(f),
  },
  {
    kind: 'event', id: 'sg-changed', title: 'Security group changed', severity: 'low',
    why: 'Security groups are the instance firewall; changes alter what can reach what.',
    mitre: DISABLE_CLOUD_FIREWALL, sources: ['ec2.amazonaws.com'], names: SG_CHANGES,
    // world-open grants are their own, higher, rule
    when: (f) => succeeded(f) && !(SG_GRANTS.includes(f.eventName ?? '') && opensToWorld(f)),
  },
  {
    kind: 'event', id: 'iam-user-created', title: 'IAM user created', severity: 'medium',
    why: 'A new user is a classic persistence backdoor.',
    mitre: CREATE_CLOUD_ACCOUNT, names: ['CreateUser'], sources: ['iam.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 'iam-console-password-set', title: 'Console password created or reset', severity: 'medium',
    why: 'Setting another user\'s console password hands over their sign-in.',
    mitre: ACCOUNT_MANIPULATION, names: ['CreateLoginProfile', 'UpdateLoginProfile'], sources: ['iam.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 'iam-password-changed', title: 'Own password changed', severity: 'low',
    why: 'A user changed their own password: routine, unless someone else holds the session.',
    mitre: ACCOUNT_MANIPULATION, names: ['ChangePassword'], sources: ['iam.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 'iam-access-key-created', title: 'Access key created', severity: 'medium',
    why: 'A new long-term key outlives any session; attackers mint them to keep access.',
    mitre: ADDITIONAL_CREDENTIALS, names: ['CreateAccessKey'], sources: ['iam.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 'iam-role-created', title: 'IAM role created', severity: 'low',
    why: 'A new role can be assumable from outside the account.',
    mitre: ADDITIONAL_ROLES, names: ['CreateRole'], sources: ['iam.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 'iam-admin-policy-attached', title: 'Administrator permissions granted', severity: 'high',
    why: 'AdministratorAccess, IAMFullAccess or an "Action": "*" policy gives full control of the account.',
    mitre: ADDITIONAL_ROLES, sources: ['iam.amazonaws.com'],
    names: ['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy', 'PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy',
      'CreatePolicyVersion'],
    when: (f) => succeeded(f) && grantsAdmin(f),
  },
  {
    kind: 'event', id: 'iam-trust-policy-changed', title: 'Role trust policy changed', severity: 'medium',
    why: 'The trust policy says who may assume the role; editing it can let an outside account in.',
    mitre: ADDITIONAL_ROLES, names: ['UpdateAssumeRolePolicy'], sources: ['iam.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 's3-bucket-exposed', title: 'Bucket made public', severity: 'high',
    why: 'A policy or ACL for everyone, or a public access block switched off, exposes the bucket\'s data.',
    mitre: CLOUD_STORAGE, names: BUCKET_EXPOSURE, when: (f) => succeeded(f) && exposesBucket(f),
  },
  {
    kind: 'event', id: 's3-bucket-policy-changed', title: 'Bucket policy or ACL changed', severity: 'low',
    why: 'Bucket policies, ACLs, CORS, lifecycle and replication decide who reads the data and where copies go.',
    mitre: CLOUD_STORAGE, names: BUCKET_POLICY_CHANGES, when: (f) => succeeded(f) && !exposesBucket(f),
  },
  {
    kind: 'event', id: 's3-list-buckets', title: 'Buckets listed', severity: 'info',
    why: 'ListBuckets is the first step of looking for data to take.',
    mitre: STORAGE_DISCOVERY, names: ['ListBuckets'], sources: ['s3.amazonaws.com'],
  },
  {
    kind: 'event', id: 'kms-key-deletion', title: 'KMS key disabled or scheduled for deletion', severity: 'high',
    why: 'Data encrypted under a deleted key is lost for good (a ransom lever).',
    mitre: DATA_DESTRUCTION, names: ['ScheduleKeyDeletion', 'DisableKey'], sources: ['kms.amazonaws.com'], when: succeeded,
  },
  {
    kind: 'event', id: 'org-leave', title: 'Account left the organization', severity: 'critical',
    why: 'Leaving the organization drops its service control policies and central logging.',
    mitre: RESOURCE_HIERARCHY, names: ['LeaveOrganization'], sources: ['organizations.amazonaws.com'],
  },
  {
    kind: 'foreign-account', id: 'foreign-account-caller', title: 'Caller from an account outside the evidence', severity: 'medium',
    why: 'The caller\'s account is none of the accounts this evidence was recorded in.',
    mitre: TRUSTED_RELATIONSHIP,
  },
  {
    kind: 'access-denied-burst', id: 'access-denied-burst', title: 'Burst of access denied', severity: 'medium',
    why: 'Ten or more AccessDenied/UnauthorizedOperation errors for one identity within five minutes: someone probing permissions.',
    mitre: INFRA_DISCOVERY,
  },
  {
    kind: 'caller-identity-new-ip', id: 'caller-identity-new-ip', title: 'GetCallerIdentity from a new network for the key', severity: 'high',
    why: 'A key\'s first call from a network (/16) its owner never used before is "who am I": how a stolen key gets tested.',
    mitre: VALID_CLOUD_ACCOUNTS,
  },
];

/** Bump when a rule's meaning changes: case files evaluated with another version re-evaluate. */
export const RULESET_VERSION = '5';

export function ruleById(id: string): NotableRule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Burst rule parameters (the why above says them in words). */
export const DENIED_BURST = { windowMs: 5 * 60_000, threshold: 10 };

/** Error codes that mean "not allowed" (CIS: `*UnauthorizedOperation`, `AccessDenied*`). */
export function isDeniedError(code: string): boolean {
  return /UnauthorizedOperation$/.test(code) || /^AccessDenied/.test(code);
}
