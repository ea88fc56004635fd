import { canonicalIp, ipInCidr, parseCidr, type Cidr } from '../../util/cidr.js';
import { networkOf } from './new-ip.js';
import type { EventFacts, KeyAddress } from './types.js';

/**
 * Where a call came from, as far as the record says without AWS's published ranges: a private or
 * shared address (inside a VPC, through an endpoint), a service name or "AWS Internal" (AWS
 * itself), or a public address (anywhere on the internet, AWS's own public addresses included).
 */
const NON_PUBLIC: readonly Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((c) => parseCidr(c)!);

/** A public internet address (not private, shared, loopback or link-local; not a service name). */
export function isPublicAddress(ip: string | null | undefined): boolean {
  if (!ip) return false;
  let verdict = judged.get(ip);
  if (verdict === undefined) {
    const canonical = canonicalIp(ip);
    verdict = canonical !== null && !NON_PUBLIC.some((r) => ipInCidr(canonical, r));
    if (judged.size > 100_000) judged.clear();
    judged.set(ip, verdict);
  }
  return verdict;
}

/** Addresses repeat across a caller's calls: each is parsed and judged once. */
const judged = new Map<string, boolean>();

/** A session of an EC2 instance role: the instance ID is the session name (`AROA…:i-0abc…`). */
export const INSTANCE_SESSION = /:i-[0-9a-f]{8,17}$/i;

export function isInstanceSession(f: Pick<EventFacts, 'identityType' | 'principalId'>): boolean {
  return f.identityType === 'AssumedRole' && INSTANCE_SESSION.test(f.principalId ?? '');
}

/**
 * The network a key first used on the internet: its owner's own egress (the instance's public
 * address or its NAT gateway). Private addresses say nothing about it and are left out.
 */
export function homeNetwork(addresses: readonly KeyAddress[]): string | null {
  const known = homes.get(addresses);
  if (known !== undefined) return known;
  const home = firstPublicNetwork(addresses);
  homes.set(addresses, home);
  return home;
}

/** The store hands the same list for every event of a key: judge it once. */
const homes = new WeakMap<readonly KeyAddress[], string | null>();

function firstPublicNetwork(addresses: readonly KeyAddress[]): string | null {
  let first: KeyAddress | null = null;
  for (const a of addresses)
    if (isPublicAddress(a.ip) && (first === null || a.firstMs < first.firstMs)) first = a;
  return first ? networkOf(canonicalIp(first.ip) ?? first.ip) : null;
}

/**
 * Instance-role credentials used from another network than the instance's own: the key's calls
 * came from one public network (or from inside the VPC), and this one comes from a public address
 * in a different network. The key's first public network is taken as the instance's egress, so a
 * key stolen and used before the instance ever called out publicly is seen from its second
 * network on.
 */
export function instanceKeyUsedElsewhere(f: EventFacts): boolean {
  if (!isInstanceSession(f) || !isPublicAddress(f.sourceIp) || !f.keyAddresses) return false;
  const home = homeNetwork(f.keyAddresses());
  if (home === null) return false;
  return networkOf(canonicalIp(f.sourceIp!) ?? f.sourceIp!) !== home;
}
