import type { Database } from 'better-sqlite3';
import type { SqlFilter } from './filter-sql.js';

/**
 * The timeline's stacked histogram: per bucket, all events, the notable ones, and the failed ones
 * that are not notable (so the three stack without counting an event twice). One grouped scan over
 * the filter's rows; memory is the bucket arrays. (Parameters may bind as REAL: the CAST keeps
 * the division whole.) Same bucket arithmetic as `histogram.ts`
 * (bucket b covers [from + b*bucketMs, from + (b+1)*bucketMs)).
 */
export interface StackedHistogram {
  from: number;
  bucketMs: number;
  total: number[];
  notable: number[];
  errors: number[];
}

export function stackedHistogram(
  db: Database,
  filter: SqlFilter,
  opts: { from: number; bucketMs: number; buckets: number },
): StackedHistogram {
  const n = Math.max(1, Math.floor(opts.buckets));
  const bucketMs = Math.max(1, Math.floor(opts.bucketMs));
  const to = opts.from + n * bucketMs;
  const out: StackedHistogram = {
    from: opts.from,
    bucketMs,
    total: new Array(n).fill(0),
    notable: new Array(n).fill(0),
    errors: new Array(n).fill(0),
  };
  // Three grouped reads instead of one wide scan: totals and failures each read only (time, column),
  // which an index covers when the filter is simple, and the notable split comes from the (small)
  // match table rather than a lookup per event.
  const bucket = 'CAST((e.time_ms - ?) / ? AS INTEGER)';
  const range = 'e.time_ms >= ? AND e.time_ms < ?';
  const head = [opts.from, bucketMs];
  const tail = [...filter.params, opts.from, to];
  const totals = db
    .prepare(
      `SELECT ${bucket} AS b, count(*) AS n FROM events e WHERE (${filter.where}) AND ${range} GROUP BY b`,
    )
    .all(...head, ...tail) as { b: number; n: number }[];
  const errors = db
    // "IN (error codes)" rather than "IS NOT NULL" lets SQLite read the (error, time) index
    .prepare(
      `SELECT ${bucket} AS b, count(*) AS n FROM events e
       WHERE e.error_code_ref IN (SELECT id FROM dict WHERE field = 'error_code') AND (${filter.where}) AND ${range} GROUP BY b`,
    )
    .all(...head, ...tail) as { b: number; n: number }[];
  const notable = db
    .prepare(
      `SELECT ${bucket} AS b, count(*) AS n, count(e.error_code_ref) AS errors
       FROM (SELECT DISTINCT event_rowid FROM event_notable) m CROSS JOIN events e ON e.id = m.event_rowid
       WHERE (${filter.where}) AND ${range} GROUP BY b`,
    )
    .all(...head, ...tail) as { b: number; n: number; errors: number }[];
  const inRange = (b: number) => b >= 0 && b < n;
  for (const r of totals) if (inRange(r.b)) out.total[r.b] = r.n;
  for (const r of errors) if (inRange(r.b)) out.errors[r.b] = r.n;
  for (const r of notable) {
    if (!inRange(r.b)) continue;
    out.notable[r.b] = r.n;
    out.errors[r.b] -= r.errors; // failed and notable: drawn as notable
  }
  return out;
}
