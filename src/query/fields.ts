import type { EventRow, InternedField } from '../store/event-row.js';

/** How a field's values are matched; the compiler turns each into SQL over `events e`. */
export type FieldTarget =
  | {
      type: 'dict';
      dictField: InternedField;
      /** `contains`: a plain value matches anywhere in the text (user agents, messages). */
      match: 'exact' | 'contains';
      /** Rewrites what people type into what CloudTrail records (see `values.ts`). */
      rewrite?: 'service' | 'role' | 'category' | 'identityType';
    }
  /** Source IP: values compared in canonical form (see util/cidr.ts `canonicalIp`); CIDR ranges. */
  | { type: 'ip' }
  /** The role session (or federated user) name inside the caller ARN; missing for other ARNs. */
  | { type: 'session' }
  /** Who made the call: the caller ARN, else the invoking service, else the principal ID. */
  | { type: 'identity' }
  /** Made by an AWS service (identity type AWSService, or invokedBy set): true or false, never missing. */
  | { type: 'serviceCaller' }
  /** The responder's data and verification, kept in the case file only: never in the evidence. */
  | { type: 'caseData'; data: 'note' | 'tag' | 'verified' | 'caveat' }
  | { type: 'column'; column: 'event_id' | 'request_id' | 'shared_event_id' | 'issued_key' }
  | { type: 'bool'; column: 'read_only' | 'mfa' | 'console_session' }
  | { type: 'param' }
  | { type: 'resource'; part: 'name' | 'type' }
  | { type: 'time'; op: 'after' | 'before' | 'on' | 'since' }
  | { type: 'has' };

/** What a field holds, for completion hints and value pickers. */
export type FieldKind =
  'string' | 'text' | 'ip' | 'bool' | 'id' | 'param' | 'resource' | 'time' | 'meta';

export interface FieldDef {
  /** Canonical name, as the README and completions show it. */
  name: string;
  /** Other names accepted (matched case-insensitively, ignoring `_` and `-`). */
  aliases: readonly string[];
  description: string;
  kind: FieldKind;
  target: FieldTarget;
  /** The `events_v` / `EventRow` column holding this field's value, when there is one (facets). */
  column?: keyof EventRow;
  example: string;
}

const dict = (
  dictField: InternedField,
  match: 'exact' | 'contains' = 'exact',
  rewrite?: 'service' | 'role' | 'category' | 'identityType',
): FieldTarget => ({ type: 'dict', dictField, match, rewrite });

/** Every filter field. Order is the order of the README table and of completions. */
export const FIELDS: readonly FieldDef[] = [
  {
    name: 'name',
    aliases: ['event', 'eventName', 'api', 'action'],
    kind: 'string',
    column: 'event_name',
    description: 'event name (API action), e.g. StopLogging',
    target: dict('event_name'),
    example: 'name:StopLogging,DeleteTrail',
  },
  {
    name: 'source',
    aliases: ['src', 'service', 'eventSource'],
    kind: 'string',
    column: 'event_source',
    description: 'event source (service); a bare service name gets ".amazonaws.com"',
    target: dict('event_source', 'exact', 'service'),
    example: 'src:cloudtrail',
  },
  {
    name: 'region',
    aliases: ['awsRegion'],
    kind: 'string',
    column: 'aws_region',
    description: 'AWS region of the call',
    target: dict('aws_region'),
    example: 'region:eu-*',
  },
  {
    name: 'ip',
    aliases: ['sourceIP', 'sourceIPAddress', 'srcip', 'addr'],
    kind: 'ip',
    column: 'source_ip',
    description: 'source IP address, or a CIDR range (IPv4/IPv6), or a service name',
    target: { type: 'ip' },
    example: 'ip:10.0.0.0/8',
  },
  {
    name: 'ua',
    aliases: ['userAgent', 'agent'],
    kind: 'text',
    column: 'user_agent',
    description: 'user agent; a plain value matches anywhere in it',
    target: dict('user_agent', 'contains'),
    example: 'ua:boto3',
  },
  {
    name: 'type',
    aliases: ['identityType', 'idtype', 'principalType'],
    kind: 'string',
    column: 'identity_type',
    description:
      'identity type: Root, IAMUser, AssumedRole, FederatedUser, AWSService, AWSAccount, SAMLUser, WebIdentityUser, IdentityCenterUser (or root, user, role, service...)',
    target: dict('identity_type', 'exact', 'identityType'),
    example: 'type:Root',
  },
  {
    name: 'principal',
    aliases: ['principalId', 'pid'],
    kind: 'string',
    column: 'principal_id',
    description: 'principal ID (AIDA…, AROA…:session)',
    target: dict('principal_id'),
    example: 'principal:AROA*',
  },
  {
    name: 'arn',
    aliases: ['userArn', 'identityArn'],
    kind: 'string',
    column: 'arn',
    description: 'ARN of the caller',
    target: dict('arn'),
    example: 'arn:*admin*',
  },
  {
    name: 'account',
    aliases: ['accountId', 'caller', 'acct'],
    kind: 'string',
    column: 'account_id',
    description: "caller's account ID (userIdentity.accountId)",
    target: dict('account_id'),
    example: 'account:111122223333',
  },
  {
    name: 'recipient',
    aliases: ['recipientAccountId', 'recipientAccount', 'rcpt'],
    kind: 'string',
    column: 'recipient_account_id',
    description: 'account that received the call (recipientAccountId)',
    target: dict('recipient_account_id'),
    example: 'recipient:444455556666',
  },
  {
    name: 'key',
    aliases: ['accessKeyId', 'accessKey', 'akid'],
    kind: 'string',
    column: 'access_key_id',
    description: 'access key ID used for the call (AKIA… long-term, ASIA… temporary)',
    target: dict('access_key_id'),
    example: 'key:AKIAEXAMPLE*',
  },
  {
    name: 'user',
    aliases: ['userName', 'username'],
    kind: 'string',
    column: 'user_name',
    description: 'user name (userIdentity.userName)',
    target: dict('user_name'),
    example: 'user:alice',
  },
  {
    name: 'role',
    aliases: ['issuer', 'sessionIssuer', 'sessionIssuerArn'],
    kind: 'string',
    column: 'session_issuer_arn',
    description: 'session issuer (role) ARN, or just the role name',
    target: dict('session_issuer_arn', 'exact', 'role'),
    example: 'role:OrganizationAccountAccessRole',
  },
  {
    name: 'session',
    aliases: ['sessionName', 'roleSessionName'],
    kind: 'string',
    description:
      'role session name (or federated user name), from the caller ARN; missing for IAM users and root',
    target: { type: 'session' },
    example: 'session:i-0abc*',
  },
  {
    name: 'who',
    aliases: ['identity'],
    kind: 'string',
    description:
      'who made the call: the caller ARN, else the invoking service, else the principal ID (the "who" column and facet)',
    target: { type: 'identity' },
    example: 'who:*admin*',
  },
  {
    name: 'byService',
    aliases: ['awsService', 'serviceCaller'],
    kind: 'bool',
    description:
      "made by an AWS service (identity type AWSService, or invokedBy set): true or false; the TUI's A toggle adds -byService:true",
    target: { type: 'serviceCaller' },
    example: '-byService:true',
  },
  {
    name: 'invokedBy',
    aliases: ['via'],
    kind: 'string',
    column: 'invoked_by',
    description: "the AWS service that made the call on the caller's behalf",
    target: dict('invoked_by'),
    example: 'invokedBy:*.amazonaws.com',
  },
  {
    name: 'sourceIdentity',
    aliases: ['sid'],
    kind: 'string',
    column: 'source_identity',
    description: 'sourceIdentity set on the role session',
    target: dict('source_identity'),
    example: 'sourceIdentity:alice',
  },
  {
    name: 'error',
    aliases: ['err', 'errorCode'],
    kind: 'string',
    column: 'error_code',
    description: 'error code; error:* is any failed call',
    target: dict('error_code'),
    example: 'error:AccessDenied*',
  },
  {
    name: 'message',
    aliases: ['errorMessage', 'errmsg', 'msg'],
    kind: 'text',
    column: 'error_message',
    description: 'error message; a plain value matches anywhere in it',
    target: dict('error_message', 'contains'),
    example: 'msg:"not authorized"',
  },
  {
    name: 'eventType',
    aliases: ['etype'],
    kind: 'string',
    column: 'event_type',
    description:
      'event type: AwsApiCall, AwsConsoleSignIn, AwsServiceEvent, AwsCloudTrailInsight...',
    target: dict('event_type'),
    example: 'eventType:AwsConsoleSignIn',
  },
  {
    name: 'category',
    aliases: ['cat', 'eventCategory'],
    kind: 'string',
    column: 'category',
    description: 'event category: management, data, insight, network',
    target: dict('category', 'exact', 'category'),
    example: 'category:data',
  },
  {
    name: 'readOnly',
    aliases: ['ro'],
    kind: 'bool',
    column: 'read_only',
    description: 'read-only call: true or false',
    target: { type: 'bool', column: 'read_only' },
    example: 'readOnly:false',
  },
  {
    name: 'mfa',
    aliases: ['mfaAuthenticated', 'mfaUsed'],
    kind: 'bool',
    column: 'mfa',
    description: 'MFA used for the session or console sign-in: true or false',
    target: { type: 'bool', column: 'mfa' },
    example: 'mfa:false',
  },
  {
    name: 'console',
    aliases: ['consoleSession'],
    kind: 'bool',
    column: 'console_session',
    description: 'credentials from a console session: true or false',
    target: { type: 'bool', column: 'console_session' },
    example: 'console:true',
  },
  {
    name: 'id',
    aliases: ['eventId'],
    kind: 'id',
    column: 'event_id',
    description: 'event ID',
    target: { type: 'column', column: 'event_id' },
    example: 'id:3f0c2e1a-*',
  },
  {
    name: 'requestId',
    aliases: ['request', 'reqid'],
    kind: 'id',
    column: 'request_id',
    description: 'request ID',
    target: { type: 'column', column: 'request_id' },
    example: 'requestId:ABCD1234*',
  },
  {
    name: 'sharedEventId',
    aliases: ['shared'],
    kind: 'id',
    column: 'shared_event_id',
    description: 'shared event ID (the same call logged in two accounts)',
    target: { type: 'column', column: 'shared_event_id' },
    example: 'shared:*',
  },
  {
    name: 'issuedKey',
    aliases: ['issued', 'minted'],
    kind: 'id',
    column: 'issued_key',
    description: 'access key an STS call issued (responseElements.credentials.accessKeyId)',
    target: { type: 'column', column: 'issued_key' },
    example: 'issued:ASIA*',
  },
  {
    name: 'param',
    aliases: ['params', 'req', 'requestParameters'],
    kind: 'param',
    column: 'req_text',
    description: 'a request parameter value (any key), or key=value',
    target: { type: 'param' },
    example: 'param:bucketName=prod-data',
  },
  {
    name: 'resource',
    aliases: ['res', 'resourceName'],
    kind: 'resource',
    description:
      'a resource (resources[] and well-known request parameters), one value per resource: its ARN when known, else its name',
    target: { type: 'resource', part: 'name' },
    example: 'resource:*prod-data*',
  },
  {
    name: 'resourceType',
    aliases: ['rtype'],
    kind: 'resource',
    description: 'resource type, e.g. AWS::S3::Bucket',
    target: { type: 'resource', part: 'type' },
    example: 'rtype:AWS::IAM::Role',
  },
  {
    name: 'note',
    aliases: ['notes', 'annotation'],
    kind: 'text',
    description:
      'a note written on the event (trailscope note, a in the TUI); a plain value matches anywhere in it; note:* any note',
    target: { type: 'caseData', data: 'note' },
    example: 'note:*',
  },
  {
    name: 'tag',
    aliases: ['tags', 'label'],
    kind: 'string',
    description: 'a tag put on the event (trailscope note --tag, #word in a TUI note)',
    target: { type: 'caseData', data: 'tag' },
    example: 'tag:exfil',
  },
  {
    name: 'verified',
    aliases: ['integrity'],
    kind: 'meta',
    description:
      'yes: a file the event came from is verified by its CloudTrail digest; no: a file it came from was modified; unknown: not verified (trailscope verify)',
    target: { type: 'caseData', data: 'verified' },
    example: 'verified:no',
  },
  {
    name: 'caveat',
    aliases: ['caveats'],
    kind: 'meta',
    description:
      "what limits the event's record as evidence: differs (another copy differs), unverified (read from damaged data), rebuilt (from summary fields: a cut lookup-events entry, a console CSV row), engine (from a query result), derivedId (no eventID), badTime (eventTime did not parse); caveat:* any",
    target: { type: 'caseData', data: 'caveat' },
    example: 'caveat:differs',
  },
  {
    name: 'after',
    aliases: ['from', 'start'],
    kind: 'time',
    description: 'at or after a UTC time (2024-04-11, 2024-04-11T13:00Z)',
    target: { type: 'time', op: 'after' },
    example: 'after:2024-04-11',
  },
  {
    name: 'before',
    aliases: ['until', 'end'],
    kind: 'time',
    description: 'before a UTC time',
    target: { type: 'time', op: 'before' },
    example: 'before:2024-04-11T13:00Z',
  },
  {
    name: 'on',
    aliases: ['date', 'day'],
    kind: 'time',
    description: 'within a day (or hour, or minute) in UTC',
    target: { type: 'time', op: 'on' },
    example: 'on:2024-04-11',
  },
  {
    name: 'since',
    aliases: ['last'],
    kind: 'time',
    description:
      'within the last 30s / 15m / 2h / 3d / 1w of the evidence (back from its latest event); now-2h: back from the clock',
    target: { type: 'time', op: 'since' },
    example: 'since:2h',
  },
  {
    name: 'has',
    aliases: [],
    kind: 'meta',
    description: 'the named field has a value (has:error, has:mfa); -has:field for missing',
    target: { type: 'has' },
    example: 'has:sharedEventId',
  },
];

/** Canonical form for name look-ups: case-insensitive, `_` and `-` ignored (eventName = event_name). */
export function fieldKey(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

const BY_KEY = new Map<string, FieldDef>();
for (const f of FIELDS) {
  for (const n of [f.name, ...f.aliases]) BY_KEY.set(fieldKey(n), f);
}
// `events_v` column names are accepted too, so facets and scripts can use them.
for (const f of FIELDS)
  if (f.column && !BY_KEY.has(fieldKey(f.column))) BY_KEY.set(fieldKey(f.column), f);

export function lookupField(name: string): FieldDef | undefined {
  return BY_KEY.get(fieldKey(name));
}

/** Every accepted spelling (canonical names first), for suggestions and completion. */
export function fieldNames(): string[] {
  return [...FIELDS.map((f) => f.name), ...FIELDS.flatMap((f) => f.aliases)];
}

/**
 * The filter field for an `events_v` column (facets: column -> `field:value`). Fields that rewrite
 * what is typed (`session` over `arn`) lose to the plain field for the same column.
 */
export function fieldForColumn(column: string): FieldDef | undefined {
  const candidates = FIELDS.filter((f) => f.column === column);
  return candidates.find((f) => !(f.target.type === 'dict' && f.target.rewrite)) ?? candidates[0];
}
