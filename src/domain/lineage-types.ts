/**
 * Shapes shared by the lineage resolver (pure, in domain/) and the credential store (SQL, in store/).
 * The resolver only sees these; the store fills them from the case file.
 */

/** Who made a call, as its `userIdentity` said. */
export interface CallerIdentity {
  type: string | null;
  arn: string | null;
  accountId: string | null;
  principalId: string | null;
  userName: string | null;
  invokedBy: string | null;
  accessKeyId: string | null;
  sessionIssuerArn: string | null;
  mfa: boolean | null;
  sourceIdentity: string | null;
  consoleSession: boolean | null;
  sessionCreatedMs: number | null;
}

/** A successful STS-family event that returned credentials. */
export interface Issuance {
  rowid: number;
  eventId: string;
  eventName: string | null;
  timeMs: number;
  eventTime: string | null;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  recipientAccountId: string | null;
  sharedEventId: string | null;
  requestId: string | null;
  issuedKey: string;
  expirationMs: number | null;
  /** requestParameters.roleArn, when the call named a role. */
  roleArn: string | null;
  /** requestParameters.principalArn (AssumeRoleWithSAML: the SAML provider). */
  principalArn: string | null;
  caller: CallerIdentity;
  /** Calls made with the issued key, when the look-up already had it (mintedBy does). */
  issuedKeyEvents?: number | null;
  /** How the credential came to be: an STS call (default), or an IAM call that created a long-term credential. */
  via?: 'sts' | 'iam';
  /** IAM creations: the user the credential belongs to. */
  forUser?: string | null;
}

/** What an IAM call created: a long-term credential or a console password, for a user. */
export type CreatedKind =
  'access-key' | 'login-profile' | 'user' | 'service-specific-credential' | 'ssh-public-key';

/** A successful IAM call that created (or reset) a credential or a user. */
export interface IamCreation {
  rowid: number;
  eventId: string;
  eventName: string;
  timeMs: number;
  eventTime: string | null;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  recipientAccountId: string | null;
  kind: CreatedKind;
  /** The user it was made for (requestParameters.userName, else the caller itself). */
  userName: string | null;
  /** The created credential's ID (AKIA…, APKA…, ACCA…); null for passwords, users, or when hidden. */
  credentialId: string | null;
  /** AWS recorded the value as HIDDEN_DUE_TO_SECURITY_REASONS. */
  hidden: boolean;
  caller: CallerIdentity;
}

/** What only the original record of an issuance holds (read on demand: chains are short). */
export interface IssuanceDetail {
  roleArn: string | null;
  roleSessionName: string | null;
  /** responseElements.assumedRoleUser.arn or federatedUser.arn: the identity the new key acts as. */
  issuedArn: string | null;
  /** assumedRoleId / federatedUserId (`AROA…:session`). */
  issuedPrincipalId: string | null;
  /** AssumeRoleWithSAML: requestParameters.principalArn (the SAML provider). */
  samlProviderArn: string | null;
  /** AssumeRoleWithSAML / WebIdentity: responseElements.subject / subjectFromWebIdentityToken. */
  subject: string | null;
  /** AssumeRoleWithWebIdentity: userIdentity.identityProvider or responseElements.provider. */
  webIdentityProvider: string | null;
  /** requestParameters.sourceIdentity or responseElements.sourceIdentity. */
  sourceIdentity: string | null;
}

/** One call made with a key, with the hints that only the original record holds. */
export interface KeyUse {
  rowid: number;
  eventId: string;
  timeMs: number;
  identity: CallerIdentity;
  /** sourceIPAddress: a service name or "AWS Internal" when a service made the call. */
  sourceIp?: string | null;
  eventName?: string | null;
  eventSource?: string | null;
  eventTime?: string | null;
  awsRegion?: string | null;
  recipientAccountId?: string | null;
  userAgent?: string | null;
  /** Read from the original record only when needed (decompressing it is the slow part). */
  hints(): UseHints;
}

export interface UseHints {
  /** sessionContext.ec2RoleDelivery: instance-profile credentials delivered by EC2. */
  ec2RoleDelivery: string | null;
  /** userIdentity.inScopeOf.issuerType / sourceArn: e.g. Lambda execution credentials. */
  inScopeOfIssuer: string | null;
  inScopeOfSource: string | null;
}

/** Per-key totals kept by the store (first/last seen, count, any console-session use). */
export interface KeyStats {
  accessKeyId: string;
  events: number;
  firstMs: number | null;
  lastMs: number | null;
  consoleSession: boolean;
  issuances: number;
}

/** A ConsoleLogin success, used to explain console-minted ASIA keys. */
export interface ConsoleLoginEvent {
  rowid: number;
  eventId: string;
  timeMs: number;
  eventTime: string | null;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  recipientAccountId: string | null;
  mfa: boolean | null;
}

/** The subject of a trace when it is an event: the key it used and when. */
export interface SubjectEvent {
  rowid: number;
  eventId: string;
  timeMs: number;
  accessKeyId: string | null;
  /** The key the event issued (a successful STS-family call), if any. */
  issuedKey: string | null;
  /** The event itself seen as a use of its key. */
  use: KeyUse;
}

/** The look-ups the resolver needs. Implemented over SQLite by `store/credentials.ts`. */
export interface LineageSource {
  /** Every successful issuance of this key ID, any order. */
  issuancesOf(key: string): Issuance[];
  /**
   * Successful issuances made with this key (the keys it minted), oldest first. Only the fields the
   * "minted" list uses are filled (region, IP, user agent and the caller beyond its key may be null).
   */
  mintedBy(key: string): Issuance[];
  issuanceDetail(rowid: number): IssuanceDetail;
  /** The call made with `key` nearest before `atMs` (or the latest / earliest one when none is before). */
  useOf(key: string, atMs: number | null): KeyUse | undefined;
  keyStats(key: string): KeyStats | undefined;
  /** Did any call made with this key carry sessionCredentialFromConsole? */
  consoleFlagged(key: string): boolean;
  /** Successful ConsoleLogins by this ARN within `toleranceMs` of `atMs` (a session's creationDate). */
  consoleLoginsNear(arn: string, atMs: number, toleranceMs: number): ConsoleLoginEvent[];
  /** The session creationDate any call made with this key recorded (one per session), or null. */
  sessionCreatedOf(key: string): number | null;
  /** Keys of one console session: calls by this ARN whose session creationDate is `createdMs`. */
  sessionKeys(arn: string, createdMs: number): string[];
  /** IAM creations of a credential ID (CreateAccessKey…), any order. */
  createdAs(credentialId: string): IamCreation[];
  /** IAM creations made with a key, oldest first. */
  createdWith(key: string): IamCreation[];
  /** IAM creations (and ChangePassword) concerning a user, oldest first. */
  createdFor(userName: string, account: string | null): IamCreation[];
  /**
   * Calls by `arn` made with a key other than `excludeKey` and not forwarded by a service, between
   * `fromMs` and `toMs`, newest first (bounded): where a service-forwarded call's own session is.
   */
  ownCalls(arn: string, excludeKey: string, fromMs: number, toMs: number): KeyUse[];
  eventById(eventId: string): SubjectEvent | undefined;
}

export type OriginKind =
  | 'iam-user'
  | 'root'
  | 'saml'
  | 'web-identity'
  | 'aws-service'
  | 'console'
  | 'external-account'
  | 'unknown';

export interface Origin {
  kind: OriginKind;
  arn?: string;
  accountId?: string;
  /** aws-service: the service principal (`ec2.amazonaws.com`). */
  service?: string;
  /** A short readable label for tables: `user/ci-deploy`, `saml-provider/Okta`, `account 444455556666`. */
  label: string;
}

export interface HopIdentity {
  type: string | null;
  arn: string | null;
  accountId: string | null;
  principalId: string | null;
  userName: string | null;
}

export interface IssuedBy {
  rowid: number;
  eventId: string;
  eventName: string | null;
  eventTime: string | null;
  timeMs: number;
  awsRegion: string | null;
  sourceIPAddress: string | null;
  userAgent: string | null;
  recipientAccountId: string | null;
  expirationMs: number | null;
  /**
   * sts: an STS call returned the key; iam: an IAM call created it (CreateAccessKey…) or set the
   * password a console session signed in with; console: the sign-in that started a console
   * session; service: the call a service forwarded on the principal's behalf.
   */
  via?: 'sts' | 'iam' | 'console' | 'service';
}

export interface Hop {
  accessKeyId: string | null;
  identity: HopIdentity;
  issuedBy: IssuedBy | null;
  /** Other keys of the same console session (same principal and creationDate), when this one is a console key. */
  sessionKeys?: string[];
  /** MFA as the calls made with this key reported it (sessionContext.attributes.mfaAuthenticated). */
  mfa: boolean | null;
  sourceIdentity: string | null;
  roleArn: string | null;
  sessionName: string | null;
  /** Extra facts worth showing (SAML subject, provider, ec2RoleDelivery…). */
  notes: string[];
}

export interface Derived {
  accessKeyId: string;
  /** sts (default) or iam (a long-term credential CreateAccessKey… made for `userName`). */
  via?: 'sts' | 'iam';
  userName?: string | null;
  eventId: string;
  eventName: string | null;
  eventTime: string | null;
  roleArn: string | null;
  events: number;
}

export interface Trace {
  /** The key or event ID asked about. */
  subject: string;
  subjectKind: 'key' | 'event';
  /** The key the trace is about (the subject event's key when the subject is an event). */
  accessKeyId: string | null;
  /** The time the key was resolved at (the subject event's time), null for "latest". */
  atMs: number | null;
  hops: Hop[];
  complete: boolean;
  origin: Origin;
  gap: { reason: string } | null;
  derived: Derived[];
}
