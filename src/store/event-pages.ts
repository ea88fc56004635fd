import type { Database } from 'better-sqlite3';
import type { EventRow } from './event-row.js';
import { cachedStatement } from './statement-cache.js';
import type { SqlFilter } from './filter-sql.js';

export interface PageOptions {
  /** Keyset position: the page starts strictly after this row in the chosen order. */
  after?: { time_ms: number; id: number };
  limit: number;
  order: 'asc' | 'desc';
}

/** The most rows one page may ask for: pages are screens, not exports. */
export const MAX_PAGE = 10_000;

export function countEvents(db: Database, filter: SqlFilter): number {
  return cachedStatement(db, `SELECT count(*) FROM events e WHERE ${filter.where}`)
    .pluck()
    .get(...filter.params) as number;
}

/**
 * The SQL of one keyset page: ids are chosen on `events` alone (so the (field, time) indexes drive
 * it and ORDER BY ... LIMIT stops early), then only those rows are joined back to text.
 */
export function pageSql(filter: SqlFilter, opts: PageOptions): { sql: string; params: unknown[] } {
  const dir = opts.order === 'desc' ? 'DESC' : 'ASC';
  const cmp = opts.order === 'desc' ? '<' : '>';
  const limit = Math.max(0, Math.min(MAX_PAGE, Math.floor(opts.limit)));
  const params: unknown[] = [...filter.params];
  let keyset = '';
  if (opts.after) {
    // (time, id) row-value comparison: SQLite turns it into an index range
    keyset = ` AND (e.time_ms, e.id) ${cmp} (?, ?)`;
    params.push(opts.after.time_ms, opts.after.id);
  }
  params.push(limit);
  const ids = `SELECT e.id FROM events e WHERE (${filter.where})${keyset} ORDER BY e.time_ms ${dir}, e.id ${dir} LIMIT ?`;
  const sql = `SELECT v.* FROM events_v v WHERE v.id IN (${ids}) ORDER BY v.time_ms ${dir}, v.id ${dir}`;
  return { sql, params };
}

/** One page of matching events in time order (keyset paging; never OFFSET). */
export function pageEvents(db: Database, filter: SqlFilter, opts: PageOptions): EventRow[] {
  const { sql, params } = pageSql(filter, opts);
  return cachedStatement(db, sql).all(...params) as EventRow[];
}

/** The end of the evidence: the latest parsed eventTime (what `since:` counts back from); null when none. */
export function evidenceEndMs(db: Database): number | null {
  const v = cachedStatement(db, 'SELECT max(time_ms) FROM events WHERE time_ms > 0')
    .pluck()
    .get() as number | null;
  return v ?? null;
}

/** Matching event ids in time order, at most `limit` (the query worker materialises selective filters with this). */
export function matchingIds(db: Database, filter: SqlFilter, limit: number): number[] {
  return cachedStatement(
    db,
    `SELECT e.id FROM events e WHERE (${filter.where}) ORDER BY e.time_ms, e.id LIMIT ?`,
  )
    .pluck()
    .all(...filter.params, Math.max(0, Math.floor(limit))) as number[];
}

/** Rows by id, in the order given (ids a page of an id list). */
export function eventsByIds(db: Database, ids: readonly number[]): EventRow[] {
  if (ids.length === 0) return [];
  const out: EventRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = cachedStatement(
      db,
      `SELECT v.* FROM events_v v WHERE v.id IN (${chunk.map(() => '?').join(',')})`,
    ).all(...chunk) as EventRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of chunk) {
      const r = byId.get(id);
      if (r) out.push(r);
    }
  }
  return out;
}
