/**
 * What the benchmark corpus's callers do: API calls with realistic relative frequencies (a few
 * read-only calls dominate real trails; security-relevant writes are rare), the request parameters
 * that name resources, and the errors each kind of call tends to fail with.
 */
import type { Prng } from '../prng.js';
import { WeightedPicker } from '../prng.js';

export type ResourceKind =
  | 'bucket'
  | 'object'
  | 'instance'
  | 'instances'
  | 'role'
  | 'user'
  | 'function'
  | 'kmsKey'
  | 'table'
  | 'queue'
  | 'topic'
  | 'logGroup'
  | 'secret'
  | 'trail'
  | 'sg'
  | 'sgIngress'
  | 'param'
  | 'policy'
  | 'cluster'
  | 'stack'
  | 'nacl'
  | 'route'
  | 'detector'
  | 'none';

export interface CatalogEntry {
  source: string;
  name: string;
  weight: number;
  resource: ResourceKind;
  category: 'Management' | 'Data';
}

// [service, eventName, weight, resource kind, data event?]
const RAW: [string, string, number, ResourceKind, boolean?][] = [
  ['s3', 'GetObject', 900, 'object', true],
  ['s3', 'PutObject', 300, 'object', true],
  ['s3', 'HeadObject', 200, 'object', true],
  ['s3', 'ListObjects', 120, 'bucket', true],
  ['s3', 'DeleteObject', 40, 'object', true],
  ['s3', 'ListBuckets', 30, 'none'],
  ['s3', 'GetBucketAcl', 40, 'bucket'],
  ['s3', 'GetBucketPolicy', 30, 'bucket'],
  ['s3', 'GetBucketLocation', 60, 'bucket'],
  ['s3', 'GetBucketVersioning', 20, 'bucket'],
  ['s3', 'GetBucketEncryption', 20, 'bucket'],
  ['s3', 'PutBucketPolicy', 1.5, 'bucket'],
  ['s3', 'PutBucketAcl', 0.8, 'bucket'],
  ['s3', 'DeleteBucketPolicy', 0.3, 'bucket'],
  ['s3', 'PutBucketPublicAccessBlock', 0.5, 'bucket'],
  ['s3', 'CreateBucket', 1, 'bucket'],
  ['s3', 'DeleteBucket', 0.3, 'bucket'],
  ['ec2', 'DescribeInstances', 500, 'none'],
  ['ec2', 'DescribeSecurityGroups', 120, 'none'],
  ['ec2', 'DescribeVolumes', 90, 'none'],
  ['ec2', 'DescribeSubnets', 80, 'none'],
  ['ec2', 'DescribeVpcs', 70, 'none'],
  ['ec2', 'DescribeImages', 60, 'none'],
  ['ec2', 'DescribeNetworkInterfaces', 90, 'none'],
  ['ec2', 'DescribeRouteTables', 30, 'none'],
  ['ec2', 'DescribeTags', 50, 'none'],
  ['ec2', 'DescribeInstanceStatus', 80, 'none'],
  ['ec2', 'DescribeRegions', 25, 'none'],
  ['ec2', 'DescribeSnapshots', 30, 'none'],
  ['ec2', 'RunInstances', 6, 'instance'],
  ['ec2', 'StartInstances', 5, 'instances'],
  ['ec2', 'StopInstances', 5, 'instances'],
  ['ec2', 'TerminateInstances', 3, 'instances'],
  ['ec2', 'CreateTags', 20, 'instance'],
  ['ec2', 'CreateSnapshot', 6, 'none'],
  ['ec2', 'AuthorizeSecurityGroupIngress', 1.5, 'sgIngress'],
  ['ec2', 'RevokeSecurityGroupIngress', 0.8, 'sg'],
  ['ec2', 'AuthorizeSecurityGroupEgress', 0.5, 'sg'],
  ['ec2', 'CreateSecurityGroup', 1, 'sg'],
  ['ec2', 'DeleteSecurityGroup', 0.5, 'sg'],
  ['ec2', 'CreateNetworkAclEntry', 0.3, 'nacl'],
  ['ec2', 'ReplaceNetworkAclEntry', 0.2, 'nacl'],
  ['ec2', 'CreateRoute', 0.4, 'route'],
  ['ec2', 'CreateKeyPair', 0.3, 'none'],
  ['ec2', 'GetPasswordData', 0.2, 'instance'],
  ['iam', 'GetUser', 60, 'user'],
  ['iam', 'ListUsers', 25, 'none'],
  ['iam', 'ListRoles', 40, 'none'],
  ['iam', 'GetRole', 80, 'role'],
  ['iam', 'ListAttachedRolePolicies', 40, 'role'],
  ['iam', 'GetPolicy', 30, 'policy'],
  ['iam', 'GetPolicyVersion', 30, 'policy'],
  ['iam', 'ListAccessKeys', 20, 'user'],
  ['iam', 'GetAccountAuthorizationDetails', 2, 'none'],
  ['iam', 'ListMFADevices', 10, 'user'],
  ['iam', 'CreateUser', 0.6, 'user'],
  ['iam', 'DeleteUser', 0.3, 'user'],
  ['iam', 'CreateAccessKey', 0.8, 'user'],
  ['iam', 'DeleteAccessKey', 0.5, 'user'],
  ['iam', 'CreateLoginProfile', 0.3, 'user'],
  ['iam', 'UpdateLoginProfile', 0.2, 'user'],
  ['iam', 'AttachUserPolicy', 0.5, 'user'],
  ['iam', 'AttachRolePolicy', 1, 'role'],
  ['iam', 'PutRolePolicy', 0.8, 'role'],
  ['iam', 'CreateRole', 1, 'role'],
  ['iam', 'DeleteRole', 0.4, 'role'],
  ['iam', 'UpdateAssumeRolePolicy', 0.3, 'role'],
  ['iam', 'CreatePolicyVersion', 0.5, 'policy'],
  ['iam', 'AddUserToGroup', 0.3, 'user'],
  ['iam', 'PassRole', 0.1, 'role'],
  ['sts', 'GetCallerIdentity', 150, 'none'],
  ['lambda', 'Invoke', 250, 'function', true],
  ['lambda', 'ListFunctions20150331', 30, 'none'],
  ['lambda', 'GetFunction20150331v2', 40, 'function'],
  ['lambda', 'UpdateFunctionCode20150331v2', 4, 'function'],
  ['lambda', 'CreateFunction20150331', 1, 'function'],
  ['lambda', 'AddPermission20150331v2', 0.5, 'function'],
  ['kms', 'Decrypt', 400, 'kmsKey'],
  ['kms', 'GenerateDataKey', 250, 'kmsKey'],
  ['kms', 'Encrypt', 80, 'kmsKey'],
  ['kms', 'DescribeKey', 60, 'kmsKey'],
  ['kms', 'ListAliases', 15, 'none'],
  ['kms', 'ScheduleKeyDeletion', 0.1, 'kmsKey'],
  ['kms', 'DisableKey', 0.1, 'kmsKey'],
  ['kms', 'CreateGrant', 8, 'kmsKey'],
  ['dynamodb', 'DescribeTable', 120, 'table'],
  ['dynamodb', 'ListTables', 30, 'none'],
  ['dynamodb', 'UpdateTable', 1, 'table'],
  ['dynamodb', 'GetItem', 150, 'table', true],
  ['dynamodb', 'PutItem', 80, 'table', true],
  ['dynamodb', 'Query', 120, 'table', true],
  ['sqs', 'GetQueueAttributes', 60, 'queue'],
  ['sqs', 'ListQueues', 20, 'none'],
  ['sqs', 'CreateQueue', 1, 'queue'],
  ['sns', 'Publish', 60, 'topic', true],
  ['sns', 'ListTopics', 15, 'none'],
  ['sns', 'GetTopicAttributes', 25, 'topic'],
  ['logs', 'CreateLogStream', 80, 'logGroup'],
  ['logs', 'DescribeLogGroups', 50, 'none'],
  ['logs', 'FilterLogEvents', 30, 'logGroup'],
  ['logs', 'DeleteLogGroup', 0.3, 'logGroup'],
  ['logs', 'PutRetentionPolicy', 0.5, 'logGroup'],
  ['secretsmanager', 'GetSecretValue', 120, 'secret'],
  ['secretsmanager', 'DescribeSecret', 30, 'secret'],
  ['secretsmanager', 'ListSecrets', 8, 'none'],
  ['secretsmanager', 'PutSecretValue', 1, 'secret'],
  ['ssm', 'GetParameter', 150, 'param'],
  ['ssm', 'GetParameters', 80, 'param'],
  ['ssm', 'DescribeInstanceInformation', 40, 'none'],
  ['ssm', 'UpdateInstanceInformation', 90, 'none'],
  ['ssm', 'StartSession', 1, 'instance'],
  ['ssm', 'SendCommand', 1.5, 'instance'],
  ['cloudtrail', 'DescribeTrails', 10, 'none'],
  ['cloudtrail', 'GetTrailStatus', 12, 'trail'],
  ['cloudtrail', 'LookupEvents', 15, 'none'],
  ['cloudtrail', 'GetEventSelectors', 5, 'trail'],
  ['cloudtrail', 'StopLogging', 0.05, 'trail'],
  ['cloudtrail', 'DeleteTrail', 0.02, 'trail'],
  ['cloudtrail', 'UpdateTrail', 0.1, 'trail'],
  ['cloudtrail', 'PutEventSelectors', 0.1, 'trail'],
  ['cloudtrail', 'StartLogging', 0.05, 'trail'],
  ['guardduty', 'ListDetectors', 10, 'none'],
  ['guardduty', 'GetDetector', 8, 'detector'],
  ['guardduty', 'DeleteDetector', 0.02, 'detector'],
  ['guardduty', 'UpdateDetector', 0.1, 'detector'],
  ['config', 'DescribeConfigRules', 10, 'none'],
  ['config', 'StopConfigurationRecorder', 0.03, 'none'],
  ['config', 'PutEvaluations', 40, 'none'],
  ['securityhub', 'GetFindings', 10, 'none'],
  ['securityhub', 'BatchImportFindings', 15, 'none'],
  ['organizations', 'DescribeOrganization', 5, 'none'],
  ['organizations', 'ListAccounts', 4, 'none'],
  ['organizations', 'LeaveOrganization', 0.01, 'none'],
  ['cloudformation', 'DescribeStacks', 60, 'stack'],
  ['cloudformation', 'DescribeStackEvents', 30, 'stack'],
  ['cloudformation', 'CreateStack', 1, 'stack'],
  ['cloudformation', 'UpdateStack', 2, 'stack'],
  ['cloudformation', 'DeleteStack', 0.5, 'stack'],
  ['eks', 'DescribeCluster', 40, 'cluster'],
  ['eks', 'ListClusters', 10, 'none'],
  ['ecr', 'GetAuthorizationToken', 70, 'none'],
  ['ecr', 'BatchGetImage', 50, 'none'],
  ['ecr', 'PutImage', 3, 'none'],
  ['monitoring', 'PutMetricData', 120, 'none'],
  ['monitoring', 'DescribeAlarms', 40, 'none'],
  ['monitoring', 'GetMetricData', 60, 'none'],
  ['events', 'PutEvents', 30, 'none'],
  ['events', 'PutRule', 0.5, 'none'],
  ['elasticloadbalancing', 'DescribeLoadBalancers', 40, 'none'],
  ['elasticloadbalancing', 'DescribeTargetHealth', 50, 'none'],
  ['rds', 'DescribeDBInstances', 40, 'none'],
  ['rds', 'CreateDBSnapshot', 1, 'none'],
  ['rds', 'ModifyDBInstance', 0.5, 'none'],
  ['route53', 'ListHostedZones', 15, 'none'],
  ['route53', 'ChangeResourceRecordSets', 2, 'none'],
  ['ce', 'GetCostAndUsage', 5, 'none'],
  ['health', 'DescribeEvents', 8, 'none'],
  ['tagging', 'GetResources', 20, 'none'],
  ['athena', 'StartQueryExecution', 10, 'none'],
  ['athena', 'GetQueryExecution', 40, 'none'],
  ['glue', 'GetTable', 30, 'none'],
];

export const CATALOG: readonly CatalogEntry[] = RAW.map(([svc, name, weight, resource, data]) => ({
  source: `${svc}.amazonaws.com`,
  name,
  weight,
  resource,
  category: data ? 'Data' : 'Management',
}));

export const catalogPicker = (): WeightedPicker<CatalogEntry> =>
  new WeightedPicker(CATALOG.map((e) => [e, e.weight] as const));

/** Errors by service family; AccessDenied dominates real trails. */
export function pickError(rng: Prng, e: CatalogEntry): { code: string; message: string } {
  const svc = e.source.slice(0, e.source.indexOf('.'));
  const x = rng.next();
  if (svc === 'ec2' && x < 0.7) {
    return rng.chance(0.85)
      ? {
          code: 'Client.UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
        }
      : {
          code: 'Client.InvalidInstanceID.NotFound',
          message: `The instance ID 'i-${rng.hex(17)}' does not exist`,
        };
  }
  if (x < 0.65)
    return { code: 'AccessDenied', message: `User is not authorized to perform: ${svc}:${e.name}` };
  if (x < 0.75) return { code: 'ThrottlingException', message: 'Rate exceeded' };
  if (svc === 'iam' && x < 0.9)
    return { code: 'NoSuchEntityException', message: 'The user with name was not found.' };
  if (svc === 's3' && x < 0.9)
    return { code: 'NoSuchBucket', message: 'The specified bucket does not exist' };
  if (x < 0.95) return { code: 'ValidationException', message: '1 validation error detected' };
  return { code: 'ResourceNotFoundException', message: 'Requested resource not found' };
}
