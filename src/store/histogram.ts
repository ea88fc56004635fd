import type { Database } from 'better-sqlite3';
import type { SqlFilter } from './filter-sql.js';

/**
 * Event counts per time bucket for a filter: the TUI header's sparkline and the triage timeline.
 * Events whose time did not parse (time_ms 0) are left out.
 */
export interface TimeSpan {
  from: number;
  to: number;
}

export interface Histogram {
  /** Start of bucket 0 (UTC ms). */
  from: number;
  /** End of the covered range (the last event's time when the filter's own span was used). */
  to: number;
  bucketMs: number;
  counts: number[];
}

/**
 * First and last event time for a filter (null when none): two ordered LIMIT 1 reads, which the
 * (field, time) indexes answer without a scan (min() and max() together would scan).
 */
export function timeSpan(db: Database, filter: SqlFilter): TimeSpan | null {
  const edge = (dir: 'ASC' | 'DESC') =>
    db
      .prepare(
        `SELECT e.time_ms FROM events e WHERE (${filter.where}) AND e.time_ms > 0 ORDER BY e.time_ms ${dir} LIMIT 1`,
      )
      .pluck()
      .get(...filter.params) as number | undefined;
  const from = edge('ASC');
  const to = edge('DESC');
  return from === undefined || to === undefined ? null : { from, to };
}

/**
 * `buckets` equal buckets covering [from, to] (default: the filter's own span). One range count per
 * bucket: with a (field, time) index each is an index range, so the whole histogram reads each
 * matching index entry once and never sorts (a GROUP BY over a time expression sorts every row).
 */
export function histogram(
  db: Database,
  filter: SqlFilter,
  opts: { buckets: number; from?: number; to?: number },
): Histogram | null {
  const b = HistogramBuilder.start(db, filter, opts);
  if (!b) return null;
  while (!b.step(Number.MAX_SAFE_INTEGER));
  return b.result();
}

/**
 * The same histogram a few buckets at a time, so a UI can count between key presses: a filter
 * that no index serves (bare words) costs a full scan however it is split, but not all at once.
 */
export class HistogramBuilder {
  private next = 0;
  private readonly counts: number[];
  private readonly stmt;

  private constructor(
    private readonly filter: SqlFilter,
    db: Database,
    private readonly from: number,
    private readonly to: number,
    private readonly bucketMs: number,
    buckets: number,
  ) {
    this.counts = new Array<number>(buckets).fill(0);
    this.stmt = db
      .prepare(
        `SELECT count(*) FROM events e WHERE (${filter.where}) AND e.time_ms >= ? AND e.time_ms < ?`,
      )
      .pluck();
  }

  /** null when the filter matches no timed event. */
  static start(
    db: Database,
    filter: SqlFilter,
    opts: { buckets: number; from?: number; to?: number },
  ): HistogramBuilder | null {
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
    return new HistogramBuilder(filter, db, from, to, bucketMs, buckets);
  }

  /** Count up to `n` more buckets; true when all are counted. */
  step(n: number): boolean {
    const end = Math.min(this.counts.length, this.next + n);
    for (; this.next < end; this.next++) {
      const lo = this.from + this.next * this.bucketMs;
      // the last bucket ends at `to` inclusive
      const hi =
        this.next === this.counts.length - 1 ? Math.max(this.to + 1, lo + 1) : lo + this.bucketMs;
      this.counts[this.next] = this.stmt.get(...this.filter.params, lo, hi) as number;
    }
    return this.next >= this.counts.length;
  }

  result(): Histogram {
    return { from: this.from, to: this.to, bucketMs: this.bucketMs, counts: [...this.counts] };
  }
}
