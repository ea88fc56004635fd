/**
 * "GetCallerIdentity from a key's first-seen IP": a key that has been used before shows up from a
 * network it never used, and its first call from there is "who am I" (how a stolen key gets
 * tested). Networks, not single addresses: CI runners and mobile users hop between addresses of the
 * same provider range all day, and flagging each hop would bury the one that matters.
 */

/** The network an address belongs to for this rule: IPv4 /16, IPv6 /48; anything else as is. */
export function networkOf(ip: string): string {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.0.0/16`;
  if (ip.includes(':') && /^[0-9a-f:.]+$/i.test(ip)) {
    const [head] = ip.toLowerCase().split('::');
    const groups = head.split(':').filter((g) => g !== '');
    while (groups.length < 3) groups.push('0');
    return `${groups.slice(0, 3).join(':')}::/48`;
  }
  return ip;
}

/**
 * Given when each source IP of one key was first seen: the (ip, time) pairs that opened a network
 * the key had not used before, after the key was already in use. The key's first network is never
 * "new": the evidence may simply start there.
 */
export function newNetworkFirstSeen<T extends { ip: string; first_ms: number }>(
  firstSeen: readonly T[],
): T[] {
  if (firstSeen.length < 2) return [];
  const earliest = firstSeen.reduce((m, x) => Math.min(m, x.first_ms), Infinity);
  const netFirst = new Map<string, number>();
  for (const x of firstSeen) {
    const n = networkOf(x.ip);
    netFirst.set(n, Math.min(netFirst.get(n) ?? Infinity, x.first_ms));
  }
  return firstSeen.filter(
    (x) => x.first_ms > earliest && x.first_ms === netFirst.get(networkOf(x.ip)),
  );
}

/** Accounts IDs worth comparing: 12 digits (not "anonymous", not redacted placeholders). */
export function isAccountId(v: string): boolean {
  return /^\d{12}$/.test(v);
}

/** Caller accounts that are none of the evidence's own (recipient) accounts. */
export function foreignAccounts(callers: readonly string[], own: ReadonlySet<string>): string[] {
  return callers.filter((a) => isAccountId(a) && !own.has(a));
}
