/**
 * Builders for realistic CloudTrail records (userIdentity shapes, API calls, STS issuances) and an
 * S3-delivery file writer. Used by the demo incident, the benchmark corpus and test fixtures, so
 * that all three exercise the same shapes real trails deliver (see shared/domain/INPUT-FORMATS.md
 * and CREDENTIAL-LINEAGE.md; field layouts follow the CloudTrail userIdentity reference).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatTime } from '../domain/time.js';
import type { Prng } from './prng.js';

export type CtRecord = Record<string, unknown>;
export type UserIdentity = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Identities

export interface SessionAttrs {
  /** Session creation time (ms). */
  createdMs: number;
  mfa?: boolean;
  sourceIdentity?: string;
}

function attributes(s: SessionAttrs): Record<string, string> {
  return { creationDate: formatTime(s.createdMs), mfaAuthenticated: s.mfa ? 'true' : 'false' };
}

export function iamUser(o: {
  account: string;
  userName: string;
  /** AIDA… unique ID. */
  userId: string;
  accessKeyId?: string;
  /** Set when the key is a console or GetSessionToken session key (ASIA…). */
  session?: SessionAttrs;
  consoleSession?: boolean;
}): UserIdentity {
  const id: UserIdentity = {
    type: 'IAMUser',
    principalId: o.userId,
    arn: `arn:aws:iam::${o.account}:user/${o.userName}`,
    accountId: o.account,
  };
  if (o.accessKeyId !== undefined) id.accessKeyId = o.accessKeyId;
  id.userName = o.userName;
  if (o.session) {
    const sc: Record<string, unknown> = { attributes: attributes(o.session) };
    if (o.session.sourceIdentity) sc.sourceIdentity = o.session.sourceIdentity;
    id.sessionContext = sc;
  }
  if (o.consoleSession) id.sessionCredentialFromConsole = 'true';
  return id;
}

export function root(o: {
  account: string;
  accessKeyId?: string;
  session?: SessionAttrs;
  consoleSession?: boolean;
}): UserIdentity {
  const id: UserIdentity = {
    type: 'Root',
    principalId: o.account,
    arn: `arn:aws:iam::${o.account}:root`,
    accountId: o.account,
  };
  if (o.accessKeyId !== undefined) id.accessKeyId = o.accessKeyId;
  if (o.session) id.sessionContext = { attributes: attributes(o.session) };
  if (o.consoleSession) id.sessionCredentialFromConsole = 'true';
  return id;
}

export interface RoleRef {
  account: string;
  roleName: string;
  /** AROA… unique ID. */
  roleId: string;
  /** IAM path, e.g. "/service-role/"; defaults to "/". */
  path?: string;
}

export function roleArn(r: RoleRef): string {
  return `arn:aws:iam::${r.account}:role${r.path ?? '/'}${r.roleName}`;
}

export function assumedRoleArn(r: RoleRef, sessionName: string): string {
  return `arn:aws:sts::${r.account}:assumed-role/${r.roleName}/${sessionName}`;
}

export function assumedRole(o: {
  role: RoleRef;
  sessionName: string;
  accessKeyId: string;
  session: SessionAttrs;
  /** Instance-profile credentials carry this ("2.0"). */
  ec2RoleDelivery?: string;
  /** For sessions from AssumeRoleWithWebIdentity. */
  webIdFederationData?: { federatedProvider: string; attributes?: Record<string, string> };
  invokedBy?: string;
}): UserIdentity {
  const sc: Record<string, unknown> = {
    sessionIssuer: {
      type: 'Role',
      principalId: o.role.roleId,
      arn: roleArn(o.role),
      accountId: o.role.account,
      userName: o.role.roleName,
    },
    webIdFederationData: o.webIdFederationData ?? {},
    attributes: attributes(o.session),
  };
  if (o.session.sourceIdentity) sc.sourceIdentity = o.session.sourceIdentity;
  if (o.ec2RoleDelivery) sc.ec2RoleDelivery = o.ec2RoleDelivery;
  const id: UserIdentity = {
    type: 'AssumedRole',
    principalId: `${o.role.roleId}:${o.sessionName}`,
    arn: assumedRoleArn(o.role, o.sessionName),
    accountId: o.role.account,
    accessKeyId: o.accessKeyId,
    sessionContext: sc,
  };
  if (o.invokedBy) id.invokedBy = o.invokedBy;
  return id;
}

export function federatedUser(o: {
  account: string;
  name: string;
  accessKeyId: string;
  session: SessionAttrs;
  /** The IAM user that called GetFederationToken. */
  issuer: { userName: string; userId: string };
}): UserIdentity {
  return {
    type: 'FederatedUser',
    principalId: `${o.account}:${o.name}`,
    arn: `arn:aws:sts::${o.account}:federated-user/${o.name}`,
    accountId: o.account,
    accessKeyId: o.accessKeyId,
    sessionContext: {
      attributes: attributes(o.session),
      sessionIssuer: {
        type: 'IAMUser',
        principalId: o.issuer.userId,
        arn: `arn:aws:iam::${o.account}:user/${o.issuer.userName}`,
        accountId: o.account,
        userName: o.issuer.userName,
      },
    },
  };
}

export function awsService(invokedBy: string): UserIdentity {
  return { type: 'AWSService', invokedBy };
}

/** The caller as the role owner's account sees a cross-account call: no key, no ARN. */
export function awsAccount(o: {
  principalId: string;
  accountId: string;
  invokedBy?: string;
}): UserIdentity {
  const id: UserIdentity = {
    type: 'AWSAccount',
    principalId: o.principalId,
    accountId: o.accountId,
  };
  if (o.invokedBy) id.invokedBy = o.invokedBy;
  return id;
}

export function samlUser(o: { userName: string; identityProvider: string }): UserIdentity {
  return {
    type: 'SAMLUser',
    principalId: `${o.identityProvider}:${o.userName}`,
    userName: o.userName,
    identityProvider: o.identityProvider,
  };
}

export function webIdentityUser(o: {
  provider: string;
  audience: string;
  subject: string;
}): UserIdentity {
  return {
    type: 'WebIdentityUser',
    principalId: `${o.provider}:${o.audience}:${o.subject}`,
    userName: o.subject,
    identityProvider: o.provider,
  };
}

// ---------------------------------------------------------------------------------------------
// API calls

export interface ApiCallOptions {
  identity: UserIdentity;
  timeMs: number;
  eventSource: string;
  eventName: string;
  region: string;
  sourceIp: string;
  userAgent: string;
  /** Account whose trail logs the event; defaults to the identity's account. */
  recipientAccountId?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  resources?: { accountId?: string; type: string; ARN: string }[];
  eventType?: string;
  category?: 'Management' | 'Data' | 'NetworkActivity';
  eventId?: string;
  requestId?: string;
  sharedEventId?: string;
  /** Adds tlsDetails as most modern records carry; off for console / service calls if unwanted. */
  tls?: boolean;
  eventVersion?: string;
}

/** A record of one API call, laid out in CloudTrail's own field order. */
export function apiCall(rng: Prng, o: ApiCallOptions): CtRecord {
  const account =
    o.recipientAccountId ?? (typeof o.identity.accountId === 'string' ? o.identity.accountId : '');
  const category = o.category ?? 'Management';
  const r: CtRecord = {
    eventVersion: o.eventVersion ?? '1.09',
    userIdentity: o.identity,
    eventTime: formatTime(o.timeMs),
    eventSource: o.eventSource,
    eventName: o.eventName,
    awsRegion: o.region,
    sourceIPAddress: o.sourceIp,
    userAgent: o.userAgent,
  };
  if (o.errorCode) r.errorCode = o.errorCode;
  // A failed ConsoleLogin has an errorMessage without an errorCode.
  if (o.errorMessage) r.errorMessage = o.errorMessage;
  r.requestParameters = o.requestParameters ?? null;
  r.responseElements = o.errorCode ? null : (o.responseElements ?? null);
  if (o.additionalEventData) r.additionalEventData = o.additionalEventData;
  r.requestID = o.requestId ?? rng.uuid();
  r.eventID = o.eventId ?? rng.uuid();
  r.readOnly = o.readOnly ?? /^(Get|List|Describe|Head|Lookup)/.test(o.eventName);
  if (o.resources) r.resources = o.resources;
  r.eventType = o.eventType ?? 'AwsApiCall';
  r.managementEvent = category === 'Management';
  r.recipientAccountId = account;
  if (o.sharedEventId) r.sharedEventID = o.sharedEventId;
  r.eventCategory = category;
  if (o.tls !== false && o.sourceIp.includes('.') && !o.sourceIp.endsWith('amazonaws.com')) {
    r.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${o.eventSource.replace('.amazonaws.com', '')}.${o.region}.amazonaws.com`,
    };
  }
  return r;
}

/** A ConsoleLogin record (signin.amazonaws.com; no access key; MFA in additionalEventData). */
export function consoleLogin(
  rng: Prng,
  o: {
    identity: UserIdentity;
    timeMs: number;
    sourceIp: string;
    userAgent: string;
    mfa: boolean;
    success: boolean;
    region?: string;
  },
): CtRecord {
  return apiCall(rng, {
    identity: o.identity,
    timeMs: o.timeMs,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    region: o.region ?? 'us-east-1',
    sourceIp: o.sourceIp,
    userAgent: o.userAgent,
    requestParameters: null,
    responseElements: { ConsoleLogin: o.success ? 'Success' : 'Failure' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: o.mfa ? 'Yes' : 'No',
    },
    errorMessage: o.success ? undefined : 'Failed authentication',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    tls: false,
  });
}

// ---------------------------------------------------------------------------------------------
// STS issuances

export type StsEventName =
  | 'AssumeRole'
  | 'AssumeRoleWithSAML'
  | 'AssumeRoleWithWebIdentity'
  | 'GetSessionToken'
  | 'GetFederationToken';

export interface Issuance {
  record: CtRecord;
  /** The minted key (ASIA…), also at responseElements.credentials.accessKeyId. */
  accessKeyId: string;
  /** When the credentials expire (ms). */
  expirationMs: number;
  /** Session creation time to put in uses' sessionContext.attributes.creationDate. */
  createdMs: number;
}

export interface IssuanceOptions {
  /** The caller (IAMUser, AssumedRole, SAMLUser, WebIdentityUser, AWSService, Root…). */
  identity: UserIdentity;
  timeMs: number;
  region?: string;
  sourceIp: string;
  userAgent: string;
  durationSeconds?: number;
  /** Account that logs this copy; defaults to the caller's (or the role's) account. */
  recipientAccountId?: string;
  /** Reuse an existing key ID (key-reuse scenarios); otherwise a fresh ASIA… is minted. */
  accessKeyId?: string;
  sourceIdentity?: string;
  eventId?: string;
  requestId?: string;
  sharedEventId?: string;
  /** A failed issuance mints nothing: responseElements is null. */
  errorCode?: string;
  errorMessage?: string;
}

/** CloudTrail writes STS expirations as "Apr 11, 2024, 1:34:56 PM" (UTC, unlabelled). */
export function stsExpiration(ms: number): string {
  const d = new Date(ms);
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

function credentials(rng: Prng, key: string, expirationMs: number): Record<string, string> {
  // Real session tokens are ~400+ base64 characters; keep them shorter so files stay realistic but small.
  return {
    accessKeyId: key,
    sessionToken: 'IQoJb3JpZ2luX2Vj' + rng.alnum(96),
    expiration: stsExpiration(expirationMs),
  };
}

function issue(
  rng: Prng,
  o: IssuanceOptions,
  eventName: StsEventName,
  requestParameters: Record<string, unknown>,
  response: (creds: Record<string, string>) => Record<string, unknown>,
  extra: Partial<ApiCallOptions> = {},
): Issuance {
  const key = o.accessKeyId ?? rng.awsId('ASIA');
  const expirationMs = o.timeMs + (o.durationSeconds ?? 3600) * 1000;
  const record = apiCall(rng, {
    identity: o.identity,
    timeMs: o.timeMs,
    eventSource: 'sts.amazonaws.com',
    eventName,
    region: o.region ?? 'us-east-1',
    sourceIp: o.sourceIp,
    userAgent: o.userAgent,
    recipientAccountId: o.recipientAccountId,
    requestParameters,
    responseElements: o.errorCode ? null : response(credentials(rng, key, expirationMs)),
    errorCode: o.errorCode,
    errorMessage: o.errorMessage,
    readOnly: true,
    eventId: o.eventId,
    requestId: o.requestId,
    sharedEventId: o.sharedEventId,
    ...extra,
  });
  return { record, accessKeyId: key, expirationMs, createdMs: o.timeMs };
}

export function assumeRole(
  rng: Prng,
  o: IssuanceOptions & { role: RoleRef; sessionName: string },
): Issuance {
  const params: Record<string, unknown> = {
    roleArn: roleArn(o.role),
    roleSessionName: o.sessionName,
    durationSeconds: o.durationSeconds ?? 3600,
  };
  if (o.sourceIdentity) params.sourceIdentity = o.sourceIdentity;
  return issue(
    rng,
    { ...o, recipientAccountId: o.recipientAccountId ?? o.role.account },
    'AssumeRole',
    params,
    (creds) => {
      const r: Record<string, unknown> = {
        credentials: creds,
        assumedRoleUser: {
          assumedRoleId: `${o.role.roleId}:${o.sessionName}`,
          arn: assumedRoleArn(o.role, o.sessionName),
        },
      };
      if (o.sourceIdentity) r.sourceIdentity = o.sourceIdentity;
      return r;
    },
    { resources: [{ accountId: o.role.account, type: 'AWS::IAM::Role', ARN: roleArn(o.role) }] },
  );
}

export function assumeRoleWithSaml(
  rng: Prng,
  o: IssuanceOptions & {
    role: RoleRef;
    sessionName: string;
    providerArn: string;
    subject: string;
    issuer: string;
  },
): Issuance {
  return issue(
    rng,
    { ...o, recipientAccountId: o.recipientAccountId ?? o.role.account },
    'AssumeRoleWithSAML',
    {
      roleArn: roleArn(o.role),
      principalArn: o.providerArn,
      durationSeconds: o.durationSeconds ?? 3600,
    },
    (creds) => ({
      credentials: creds,
      assumedRoleUser: {
        assumedRoleId: `${o.role.roleId}:${o.sessionName}`,
        arn: assumedRoleArn(o.role, o.sessionName),
      },
      packedPolicySize: 6,
      subject: o.subject,
      subjectType: 'persistent',
      issuer: o.issuer,
      audience: 'https://signin.aws.amazon.com/saml',
      nameQualifier: rng.alnum(28) + '=',
    }),
    {
      resources: [
        { accountId: o.role.account, type: 'AWS::IAM::Role', ARN: roleArn(o.role) },
        { accountId: o.role.account, type: 'AWS::IAM::SAMLProvider', ARN: o.providerArn },
      ],
    },
  );
}

export function assumeRoleWithWebIdentity(
  rng: Prng,
  o: IssuanceOptions & {
    role: RoleRef;
    sessionName: string;
    provider: string;
    audience: string;
    subject: string;
  },
): Issuance {
  return issue(
    rng,
    { ...o, recipientAccountId: o.recipientAccountId ?? o.role.account },
    'AssumeRoleWithWebIdentity',
    {
      roleArn: roleArn(o.role),
      roleSessionName: o.sessionName,
      durationSeconds: o.durationSeconds ?? 3600,
    },
    (creds) => ({
      credentials: creds,
      subjectFromWebIdentityToken: o.subject,
      assumedRoleUser: {
        assumedRoleId: `${o.role.roleId}:${o.sessionName}`,
        arn: assumedRoleArn(o.role, o.sessionName),
      },
      provider: `arn:aws:iam::${o.role.account}:oidc-provider/${o.provider}`,
      audience: o.audience,
    }),
    { resources: [{ accountId: o.role.account, type: 'AWS::IAM::Role', ARN: roleArn(o.role) }] },
  );
}

export function getSessionToken(rng: Prng, o: IssuanceOptions & { mfaSerial?: string }): Issuance {
  const params: Record<string, unknown> = { durationSeconds: o.durationSeconds ?? 43200 };
  if (o.mfaSerial) params.serialNumber = o.mfaSerial;
  return issue(
    rng,
    { ...o, durationSeconds: o.durationSeconds ?? 43200 },
    'GetSessionToken',
    params,
    (creds) => ({ credentials: creds }),
  );
}

export function getFederationToken(
  rng: Prng,
  o: IssuanceOptions & { name: string; account: string },
): Issuance {
  return issue(
    rng,
    o,
    'GetFederationToken',
    { name: o.name, durationSeconds: o.durationSeconds ?? 43200 },
    (creds) => ({
      credentials: creds,
      federatedUser: {
        federatedUserId: `${o.account}:${o.name}`,
        arn: `arn:aws:sts::${o.account}:federated-user/${o.name}`,
      },
      packedPolicySize: 4,
    }),
  );
}

/**
 * Both copies of a cross-account AssumeRole: the caller's account logs the real caller; the role
 * owner's account logs an AWSAccount identity with no key. Same key, requestID and sharedEventID,
 * different eventIDs and recipients.
 */
export function crossAccountAssumeRole(
  rng: Prng,
  o: IssuanceOptions & { role: RoleRef; sessionName: string },
): { callerCopy: Issuance; ownerCopy: Issuance } {
  const callerAccount = String(o.identity.accountId ?? '');
  const requestId = o.requestId ?? rng.uuid();
  const sharedEventId = o.sharedEventId ?? rng.uuid();
  const callerCopy = assumeRole(rng, {
    ...o,
    requestId,
    sharedEventId,
    recipientAccountId: callerAccount,
  });
  const ownerIdentity = awsAccount({
    principalId: String(o.identity.principalId ?? callerAccount),
    accountId: callerAccount,
  });
  const ownerCopy = assumeRole(rng, {
    ...o,
    identity: ownerIdentity,
    accessKeyId: callerCopy.accessKeyId,
    requestId,
    sharedEventId,
    eventId: undefined,
    recipientAccountId: o.role.account,
  });
  // Both copies must describe the same credentials (same token and expiration text).
  (ownerCopy.record as { responseElements: unknown }).responseElements =
    callerCopy.record.responseElements;
  return { callerCopy, ownerCopy };
}

// ---------------------------------------------------------------------------------------------
// S3 delivery files

export interface DeliveryFile {
  account: string;
  region: string;
  /** Delivery time (ms); the file name carries it to the minute. */
  timeMs: number;
  /** Organization trail: the tree gets an `o-…` folder. */
  orgId?: string;
  /** The 16-character random suffix; drawn from rng when omitted. */
  suffix?: string;
}

/**
 * Relative path of a delivery file:
 * `AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_RAND.json.gz`.
 */
export function deliveryPath(rng: Prng, f: DeliveryFile): string {
  const iso = new Date(f.timeMs).toISOString();
  const y = iso.slice(0, 4);
  const m = iso.slice(5, 7);
  const d = iso.slice(8, 10);
  const stamp = `${y}${m}${d}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
  const suffix = f.suffix ?? rng.alnum(16);
  const parts = ['AWSLogs'];
  if (f.orgId) parts.push(f.orgId);
  parts.push(
    f.account,
    'CloudTrail',
    f.region,
    y,
    m,
    d,
    `${f.account}_CloudTrail_${f.region}_${stamp}_${suffix}.json.gz`,
  );
  return parts.join('/');
}

/** The `{"Records":[…]}` envelope as CloudTrail writes it (one line). */
export function deliveryBody(records: readonly CtRecord[]): string {
  return JSON.stringify({ Records: records });
}

/** Write one gzip delivery file under `rootDir`; returns its absolute path. */
export function writeDeliveryFile(
  rootDir: string,
  rng: Prng,
  f: DeliveryFile,
  records: readonly CtRecord[],
  gzipLevel = 6,
): string {
  const path = join(rootDir, deliveryPath(rng, f));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, gzipSync(deliveryBody(records), { level: gzipLevel }));
  return path;
}
