/**
 * "GetCallerIdentity from a key's first-seen IP": given when each source IP of one access key was
 * first seen (ascending), the (ip, time) pairs where an IP appeared after the key had already been
 * used from another address. The caller then checks whether the first call from that IP was the
 * probe. A key's very first IP is never "new": the evidence may simply start there.
 */
export function laterFirstSeenIps<Ip>(firstSeen: readonly { ip: Ip; first_ms: number }[]): { ip: Ip; first_ms: number }[] {
  if (firstSeen.length < 2) return [];
  const earliest = firstSeen.reduce((m, x) => Math.min(m, x.first_ms), Infinity);
  return firstSeen.filter((x) => x.first_ms > earliest);
}

/** Accounts IDs worth comparing: 12 digits (not "anonymous", not redacted placeholders). */
export function isAccountId(v: string): boolean {
  return /^\d{12}$/.test(v);
}

/** Caller accounts that are none of the evidence's own (recipient) accounts. */
export function foreignAccounts(callers: readonly string[], own: ReadonlySet<string>): string[] {
  return callers.filter((a) => isAccountId(a) && !own.has(a));
}
