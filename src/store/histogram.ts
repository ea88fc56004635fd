import type { Database } from 'better-sqlite3';
import type { SqlFilter } from './filter-sql.js';

/**
 * Event counts per time bucket for a filter: the TUI header's sparkline and the triage timeline.
 * Events whose time did not parse (time_ms 0) are left out.
 */
export interface TimeSpan {
  from: number;
  to: number;
  events: number;
}

export interface Histogram {
  /** Start of bucket 0 (UTC ms). */
  from: number;
  /** End of the covered range (the last event's time when the filter's own span was used). */
  to: number;
  bucketMs: number;
  counts: number[];
}

/** First and last event time (and how many events have a time) for a filter; null when none. */
export function timeSpan(db: Database, filter: SqlFilter): TimeSpan | null {
  const row = db
    .prepare(`SELECT min(e.time_ms) AS lo, max(e.time_ms) AS hi, count(*) AS n FROM events e WHERE (${filter.where}) AND e.time_ms > 0`)
    .get(...filter.params) as { lo: number | null; hi: number | null; n: number };
  return row.lo === null || row.hi === null ? null : { from: row.lo, to: row.hi, events: row.n };
}

/**
 * `buckets` equal buckets covering [from, to] (default: the filter's own span). One grouped scan
 * over the filter's rows; memory is the bucket array, whatever the event count.
 */
export function histogram(
  db: Database,
  filter: SqlFilter,
  opts: { buckets: number; from?: number; to?: number },
): Histogram | null {
  const buckets = Math.max(1, Math.floor(opts.buckets));
  let from = opts.from;
  let to = opts.to;
  if (from === undefined || to === undefined) {
    const span = timeSpan(db, filter);
    if (!span) return null;
    from ??= span.from;
    to ??= span.to;
  }
  const bucketMs = Math.max(1, Math.ceil((to - from + 1) / buckets));
  const counts = new Array<number>(buckets).fill(0);
  const rows = db
    .prepare(
      `SELECT CAST((e.time_ms - ?) / ? AS INTEGER) AS b, count(*) AS n FROM events e
       WHERE (${filter.where}) AND e.time_ms >= ? AND e.time_ms <= ? GROUP BY b`,
    )
    .all(from, bucketMs, ...filter.params, from, to) as { b: number; n: number }[];
  for (const r of rows) if (r.b >= 0 && r.b < buckets) counts[r.b] = r.n;
  return { from, to, bucketMs, counts };
}
