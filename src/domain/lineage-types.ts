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
  /** The latest successful ConsoleLogin by this ARN at or before `atMs`, within `windowMs`. */
  consoleLoginBefore(arn: string, atMs: number, windowMs: number): ConsoleLoginEvent | undefined;
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
}

export interface Hop {
  accessKeyId: string | null;
  identity: HopIdentity;
  issuedBy: IssuedBy | null;
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
