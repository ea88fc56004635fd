import type { Database, Statement } from 'better-sqlite3';
import type { EventRow } from '../../store/event-row.js';
import { originLookup } from '../../store/credentials.js';
import { keyKind, shortKey } from '../../domain/lineage-keys.js';

/**
 * Origins of temporary keys for the event table ("ASIA…W3X ← user/ci-deploy"). The column runs per
 * visible row, so look-ups are cached per key (a primary-key read on a miss, microseconds).
 */
let bound: { db: Database; lookup: Statement } | null = null;
const cache = new Map<string, { label: string; complete: boolean } | null>();
const CACHE_MAX = 5_000;

/** Point the labels at the open case file (registered as a case-file-opened hook). */
export function bindOriginLabels(db: Database): void {
  if (bound?.db === db) return;
  cache.clear();
  try {
    bound = { db, lookup: originLookup(db) };
  } catch {
    bound = null; // a case file without the credential index: keys show bare
  }
}

export function originOf(key: string): { label: string; complete: boolean } | null {
  if (!bound) return null;
  if (cache.has(key)) return cache.get(key)!;
  let v: { label: string; complete: boolean } | null = null;
  try {
    const r = bound.lookup.get(key) as
      { origin_label: string | null; complete: number | null } | undefined;
    if (r?.origin_label) v = { label: r.origin_label, complete: r.complete === 1 };
  } catch {
    v = null;
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, v);
  return v;
}

/** The access key cell: temporary keys carry their origin when it is known. */
export function keyWithOrigin(row: Pick<EventRow, 'access_key_id'>): string {
  const key = row.access_key_id;
  if (!key) return '';
  if (keyKind(key) !== 'temporary') return key;
  const o = originOf(key);
  if (!o) return key;
  return `${shortKey(key)} ← ${o.label}${o.complete ? '' : ' (gap)'}`;
}
