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

export function stackedHistogram(db: Database, filter: SqlFilter, opts: { from: number; bucketMs: number; buckets: number }): StackedHistogram {
  const n = Math.max(1, Math.floor(opts.buckets));
  const bucketMs = Math.max(1, Math.floor(opts.bucketMs));
  const to = opts.from + n * bucketMs;
  const out: StackedHistogram = { from: opts.from, bucketMs, total: new Array(n).fill(0), notable: new Array(n).fill(0), errors: new Array(n).fill(0) };
  // Totals and errors in one grouped scan; the notable split from the (small) match table, so no
  // per-event lookup into it.
  const rows = db
    .prepare(
      `SELECT CAST((e.time_ms - ?) / ? AS INTEGER) AS b, count(*) AS total, count(e.error_code_ref) AS errors
       FROM events e WHERE (${filter.where}) AND e.time_ms >= ? AND e.time_ms < ? GROUP BY b`,
    )
    .all(opts.from, bucketMs, ...filter.params, opts.from, to) as { b: number; total: number; errors: number }[];
  const notable = db
    .prepare(
      `SELECT CAST((e.time_ms - ?) / ? AS INTEGER) AS b, count(*) AS notable, count(e.error_code_ref) AS errors
       FROM events e WHERE e.id IN (SELECT event_rowid FROM event_notable) AND (${filter.where}) AND e.time_ms >= ? AND e.time_ms < ?
       GROUP BY b`,
    )
    .all(opts.from, bucketMs, ...filter.params, opts.from, to) as { b: number; notable: number; errors: number }[];
  for (const r of rows) {
    if (r.b < 0 || r.b >= n) continue;
    out.total[r.b] = r.total;
    out.errors[r.b] = r.errors;
  }
  for (const r of notable) {
    if (r.b < 0 || r.b >= n) continue;
    out.notable[r.b] = r.notable;
    out.errors[r.b] -= r.errors; // failed and notable: drawn as notable
  }
  return out;
}
