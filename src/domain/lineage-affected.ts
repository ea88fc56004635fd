import { isLinkableKey } from './lineage-keys.js';
import type { LineageSource } from './lineage-types.js';

/**
 * The keys to re-resolve after new events: the keys they used, and the `rooted` keys with every key
 * minted from them, transitively (a newly found issuance changes the origin of the subtree below
 * it; a new call made with a key changes only that key's own row). Null past `limit`.
 */
export function affectedKeys(
  src: Pick<LineageSource, 'mintedBy'>,
  touched: { used: readonly string[]; rooted: readonly string[] },
  limit = Infinity,
): string[] | null {
  const seen = new Set<string>([...touched.used, ...touched.rooted]);
  if (seen.size > limit) return null;
  const queue = touched.rooted.filter(isLinkableKey);
  while (queue.length) {
    const k = queue.pop()!;
    for (const m of src.mintedBy(k)) {
      if (seen.has(m.issuedKey)) continue;
      seen.add(m.issuedKey);
      if (seen.size > limit) return null;
      if (isLinkableKey(m.issuedKey)) queue.push(m.issuedKey);
    }
  }
  return [...seen];
}
