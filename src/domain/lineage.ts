import type {
  CallerIdentity, ConsoleLoginEvent, Derived, Hop, HopIdentity, Issuance, IssuedBy, KeyUse, LineageSource, Origin, SubjectEvent, Trace,
} from './lineage-types.js';
import { isLinkableKey, keyKind } from './lineage-keys.js';
import { pickIssuance, SKEW_MS } from './lineage-pick.js';
import { arnAccount, arnResource, callerTerminal, hopIdentityOf, issuedIdentity, liteDetail, type Terminal } from './lineage-origin.js';

/**
 * Bump when the resolver's answers change: case files then re-resolve every key on their next
 * index run (the credentials table caches each key's origin).
 */
export const LINEAGE_VERSION = '2';

/** Chains deeper than this are treated as broken data (real role chaining stops well before). */
export const MAX_DEPTH = 64;
/** A console session lasts at most 12 hours: a ConsoleLogin older than that cannot explain a key. */
const CONSOLE_WINDOW_MS = 12 * 3600_000;

function issuedByOf(i: Issuance): IssuedBy {
  return {
    rowid: i.rowid, eventId: i.eventId, eventName: i.eventName, eventTime: i.eventTime, timeMs: i.timeMs,
    awsRegion: i.awsRegion, sourceIPAddress: i.sourceIp, userAgent: i.userAgent, recipientAccountId: i.recipientAccountId,
    expirationMs: i.expirationMs,
  };
}

function consoleIssuedBy(c: ConsoleLoginEvent): IssuedBy {
  return {
    rowid: c.rowid, eventId: c.eventId, eventName: 'ConsoleLogin', eventTime: c.eventTime, timeMs: c.timeMs,
    awsRegion: c.awsRegion, sourceIPAddress: c.sourceIp, userAgent: c.userAgent, recipientAccountId: c.recipientAccountId,
    expirationMs: null,
  };
}

const NO_IDENTITY: HopIdentity = { type: null, arn: null, accountId: null, principalId: null, userName: null };

function keyHop(key: string | null, identity: HopIdentity, caller: CallerIdentity | null): Hop {
  return {
    accessKeyId: key, identity, issuedBy: null, mfa: caller?.mfa ?? null, sourceIdentity: caller?.sourceIdentity ?? null,
    roleArn: null, sessionName: null, notes: [],
  };
}

function originOfUser(identity: HopIdentity, kind: 'iam-user' | 'root' | 'console'): Origin {
  const acct = identity.accountId ?? arnAccount(identity.arn) ?? undefined;
  const who = identity.type === 'Root' ? `root ${acct ?? ''}`.trim() : arnResource(identity.arn) ?? `user/${identity.userName ?? '?'}`;
  return {
    kind, ...(identity.arn ? { arn: identity.arn } : {}), ...(acct ? { accountId: acct } : {}),
    label: kind === 'console' ? `console ${who}` : who,
  };
}

/**
 * Where the walk ends for a key with no issuing event in evidence: long-term keys are origins,
 * console sessions are origins, workload credentials say which service delivered them, anything
 * else is a gap that says why.
 */
function keyTerminal(
  src: LineageSource, key: string, identity: HopIdentity, caller: CallerIdentity | null, use: KeyUse | undefined,
  atMs: number | null, pickWhy: string | null, hop: Hop,
): Terminal {
  const kind = keyKind(key);
  const type = identity.type;
  const unknown = (reason: string): Terminal => ({
    origin: {
      kind: 'unknown',
      ...((caller?.sessionIssuerArn ?? identity.arn) ? { arn: (caller?.sessionIssuerArn ?? identity.arn)! } : {}),
      ...(identity.accountId ? { accountId: identity.accountId } : {}),
      label: arnResource(caller?.sessionIssuerArn ?? identity.arn) ?? 'unknown',
    },
    complete: false, gap: { reason }, firstHop: null,
  });
  const notIssuedHere = pickWhy
    ? `no issuing event for ${key} applies here: ${pickWhy}`
    : `no issuing event for ${key} in this evidence (issued outside it: another account or region not collected, or before it starts)`;

  if (kind === 'long-term' || ((type === 'IAMUser' || type === 'Root') && kind !== 'temporary')) {
    if (type === 'Root') return { origin: originOfUser(identity, 'root'), complete: true, gap: null, firstHop: null };
    if (type === 'IAMUser') return { origin: originOfUser(identity, 'iam-user'), complete: true, gap: null, firstHop: null };
    return unknown(`long-term key ${key} was used by ${type ?? 'an unrecorded identity'}, not an IAM user or root`);
  }
  if (type === 'IAMUser' || type === 'Root') {
    const stats = src.keyStats(key);
    const flagged = !!(caller?.consoleSession || stats?.consoleSession) || src.consoleFlagged(key);
    const at = atMs ?? stats?.lastMs ?? null;
    const login = identity.arn && at !== null ? src.consoleLoginBefore(identity.arn, at + SKEW_MS, CONSOLE_WINDOW_MS) : undefined;
    if (flagged || login) {
      if (login) hop.issuedBy = consoleIssuedBy(login);
      if (login && hop.mfa === null) hop.mfa = login.mfa;
      hop.notes.push(flagged ? 'console session (sessionCredentialFromConsole)' : `console session: signed in at ${login!.eventTime ?? login!.timeMs}`);
      return { origin: originOfUser(identity, 'console'), complete: true, gap: null, firstHop: null };
    }
    return unknown(`${notIssuedHere}; the ${type} made it with neither a GetSessionToken nor a console sign-in in this evidence`);
  }
  const u = (use ?? src.useOf(key, atMs))?.hints();
  if (u?.ec2RoleDelivery) {
    hop.notes.push(`EC2 instance-profile credentials (ec2RoleDelivery ${u.ec2RoleDelivery})`);
    return {
      origin: { kind: 'aws-service', service: 'ec2.amazonaws.com', ...(caller?.sessionIssuerArn ? { arn: caller.sessionIssuerArn } : {}),
        ...(identity.accountId ? { accountId: identity.accountId } : {}), label: 'ec2.amazonaws.com' },
      complete: false,
      gap: { reason: `EC2 delivered ${key} (sessionContext.ec2RoleDelivery) but its AssumeRole by ec2.amazonaws.com is not in this evidence` },
      firstHop: null,
    };
  }
  if (u?.inScopeOfIssuer && /lambda/i.test(u.inScopeOfIssuer)) {
    hop.notes.push(`Lambda execution credentials${u.inScopeOfSource ? ` for ${u.inScopeOfSource}` : ''}`);
    return {
      origin: { kind: 'aws-service', service: 'lambda.amazonaws.com', ...(caller?.sessionIssuerArn ? { arn: caller.sessionIssuerArn } : {}),
        ...(identity.accountId ? { accountId: identity.accountId } : {}), label: 'lambda.amazonaws.com' },
      complete: false,
      gap: { reason: `Lambda issued ${key} (userIdentity.inScopeOf) but its AssumeRole by lambda.amazonaws.com is not in this evidence` },
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
  src: LineageSource, key: string, atMs: number | null, known: CallerIdentity | null, knownUse: KeyUse | undefined, details = true,
): WalkResult {
  const rev: Hop[] = [];
  const seen: string[] = [];
  let curKey = key;
  let curAt = atMs;
  let caller: CallerIdentity | null = known;
  let use = knownUse;
  for (let depth = 0; ; depth++) {
    if (!isLinkableKey(curKey)) {
      const hop = keyHop(curKey === '' ? null : curKey, caller ? hopIdentityOf(caller) : NO_IDENTITY, caller);
      rev.push(hop);
      return {
        hops: rev.reverse(),
        terminal: {
          origin: { kind: 'unknown', ...(caller?.arn ? { arn: caller.arn } : {}), label: arnResource(caller?.arn) ?? 'unknown' },
          complete: false, gap: { reason: `"${curKey}" is a placeholder, not a real access key ID: it is never linked` }, firstHop: null,
        },
      };
    }
    if (seen.includes(curKey)) {
      const loop = [...seen.slice(seen.indexOf(curKey)), curKey].join(' ← ');
      return {
        hops: rev.reverse(),
        terminal: {
          origin: { kind: 'unknown', label: 'cycle' }, complete: false,
          gap: { reason: `cycle: ${loop} (issuing events name each other; the records are inconsistent or crafted)` }, firstHop: null,
        },
      };
    }
    if (depth >= MAX_DEPTH) {
      return {
        hops: rev.reverse(),
        terminal: { origin: { kind: 'unknown', label: 'too deep' }, complete: false, gap: { reason: `chain longer than ${MAX_DEPTH} hops: stopped` }, firstHop: null },
      };
    }
    seen.push(curKey);
    if (!caller) {
      use = use ?? src.useOf(curKey, curAt);
      caller = use?.identity ?? null;
    }
    const createdMs = curAt !== null ? caller?.sessionCreatedMs ?? null : null;
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
      if (iss.caller.type === 'AWSAccount') hop.notes.push(`issuing event is the role owner's copy (account ${iss.recipientAccountId ?? '?'})`);
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
      accessKeyId: m.issuedKey, eventId: m.eventId, eventName: m.eventName, eventTime: m.eventTime, roleArn: m.roleArn,
      events: m.issuedKeyEvents ?? src.keyStats(m.issuedKey)?.events ?? 0,
    });
  }
  return out;
}

function assemble(src: LineageSource, subject: string, subjectKind: 'key' | 'event', key: string | null, atMs: number | null, w: WalkResult): Trace {
  const last = w.hops[w.hops.length - 1];
  return {
    subject, subjectKind, accessKeyId: key, atMs, hops: w.hops, complete: w.terminal.complete, origin: w.terminal.origin,
    gap: w.terminal.gap, derived: key && isLinkableKey(key) ? derivedOf(src, key, last) : [],
  };
}

/** Is this key known to the evidence at all (used, issued or minting)? */
function keyKnown(src: LineageSource, key: string): boolean {
  return !!src.keyStats(key) || src.issuancesOf(key).length > 0 || src.useOf(key, null) !== undefined;
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
      terminal = { origin: originOfUser(identity, t === 'Root' ? 'root' : 'iam-user'), complete: true, gap: null, firstHop: null };
    } else if (t === 'AWSService') {
      const service = ev.use.identity.invokedBy ?? identity.principalId ?? 'AWS service';
      terminal = { origin: { kind: 'aws-service', service, label: service }, complete: true, gap: null, firstHop: null };
    } else {
      terminal = {
        origin: { kind: 'unknown', ...(identity.arn ? { arn: identity.arn } : {}), label: arnResource(identity.arn) ?? t ?? 'unknown' },
        complete: false, gap: { reason: `the event records no access key (${t ?? 'no identity type'}): nothing to trace` }, firstHop: null,
      };
    }
    return { subject: eventId, subjectKind: 'event', accessKeyId: null, atMs: ev.timeMs, hops: [hop], complete: terminal.complete, origin: terminal.origin, gap: terminal.gap, derived: [] };
  }
  return assemble(src, eventId, 'event', key, ev.timeMs, walk(src, key, ev.timeMs, ev.use.identity, ev.use));
}

/** The issuance an event made, when it is one (an STS call that returned credentials). */
function issuanceOfEvent(src: LineageSource, ev: SubjectEvent): Issuance | undefined {
  return isLinkableKey(ev.issuedKey) ? src.issuancesOf(ev.issuedKey).find((i) => i.rowid === ev.rowid) : undefined;
}

/**
 * An STS call made without a key (AssumeRoleWithSAML / WithWebIdentity, or the role owner's copy of
 * a cross-account AssumeRole that says only "AWSAccount"): its caller is where the trail starts.
 * When the caller's own copy of the same call is in evidence, it names the caller's key: follow it.
 */
function traceKeylessIssuance(src: LineageSource, eventId: string, ev: SubjectEvent, iss: Issuance): Trace {
  if (iss.caller.type === 'AWSAccount') {
    const twin = src.issuancesOf(iss.issuedKey).find((i) => i.rowid !== iss.rowid && isLinkableKey(i.caller.accessKeyId) && sameCallAs(i, iss));
    if (twin && twin.caller.accessKeyId) {
      const w = walk(src, twin.caller.accessKeyId, twin.timeMs, twin.caller, undefined);
      w.hops[w.hops.length - 1]?.notes.push(`the caller's copy of this call (${twin.eventId}) names the key`);
      return assemble(src, eventId, 'event', twin.caller.accessKeyId, ev.timeMs, w);
    }
  }
  const terminal = callerTerminal(iss, src.issuanceDetail(iss.rowid), null);
  const hop = terminal.firstHop ?? keyHop(null, hopIdentityOf(ev.use.identity), ev.use.identity);
  return {
    subject: eventId, subjectKind: 'event', accessKeyId: null, atMs: ev.timeMs, hops: [hop], complete: terminal.complete,
    origin: terminal.origin, gap: terminal.gap, derived: [],
  };
}

/** Two records of one cross-account call share its sharedEventID or requestID. */
function sameCallAs(a: Issuance, b: Issuance): boolean {
  return (!!a.sharedEventId && a.sharedEventId === b.sharedEventId) || (!!a.requestId && a.requestId === b.requestId);
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
    origin: w.terminal.origin, complete: w.terminal.complete, gap: w.terminal.gap?.reason ?? null,
    depth: w.hops.filter((h) => h.accessKeyId !== null).length,
    identityArn: last?.identity.arn ?? null, identityType: last?.identity.type ?? null,
  };
}

/** An access key ID looks like this; anything else is taken as an event ID. */
const KEY_LIKE = /^[A-Z0-9]{16,128}$/;

/** Trace whatever the user typed: an access key ID or an event ID (undefined when neither is known). */
export function traceSubject(src: LineageSource, subject: string): Trace | undefined {
  if (KEY_LIKE.test(subject)) return traceKey(src, subject) ?? traceEvent(src, subject);
  return traceEvent(src, subject) ?? traceKey(src, subject);
}
