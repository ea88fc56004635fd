import type {
  CallerIdentity,
  ConsoleLoginEvent,
  Derived,
  Hop,
  HopIdentity,
  IamCreation,
  Issuance,
  IssuedBy,
  KeyUse,
  LineageSource,
  Origin,
  SubjectEvent,
  Trace,
} from './lineage-types.js';
import { isLinkableKey, isServiceSource, keyKind } from './lineage-keys.js';
import { formatTime } from './time.js';
import { pickIssuance, SKEW_MS } from './lineage-pick.js';
import {
  arnAccount,
  arnResource,
  callerTerminal,
  hopIdentityOf,
  issuedIdentity,
  liteDetail,
  type Terminal,
} from './lineage-origin.js';

/**
 * Bump when the resolver's answers change: case files then re-resolve every key on their next
 * index run (the credentials table caches each key's origin).
 */
export const LINEAGE_VERSION = '3';

/** Chains deeper than this are treated as broken data (real role chaining stops well before). */
export const MAX_DEPTH = 64;
/**
 * A console session's creationDate and its ConsoleLogin's eventTime agree within this. Measured on
 * the records we could check (the AWS documentation's and public samples' sign-ins with a call of
 * the same session): 0 to 1 s apart. 5 s absorbs clock differences between the sign-in service and
 * the service logging the call; a sign-in further away is never named, and of two within it the
 * nearest is.
 */
export const CONSOLE_MATCH_MS = 5_000;
/** A console session lasts at most 12 hours. */
const CONSOLE_SESSION_MS = 12 * 3600_000;
/** A service forwards a call within seconds of the call that asked it to (GetSecretValue → kms Decrypt). */
export const FORWARD_TRIGGER_MS = 5_000;

function issuedByOf(i: Issuance): IssuedBy {
  return {
    rowid: i.rowid,
    eventId: i.eventId,
    eventName: i.eventName,
    eventTime: i.eventTime,
    timeMs: i.timeMs,
    awsRegion: i.awsRegion,
    sourceIPAddress: i.sourceIp,
    userAgent: i.userAgent,
    recipientAccountId: i.recipientAccountId,
    expirationMs: i.expirationMs,
    via: i.via ?? 'sts',
  };
}

function consoleIssuedBy(c: ConsoleLoginEvent): IssuedBy {
  return {
    rowid: c.rowid,
    eventId: c.eventId,
    eventName: 'ConsoleLogin',
    eventTime: c.eventTime,
    timeMs: c.timeMs,
    awsRegion: c.awsRegion,
    sourceIPAddress: c.sourceIp,
    userAgent: c.userAgent,
    recipientAccountId: c.recipientAccountId,
    expirationMs: null,
    via: 'console',
  };
}

function creationIssuedBy(c: IamCreation): IssuedBy {
  return {
    rowid: c.rowid,
    eventId: c.eventId,
    eventName: c.eventName,
    eventTime: c.eventTime,
    timeMs: c.timeMs,
    awsRegion: c.awsRegion,
    sourceIPAddress: c.sourceIp,
    userAgent: c.userAgent,
    recipientAccountId: c.recipientAccountId,
    expirationMs: null,
    via: 'iam',
  };
}

function useIssuedBy(u: KeyUse): IssuedBy {
  return {
    rowid: u.rowid,
    eventId: u.eventId,
    eventName: u.eventName ?? null,
    eventTime: u.eventTime ?? null,
    timeMs: u.timeMs,
    awsRegion: u.awsRegion ?? null,
    sourceIPAddress: u.sourceIp ?? null,
    userAgent: u.userAgent ?? null,
    recipientAccountId: u.recipientAccountId ?? null,
    expirationMs: null,
    via: 'service',
  };
}

const at = (ms: number | null | undefined): string => (ms ? formatTime(ms) : '?');

/** The service that made a call with a principal's credentials (invokedBy, or a service as source address), or null. */
export function forwardingService(
  caller: CallerIdentity | null,
  use: KeyUse | undefined,
): string | null {
  if (!caller || caller.type === 'AWSService') return null;
  if (caller.invokedBy) return caller.invokedBy;
  return isServiceSource(use?.sourceIp) ? use!.sourceIp! : null;
}

const NO_IDENTITY: HopIdentity = {
  type: null,
  arn: null,
  accountId: null,
  principalId: null,
  userName: null,
};

function keyHop(key: string | null, identity: HopIdentity, caller: CallerIdentity | null): Hop {
  return {
    accessKeyId: key,
    identity,
    issuedBy: null,
    mfa: caller?.mfa ?? null,
    sourceIdentity: caller?.sourceIdentity ?? null,
    roleArn: null,
    sessionName: null,
    notes: [],
  };
}

function originOfUser(identity: HopIdentity, kind: 'iam-user' | 'root' | 'console'): Origin {
  const acct = identity.accountId ?? arnAccount(identity.arn) ?? undefined;
  const who =
    identity.type === 'Root'
      ? `root ${acct ?? ''}`.trim()
      : (arnResource(identity.arn) ?? `user/${identity.userName ?? '?'}`);
  return {
    kind,
    ...(identity.arn ? { arn: identity.arn } : {}),
    ...(acct ? { accountId: acct } : {}),
    label: kind === 'console' ? `console ${who}` : who,
  };
}

/**
 * Where the walk ends for a key with no issuing event in evidence: long-term keys are origins,
 * console sessions are origins, workload credentials say which service delivered them, anything
 * else is a gap that says why.
 */
function keyTerminal(
  src: LineageSource,
  key: string,
  identity: HopIdentity,
  caller: CallerIdentity | null,
  use: KeyUse | undefined,
  atMs: number | null,
  pickWhy: string | null,
  hop: Hop,
): Terminal {
  const kind = keyKind(key);
  const type = identity.type;
  const unknown = (reason: string): Terminal => ({
    origin: {
      kind: 'unknown',
      ...((caller?.sessionIssuerArn ?? identity.arn)
        ? { arn: (caller?.sessionIssuerArn ?? identity.arn)! }
        : {}),
      ...(identity.accountId ? { accountId: identity.accountId } : {}),
      label: arnResource(caller?.sessionIssuerArn ?? identity.arn) ?? 'unknown',
    },
    complete: false,
    gap: { reason },
    firstHop: null,
  });
  const notIssuedHere = pickWhy
    ? `no issuing event for ${key} applies here: ${pickWhy}`
    : `no issuing event for ${key} in this evidence (issued outside it: another account or region not collected, or before it starts)`;

  if (kind === 'long-term' || ((type === 'IAMUser' || type === 'Root') && kind !== 'temporary')) {
    if (type === 'IAMUser' && identity.userName) {
      for (const c of src.createdFor(identity.userName, identity.accountId)) {
        if (c.kind === 'access-key' && c.hidden) {
          hop.notes.push(
            `${c.eventName} for user ${identity.userName} at ${c.eventTime ?? at(c.timeMs)} (event ${c.eventId}) created a key AWS recorded as HIDDEN_DUE_TO_SECURITY_REASONS: it may be this one`,
          );
        }
      }
    }
    if (type === 'Root')
      return { origin: originOfUser(identity, 'root'), complete: true, gap: null, firstHop: null };
    if (type === 'IAMUser')
      return {
        origin: originOfUser(identity, 'iam-user'),
        complete: true,
        gap: null,
        firstHop: null,
      };
    return unknown(
      `long-term key ${key} was used by ${type ?? 'an unrecorded identity'}, not an IAM user or root`,
    );
  }
  const theUse = use ?? src.useOf(key, atMs);
  const service = forwardingService(caller, theUse);
  if (service)
    return forwardedTerminal(src, key, identity, caller!, theUse, atMs, service, hop, unknown);
  if (type === 'IAMUser' || type === 'Root') {
    const stats = src.keyStats(key);
    const flagged = !!(caller?.consoleSession || stats?.consoleSession) || src.consoleFlagged(key);
    // every call of a console session carries its creationDate; the issuing call seen as a use may not
    const created =
      caller?.sessionCreatedMs ?? theUse?.identity.sessionCreatedMs ?? src.sessionCreatedOf(key);
    const login =
      identity.arn && created !== null
        ? nearestLogin(src.consoleLoginsNear(identity.arn, created, CONSOLE_MATCH_MS), created)
        : undefined;
    const who = arnResource(identity.arn) ?? identity.userName ?? type;
    if (identity.arn && created !== null && (flagged || login)) {
      const others = src.sessionKeys(identity.arn, created).filter((k) => k !== key);
      if (others.length) hop.sessionKeys = others;
    }
    if (login) {
      hop.issuedBy = consoleIssuedBy(login);
      if (hop.mfa === null) hop.mfa = login.mfa;
      hop.notes.push(
        `console session created ${at(created)} (creationDate); signed in ${login.eventTime ?? at(login.timeMs)}` +
          ` from ${login.sourceIp ?? '?'} (${Math.abs(login.timeMs - created!) / 1000} s apart)`,
      );
      const profile = passwordSetter(src, identity, login.timeMs);
      if (profile) return profile(hop);
      return {
        origin: originOfUser(identity, 'console'),
        complete: true,
        gap: null,
        firstHop: null,
      };
    }
    if (flagged) {
      hop.notes.push('console session (sessionCredentialFromConsole)');
      return {
        origin: originOfUser(identity, 'console'),
        complete: false,
        gap: {
          reason:
            created === null
              ? `console session of ${who}: the calls carry no creationDate, so no sign-in can be matched to it`
              : `console session of ${who} created ${at(created)}: no ConsoleLogin within ${CONSOLE_MATCH_MS / 1000} s of it is in this evidence`,
        },
        firstHop: null,
      };
    }
    return unknown(
      `${notIssuedHere}; the ${type} made it with neither a GetSessionToken nor a console sign-in in this evidence`,
    );
  }
  const u = theUse?.hints();
  if (u?.ec2RoleDelivery) {
    hop.notes.push(`EC2 instance-profile credentials (ec2RoleDelivery ${u.ec2RoleDelivery})`);
    return {
      origin: {
        kind: 'aws-service',
        service: 'ec2.amazonaws.com',
        ...(caller?.sessionIssuerArn ? { arn: caller.sessionIssuerArn } : {}),
        ...(identity.accountId ? { accountId: identity.accountId } : {}),
        label: 'ec2.amazonaws.com',
      },
      complete: false,
      gap: {
        reason: `EC2 delivered ${key} (sessionContext.ec2RoleDelivery) but its AssumeRole by ec2.amazonaws.com is not in this evidence`,
      },
      firstHop: null,
    };
  }
  if (u?.inScopeOfIssuer && /lambda/i.test(u.inScopeOfIssuer)) {
    hop.notes.push(
      `Lambda execution credentials${u.inScopeOfSource ? ` for ${u.inScopeOfSource}` : ''}`,
    );
    return {
      origin: {
        kind: 'aws-service',
        service: 'lambda.amazonaws.com',
        ...(caller?.sessionIssuerArn ? { arn: caller.sessionIssuerArn } : {}),
        ...(identity.accountId ? { accountId: identity.accountId } : {}),
        label: 'lambda.amazonaws.com',
      },
      complete: false,
      gap: {
        reason: `Lambda issued ${key} (userIdentity.inScopeOf) but its AssumeRole by lambda.amazonaws.com is not in this evidence`,
      },
      firstHop: null,
    };
  }
  return unknown(notIssuedHere);
}

interface WalkResult {
  /** Origin first, subject key last. */
  hops: Hop[];
  terminal: Terminal;
}

/**
 * Walk from `key` (as used at `atMs`; null = its latest issuance) back to its origin. `known` is
 * what a call made with the key said about it (the subject event, or the child's issuing call).
 */
function walk(
  src: LineageSource,
  key: string,
  atMs: number | null,
  known: CallerIdentity | null,
  knownUse: KeyUse | undefined,
  details = true,
): WalkResult {
  const rev: Hop[] = [];
  const seen: string[] = [];
  let curKey = key;
  let curAt = atMs;
  let caller: CallerIdentity | null = known;
  let use = knownUse;
  for (let depth = 0; ; depth++) {
    if (!isLinkableKey(curKey)) {
      const hop = keyHop(
        curKey === '' ? null : curKey,
        caller ? hopIdentityOf(caller) : NO_IDENTITY,
        caller,
      );
      rev.push(hop);
      return {
        hops: rev.reverse(),
        terminal: {
          origin: {
            kind: 'unknown',
            ...(caller?.arn ? { arn: caller.arn } : {}),
            label: arnResource(caller?.arn) ?? 'unknown',
          },
          complete: false,
          gap: {
            reason: `"${curKey}" is a placeholder, not a real access key ID: it is never linked`,
          },
          firstHop: null,
        },
      };
    }
    if (seen.includes(curKey)) {
      const loop = [...seen.slice(seen.indexOf(curKey)), curKey].join(' ← ');
      return {
        hops: rev.reverse(),
        terminal: {
          origin: { kind: 'unknown', label: 'cycle' },
          complete: false,
          gap: {
            reason: `cycle: ${loop} (issuing events name each other; the records are inconsistent or crafted)`,
          },
          firstHop: null,
        },
      };
    }
    if (depth >= MAX_DEPTH) {
      return {
        hops: rev.reverse(),
        terminal: {
          origin: { kind: 'unknown', label: 'too deep' },
          complete: false,
          gap: { reason: `chain longer than ${MAX_DEPTH} hops: stopped` },
          firstHop: null,
        },
      };
    }
    seen.push(curKey);
    if (!caller) {
      use = use ?? src.useOf(curKey, curAt);
      caller = use?.identity ?? null;
    }
    const createdMs = curAt !== null ? (caller?.sessionCreatedMs ?? null) : null;
    const useRole = caller?.type === 'AssumedRole' ? caller.sessionIssuerArn : null;
    const picked = pickIssuance(src.issuancesOf(curKey), curAt, createdMs, useRole);
    if (picked.issuance) {
      const iss = picked.issuance;
      // Details come from the original record; summaries for the credentials list skip them.
      const detail = details ? src.issuanceDetail(iss.rowid) : null;
      const identity = caller ? hopIdentityOf(caller) : issuedIdentity(iss, detail);
      const hop = keyHop(curKey, identity, caller);
      hop.issuedBy = issuedByOf(iss);
      hop.roleArn = iss.roleArn ?? detail?.roleArn ?? null;
      hop.sessionName = detail?.roleSessionName ?? null;
      hop.sourceIdentity = hop.sourceIdentity ?? detail?.sourceIdentity ?? null;
      if (iss.caller.type === 'AWSAccount')
        hop.notes.push(
          `issuing event is the role owner's copy (account ${iss.recipientAccountId ?? '?'})`,
        );
      if (iss.via === 'iam') {
        hop.notes.push(
          `long-term credential created by ${iss.eventName} for user ${iss.forUser ?? '?'}${iss.caller.accessKeyId ? ` with key ${iss.caller.accessKeyId}` : ''}`,
        );
        if (!hop.identity.userName && iss.forUser)
          hop.identity = {
            ...hop.identity,
            userName: iss.forUser,
            type: hop.identity.type ?? 'IAMUser',
          };
      }
      rev.push(hop);
      const parent = iss.caller.accessKeyId;
      if (isLinkableKey(parent)) {
        curKey = parent;
        curAt = iss.timeMs;
        caller = iss.caller;
        use = undefined;
        continue;
      }
      const terminal = callerTerminal(iss, detail ?? liteDetail(iss), parent ?? null);
      if (terminal.firstHop) rev.push(terminal.firstHop);
      return { hops: rev.reverse(), terminal };
    }
    const hop = keyHop(curKey, caller ? hopIdentityOf(caller) : NO_IDENTITY, caller);
    rev.push(hop);
    const terminal = keyTerminal(src, curKey, hop.identity, caller, use, curAt, picked.why, hop);
    if (terminal.continueWith) {
      // the credential came from a call made with another key (a password set, a forwarded call): follow it
      const next = terminal.continueWith;
      rev.push(...next.hops);
      curKey = next.key;
      curAt = next.atMs;
      caller = next.caller;
      use = next.use;
      continue;
    }
    return { hops: rev.reverse(), terminal };
  }
}

function derivedOf(src: LineageSource, key: string, subjectHop: Hop | undefined): Derived[] {
  const issued = subjectHop?.issuedBy;
  const from = issued ? issued.timeMs - SKEW_MS : -Infinity;
  const to = issued?.expirationMs != null ? issued.expirationMs + SKEW_MS : Infinity;
  const out: Derived[] = [];
  const seen = new Set<string>();
  for (const m of src.mintedBy(key)) {
    if (!isLinkableKey(m.issuedKey) || m.timeMs < from || m.timeMs > to) continue;
    // Both copies of a cross-account call name the same key at the same moment: list it once.
    const id = `${m.issuedKey}\u0000${m.sharedEventId ?? m.requestId ?? m.eventId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      accessKeyId: m.issuedKey,
      ...(m.via === 'iam' ? { via: 'iam' as const, userName: m.forUser ?? null } : {}),
      eventId: m.eventId,
      eventName: m.eventName,
      eventTime: m.eventTime,
      roleArn: m.roleArn,
      events: m.issuedKeyEvents ?? src.keyStats(m.issuedKey)?.events ?? 0,
    });
  }
  return out;
}

function assemble(
  src: LineageSource,
  subject: string,
  subjectKind: 'key' | 'event',
  key: string | null,
  atMs: number | null,
  w: WalkResult,
): Trace {
  const last = w.hops[w.hops.length - 1];
  return {
    subject,
    subjectKind,
    accessKeyId: key,
    atMs,
    hops: w.hops,
    complete: w.terminal.complete,
    origin: w.terminal.origin,
    gap: w.terminal.gap,
    derived: key && isLinkableKey(key) ? derivedOf(src, key, last) : [],
  };
}

/** Is this key known to the evidence at all (used, issued or minting)? */
function keyKnown(src: LineageSource, key: string): boolean {
  return (
    !!src.keyStats(key) || src.issuancesOf(key).length > 0 || src.useOf(key, null) !== undefined
  );
}

/** Trace an access key ID: its latest issuance back to the origin, then the keys it minted. */
export function traceKey(src: LineageSource, key: string): Trace | undefined {
  if (!keyKnown(src, key)) return undefined;
  const use = src.useOf(key, null);
  return assemble(src, key, 'key', key, null, walk(src, key, null, use?.identity ?? null, use));
}

/** Trace the key an event was made with, as it stood at that event's time. */
export function traceEvent(src: LineageSource, eventId: string): Trace | undefined {
  const ev = src.eventById(eventId);
  if (!ev) return undefined;
  const key = ev.accessKeyId;
  if (key === null) {
    const issued = issuanceOfEvent(src, ev);
    if (issued) return traceKeylessIssuance(src, eventId, ev, issued);
    // Calls without a key (SAML/web-identity callers, services, other accounts): the caller is the origin.
    const identity = hopIdentityOf(ev.use.identity);
    const hop = keyHop(null, identity, ev.use.identity);
    const t = identity.type;
    let terminal: Terminal;
    if (t === 'IAMUser' || t === 'Root') {
      terminal = {
        origin: originOfUser(identity, t === 'Root' ? 'root' : 'iam-user'),
        complete: true,
        gap: null,
        firstHop: null,
      };
    } else if (t === 'AWSService') {
      const service = ev.use.identity.invokedBy ?? identity.principalId ?? 'AWS service';
      terminal = {
        origin: { kind: 'aws-service', service, label: service },
        complete: true,
        gap: null,
        firstHop: null,
      };
    } else {
      terminal = {
        origin: {
          kind: 'unknown',
          ...(identity.arn ? { arn: identity.arn } : {}),
          label: arnResource(identity.arn) ?? t ?? 'unknown',
        },
        complete: false,
        gap: {
          reason: `the event records no access key (${t ?? 'no identity type'}): nothing to trace`,
        },
        firstHop: null,
      };
    }
    return {
      subject: eventId,
      subjectKind: 'event',
      accessKeyId: null,
      atMs: ev.timeMs,
      hops: [hop],
      complete: terminal.complete,
      origin: terminal.origin,
      gap: terminal.gap,
      derived: [],
    };
  }
  return assemble(
    src,
    eventId,
    'event',
    key,
    ev.timeMs,
    walk(src, key, ev.timeMs, ev.use.identity, ev.use),
  );
}

/** The issuance an event made, when it is one (an STS call that returned credentials). */
function issuanceOfEvent(src: LineageSource, ev: SubjectEvent): Issuance | undefined {
  return isLinkableKey(ev.issuedKey)
    ? src.issuancesOf(ev.issuedKey).find((i) => i.rowid === ev.rowid)
    : undefined;
}

/**
 * An STS call made without a key (AssumeRoleWithSAML / WithWebIdentity, or the role owner's copy of
 * a cross-account AssumeRole that says only "AWSAccount"): its caller is where the trail starts.
 * When the caller's own copy of the same call is in evidence, it names the caller's key: follow it.
 */
function traceKeylessIssuance(
  src: LineageSource,
  eventId: string,
  ev: SubjectEvent,
  iss: Issuance,
): Trace {
  if (iss.caller.type === 'AWSAccount') {
    const twin = src
      .issuancesOf(iss.issuedKey)
      .find(
        (i) => i.rowid !== iss.rowid && isLinkableKey(i.caller.accessKeyId) && sameCallAs(i, iss),
      );
    if (twin && twin.caller.accessKeyId) {
      const w = walk(src, twin.caller.accessKeyId, twin.timeMs, twin.caller, undefined);
      w.hops[w.hops.length - 1]?.notes.push(
        `the caller's copy of this call (${twin.eventId}) names the key`,
      );
      return assemble(src, eventId, 'event', twin.caller.accessKeyId, ev.timeMs, w);
    }
  }
  const terminal = callerTerminal(iss, src.issuanceDetail(iss.rowid), null);
  const hop = terminal.firstHop ?? keyHop(null, hopIdentityOf(ev.use.identity), ev.use.identity);
  return {
    subject: eventId,
    subjectKind: 'event',
    accessKeyId: null,
    atMs: ev.timeMs,
    hops: [hop],
    complete: terminal.complete,
    origin: terminal.origin,
    gap: terminal.gap,
    derived: [],
  };
}

/** Two records of one cross-account call share its sharedEventID or requestID. */
function sameCallAs(a: Issuance, b: Issuance): boolean {
  return (
    (!!a.sharedEventId && a.sharedEventId === b.sharedEventId) ||
    (!!a.requestId && a.requestId === b.requestId)
  );
}

/** Origin, completeness and depth of a key's latest chain, for the credentials list. */
export interface KeySummary {
  origin: Origin;
  complete: boolean;
  gap: string | null;
  depth: number;
  identityArn: string | null;
  identityType: string | null;
}

export function summarizeKey(src: LineageSource, key: string): KeySummary {
  const use = src.useOf(key, null);
  const w = walk(src, key, null, use?.identity ?? null, use, false);
  const last = w.hops[w.hops.length - 1];
  return {
    origin: w.terminal.origin,
    complete: w.terminal.complete,
    gap: w.terminal.gap?.reason ?? null,
    depth: w.hops.filter((h) => h.accessKeyId !== null).length,
    identityArn: last?.identity.arn ?? null,
    identityType: last?.identity.type ?? null,
  };
}

/** An access key ID looks like this; anything else is taken as an event ID. */
const KEY_LIKE = /^[A-Z0-9]{16,128}$/;

/** Trace whatever the user typed: an access key ID or an event ID (undefined when neither is known). */
export function traceSubject(src: LineageSource, subject: string): Trace | undefined {
  if (KEY_LIKE.test(subject)) return traceKey(src, subject) ?? traceEvent(src, subject);
  return traceEvent(src, subject) ?? traceKey(src, subject);
}

function nearestLogin(
  logins: readonly ConsoleLoginEvent[],
  createdMs: number,
): ConsoleLoginEvent | undefined {
  let best: ConsoleLoginEvent | undefined;
  for (const l of logins) {
    if (Math.abs(l.timeMs - createdMs) > CONSOLE_MATCH_MS) continue;
    if (!best || Math.abs(l.timeMs - createdMs) < Math.abs(best.timeMs - createdMs)) best = l;
  }
  return best;
}

/**
 * Who set the password a console sign-in used: the latest CreateLoginProfile / UpdateLoginProfile
 * for the user before the sign-in, when someone else made it with a key the walk can follow. A
 * ChangePassword by the user in between means the user set it themselves: nothing to follow.
 */
function passwordSetter(
  src: LineageSource,
  user: HopIdentity,
  loginMs: number,
): ((hop: Hop) => Terminal) | null {
  if (user.type !== 'IAMUser' || !user.userName) return null;
  const before = src
    .createdFor(user.userName, user.accountId)
    .filter((c) => c.kind === 'login-profile' && c.timeMs <= loginMs + SKEW_MS);
  const last = before[before.length - 1];
  if (!last || last.eventName === 'ChangePassword') return null;
  const setter = last.caller;
  if (setter.arn && user.arn && setter.arn === user.arn) return null;
  const key = setter.accessKeyId;
  return (hop) => {
    const profileHop: Hop = {
      accessKeyId: null,
      identity: { ...user },
      issuedBy: creationIssuedBy(last),
      mfa: null,
      sourceIdentity: null,
      roleArn: null,
      sessionName: null,
      notes: [
        `console password set by ${last.eventName} for user ${user.userName}${key ? ` with key ${key}` : ''} (${setter.arn ?? setter.type ?? '?'})`,
      ],
    };
    if (isLinkableKey(key)) {
      return {
        origin: originOfUser(user, 'console'),
        complete: true,
        gap: null,
        firstHop: null,
        continueWith: {
          key,
          atMs: last.timeMs,
          caller: setter,
          use: undefined,
          hops: [profileHop],
        },
      };
    }
    hop.notes.push(profileHop.notes[0]);
    return { origin: originOfUser(user, 'console'), complete: true, gap: null, firstHop: null };
  };
}

/**
 * A call a service made with a principal's forwarded credentials: the key is the service's, the
 * principal's own session is the call that triggered it (same principal, to that service, within
 * seconds; or any own call of the same session, by creationDate).
 */
function forwardedTerminal(
  src: LineageSource,
  key: string,
  identity: HopIdentity,
  caller: CallerIdentity,
  use: KeyUse | undefined,
  atMs: number | null,
  service: string,
  hop: Hop,
  unknown: (reason: string) => Terminal,
): Terminal {
  const who = identity.arn ?? identity.principalId ?? identity.type ?? '?';
  const when = use?.timeMs ?? atMs ?? src.keyStats(key)?.lastMs ?? null;
  const created = caller.sessionCreatedMs;
  hop.notes.push(
    `service ${service} on behalf of ${who} (credentials forwarded by the service, not issued to a caller)`,
  );
  if (identity.arn && when !== null) {
    const from =
      created !== null && created <= when && when - created <= CONSOLE_SESSION_MS
        ? created - SKEW_MS
        : when - FORWARD_TRIGGER_MS;
    const calls = src.ownCalls(identity.arn, key, from, when + SKEW_MS);
    const trigger =
      calls.find((c) => c.eventSource === service && c.timeMs >= when - FORWARD_TRIGGER_MS) ??
      (created !== null ? calls.find((c) => c.identity.sessionCreatedMs === created) : undefined);
    if (trigger && isLinkableKey(trigger.identity.accessKeyId)) {
      hop.issuedBy = useIssuedBy(trigger);
      hop.notes.push(
        `the principal's own call ${trigger.eventName ?? '?'} at ${trigger.eventTime ?? at(trigger.timeMs)} with ${trigger.identity.accessKeyId}` +
          (trigger.eventSource === service
            ? ' triggered it'
            : ' is of the same session (creationDate)'),
      );
      return {
        origin: { kind: 'unknown', label: 'unknown' },
        complete: false,
        gap: null,
        firstHop: null,
        continueWith: {
          key: trigger.identity.accessKeyId,
          atMs: trigger.timeMs,
          caller: trigger.identity,
          use: trigger,
          hops: [],
        },
      };
    }
  }
  if (identity.type === 'IAMUser' || identity.type === 'Root') {
    hop.notes.push(
      'the call that triggered it is not in this evidence; the principal is named by the record',
    );
    return {
      origin: originOfUser(identity, identity.type === 'Root' ? 'root' : 'iam-user'),
      complete: true,
      gap: null,
      firstHop: null,
    };
  }
  return unknown(
    `${service} made this call on behalf of ${who} with forwarded credentials; ${who}'s own session (the call that triggered it) is not in this evidence`,
  );
}
