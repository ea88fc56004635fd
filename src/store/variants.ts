import type { Database } from 'better-sqlite3';

/**
 * Differing copies of events (`event_variants`) not yet compared by value: where each copy and
 * the stored one are, a page at a time (there are few: copies whose bytes differ).
 */
export interface UnsettledVariant {
  event_rowid: number;
  file_id: number;
  record_index: number;
  /** The differing copy's location. */
  raw_chunk: number;
  raw_index: number;
  /** The stored copy's location. */
  stored_chunk: number;
  stored_index: number;
}

/** A differing copy counts for the `differs` caveat unless it is known to hold the same values. */
export const VALUE_DIFFERS_SQL = 'v.same_values IS NOT 1';

/** Event `e` has a copy that differs by value: the `differs` caveat, for events aliased `e`. */
export const EVENT_DIFFERS_SQL = `EXISTS (SELECT 1 FROM event_variants v WHERE v.event_rowid = e.id AND ${VALUE_DIFFERS_SQL})`;

export function unsettledVariants(db: Database, limit: number): UnsettledVariant[] {
  return db
    .prepare(
      `SELECT v.event_rowid, v.file_id, v.record_index, v.raw_chunk, v.raw_index,
         e.raw_chunk AS stored_chunk, e.raw_index AS stored_index
       FROM event_variants v JOIN events e ON e.id = v.event_rowid
       WHERE v.same_values IS NULL LIMIT ?`,
    )
    .all(limit) as UnsettledVariant[];
}

export function hasUnsettledVariants(db: Database): boolean {
  return (
    db.prepare('SELECT 1 FROM event_variants WHERE same_values IS NULL LIMIT 1').get() !== undefined
  );
}

export function settleVariant(db: Database, v: UnsettledVariant, sameValues: boolean): void {
  db.prepare(
    'UPDATE event_variants SET same_values = ? WHERE event_rowid = ? AND file_id = ? AND record_index = ?',
  ).run(sameValues ? 1 : 0, v.event_rowid, v.file_id, v.record_index);
}
