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
  const rows = db
    .prepare(
      `SELECT b, count(*) AS total, sum(nb) AS notable, sum(err AND NOT nb) AS errors FROM (
         SELECT CAST((e.time_ms - ?) / ? AS INTEGER) AS b, e.error_code_ref IS NOT NULL AS err,
           EXISTS (SELECT 1 FROM event_notable n WHERE n.event_rowid = e.id) AS nb
         FROM events e WHERE (${filter.where}) AND e.time_ms >= ? AND e.time_ms < ?)
       GROUP BY b`,
    )
    .all(opts.from, bucketMs, ...filter.params, opts.from, to) as { b: number; total: number; notable: number; errors: number }[];
  for (const r of rows) {
    if (r.b < 0 || r.b >= n) continue;
    out.total[r.b] = r.total;
    out.notable[r.b] = r.notable;
    out.errors[r.b] = r.errors;
  }
  return out;
}
