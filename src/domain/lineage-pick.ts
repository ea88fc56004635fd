import type { Issuance } from './lineage-types.js';
import { isLinkableKey } from './lineage-keys.js';

/** Clock skew tolerated between an issuance and a use logged by another region or account. */
export const SKEW_MS = 5_000;
/** creationDate of a use and the time of its issuance agree to the second in real logs. */
const CREATION_MATCH_MS = 2_000;

export type PickResult = { issuance: Issuance } | { issuance: null; why: string | null };

/**
 * The copy to show of one logical issuance. A cross-account AssumeRole is logged in both accounts:
 * the caller's copy names the real caller and its key, the role owner's copy only says
 * "AWSAccount". Prefer the one that lets the walk continue.
 */
export function preferredCopy(copies: readonly Issuance[]): Issuance {
  const score = (i: Issuance): number =>
    (isLinkableKey(i.caller.accessKeyId) ? 4 : 0) +
    (i.caller.type && i.caller.type !== 'AWSAccount' ? 2 : 0) +
    (i.caller.arn ? 1 : 0);
  let best = copies[0];
  for (const c of copies) {
    if (score(c) > score(best) || (score(c) === score(best) && c.eventId < best.eventId)) best = c;
  }
  return best;
}

/** Role ARNs name the same role (IAM role names are case-insensitive). */
function sameRole(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Issuances that are copies of the same call: same sharedEventID, same requestID, or same second. */
function sameCall(a: Issuance, b: Issuance): boolean {
  if (a.sharedEventId && a.sharedEventId === b.sharedEventId) return true;
  if (a.requestId && a.requestId === b.requestId) return true;
  return Math.abs(a.timeMs - b.timeMs) <= 1000;
}

function latestWithCopies(cands: readonly Issuance[]): Issuance {
  let latest = cands[0];
  for (const c of cands) if (c.timeMs > latest.timeMs) latest = c;
  return preferredCopy(cands.filter((c) => sameCall(c, latest)));
}

/**
 * Which issuance of `key` was in force for a call at `atMs` (null: the latest issuance). A key ID
 * can be issued more than once: take the use's own creationDate when it names one issuance,
 * otherwise the latest issuance at or before the use that had not expired.
 */
export function pickIssuance(
  all: readonly Issuance[],
  atMs: number | null,
  createdMs: number | null,
  useRoleArn: string | null = null,
): PickResult {
  const linkable = all.filter((i) => isLinkableKey(i.issuedKey));
  if (linkable.length === 0) return { issuance: null, why: null };
  // A use that acts as one role cannot be explained by an AssumeRole into another (crafted or
  // colliding key IDs): never link across roles.
  const cands = useRoleArn
    ? linkable.filter((c) => !c.roleArn || sameRole(c.roleArn, useRoleArn))
    : linkable;
  if (cands.length === 0) {
    return {
      issuance: null,
      why: `its issuance (${linkable[0].eventId}) was for ${linkable[0].roleArn}, but this use acts as ${useRoleArn}`,
    };
  }
  if (createdMs !== null) {
    // a session cannot be used before it was issued, whatever its creationDate says
    const exact = cands.filter(
      (c) =>
        Math.abs(c.timeMs - createdMs) <= CREATION_MATCH_MS &&
        (atMs === null || c.timeMs <= atMs + SKEW_MS),
    );
    if (exact.length) return { issuance: latestWithCopies(exact) };
  }
  if (atMs === null) return { issuance: latestWithCopies(cands) };
  const before = cands.filter((c) => c.timeMs <= atMs + SKEW_MS);
  const live = before.filter((c) => c.expirationMs === null || c.expirationMs + SKEW_MS >= atMs);
  if (live.length) return { issuance: latestWithCopies(live) };
  if (before.length) {
    const last = latestWithCopies(before);
    return {
      issuance: null,
      why: `its only issuance before this use (${last.eventId}) had expired`,
    };
  }
  const first = cands.reduce((a, b) => (b.timeMs < a.timeMs ? b : a));
  return { issuance: null, why: `it was issued only after this use (${first.eventId})` };
}
