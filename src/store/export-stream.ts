import type { Database } from 'better-sqlite3';
import type { SqlFilter } from './filter-sql.js';
import { pageEvents } from './event-pages.js';
import type { EventRow } from './event-row.js';
import { EventReader } from './event-reader.js';
import { cachedStatement } from './statement-cache.js';
import { VALUE_DIFFERS_SQL } from './variants.js';

/** Rows per keyset page while streaming: big enough to amortise the query, small enough for memory. */
export const EXPORT_BATCH = 2000;

/**
 * Every matching row in time order, read in keyset pages so memory stays bounded whatever the
 * size, and the connection stays free between pages (the raw records are read on the same one).
 */
export function* streamEvents(
  db: Database,
  filter: SqlFilter,
  opts: { order?: 'asc' | 'desc'; limit?: number; batch?: number } = {},
): Generator<EventRow> {
  const order = opts.order ?? 'asc';
  const batch = Math.max(1, opts.batch ?? EXPORT_BATCH);
  let remaining = opts.limit ?? Infinity;
  let after: { time_ms: number; id: number } | undefined;
  while (remaining > 0) {
    const page = pageEvents(db, filter, { after, limit: Math.min(batch, remaining), order });
    if (page.length === 0) return;
    for (const row of page) yield row;
    remaining -= page.length;
    const last = page[page.length - 1];
    after = { time_ms: last.time_ms, id: last.id };
    if (page.length < batch) return;
  }
}

export interface ExportedEvent {
  row: EventRow;
  /** The original record's JSON text, exactly as the case file keeps it. */
  raw: string;
}

/** Rows with their original records (for JSON / JSONL / CSV exports). */
export function* streamRecords(
  db: Database,
  filter: SqlFilter,
  opts: { order?: 'asc' | 'desc'; limit?: number } = {},
): Generator<ExportedEvent> {
  const reader = new EventReader(db);
  for (const row of streamEvents(db, filter, opts)) yield { row, raw: reader.rawText(row) };
}

/** Where an event's original record is kept, and its sort key. */
interface RawRef {
  id: number;
  time_ms: number;
  raw_chunk: number;
  raw_index: number;
}

/**
 * Original records only, in time order: the JSON / JSON Lines exports need nothing else, and
 * reading four integer columns per row (no text joins, no row objects of 36 fields) is what makes
 * them stream at disk speed.
 */
export function* streamRaw(
  db: Database,
  filter: SqlFilter,
  opts: { order?: 'asc' | 'desc'; limit?: number; batch?: number } = {},
): Generator<{ id: number; raw: string }> {
  const dir = opts.order === 'desc' ? 'DESC' : 'ASC';
  const cmp = opts.order === 'desc' ? '<' : '>';
  const batch = Math.max(1, opts.batch ?? EXPORT_BATCH);
  const base = `SELECT e.id, e.time_ms, e.raw_chunk, e.raw_index FROM events e WHERE (${filter.where})`;
  const order = `ORDER BY e.time_ms ${dir}, e.id ${dir} LIMIT ?`;
  const first = cachedStatement(db, `${base} ${order}`);
  const next = cachedStatement(db, `${base} AND (e.time_ms, e.id) ${cmp} (?, ?) ${order}`);
  const reader = new EventReader(db);
  let remaining = opts.limit ?? Infinity;
  let after: RawRef | undefined;
  while (remaining > 0) {
    const size = Math.min(batch, remaining);
    const page = (
      after
        ? next.all(...filter.params, after.time_ms, after.id, size)
        : first.all(...filter.params, size)
    ) as RawRef[];
    for (const ref of page) yield { id: ref.id, raw: reader.rawText(ref) };
    remaining -= page.length;
    if (page.length < size) return;
    after = page[page.length - 1];
  }
}

/** Resource (type, name) pairs of one event, for the console CSV's resource columns. */
/** Whether another copy of the event was read with other bytes (the `differs` caveat). */
export function hasDifferingCopy(db: Database, rowid: number): boolean {
  return (
    cachedStatement(
      db,
      `SELECT 1 FROM event_variants v WHERE v.event_rowid = ? AND ${VALUE_DIFFERS_SQL} LIMIT 1`,
    ).get(rowid) !== undefined
  );
}

export function eventResources(
  db: Database,
  rowid: number,
): { type: string | null; name: string }[] {
  return cachedStatement(
    db,
    `SELECT (SELECT value FROM dict WHERE id = r.type_ref) AS type, (SELECT value FROM dict WHERE id = r.name_ref) AS name
     FROM event_resources r WHERE r.event_rowid = ?`,
  ).all(rowid) as { type: string | null; name: string }[];
}
