import type { Database } from 'better-sqlite3';
import { MATCH_ALL, type SqlFilter } from './filter-sql.js';
import { INTERNED_FIELDS, type InternedField } from './event-row.js';
import { cachedStatement } from './statement-cache.js';
import { IP_FORM_SQL, SERVICE_CALLER_SQL } from '../query/compiler.js';
import type { FieldDef } from '../query/fields.js';
import { RESOURCE_KEY_SQL, RESOURCE_ROWS_SQL } from '../query/resource-sql.js';
import { CAVEAT_FLAGS, CAVEATS } from '../domain/caveats.js';
import { EVENT_DIFFERS_SQL } from './variants.js';

/**
 * Aggregates for a filter: totals, value counts per field (top values, facets), and counts per time
 * bucket. Each is one grouped query; memory is the size of the answer, never the event count.
 */

export interface Totals {
  events: number;
  errors: number;
  /** First / last parsed event time; null when no matching event has a time. */
  firstMs: number | null;
  lastMs: number | null;
  /** Matching events whose eventTime did not parse. */
  untimed: number;
}

/**
 * Separate small queries rather than one aggregate: each can be answered from an index (count from
 * the filter's index, errors from ev_error, first/last from ev_time) instead of a table scan.
 */
export function totals(db: Database, filter: SqlFilter): Totals {
  const w = filter.where;
  const p = filter.params;
  const events = cachedStatement(db, `SELECT count(*) FROM events e WHERE ${w}`)
    .pluck()
    .get(...p) as number;
  if (events === 0) return { events: 0, errors: 0, firstMs: null, lastMs: null, untimed: 0 };
  const errors = cachedStatement(
    db,
    `SELECT count(*) FROM events e WHERE (${w}) AND e.error_code_ref IS NOT NULL`,
  )
    .pluck()
    .get(...p) as number;
  // time_ms is 0 exactly when eventTime did not parse
  const firstMs = cachedStatement(
    db,
    `SELECT min(e.time_ms) FROM events e WHERE (${w}) AND e.time_ms > 0`,
  )
    .pluck()
    .get(...p) as number | null;
  const lastMs = cachedStatement(
    db,
    `SELECT max(e.time_ms) FROM events e WHERE (${w}) AND e.time_ms > 0`,
  )
    .pluck()
    .get(...p) as number | null;
  const untimed = cachedStatement(
    db,
    `SELECT count(*) FROM events e WHERE (${w}) AND e.time_ms <= 0`,
  )
    .pluck()
    .get(...p) as number;
  return { events, errors, firstMs, lastMs, untimed };
}

/**
 * What a value count groups by: an interned column, a plain column, resources, or a value derived
 * from the caller. Derived from the field declarations (`countKeyForField`), so a facet counts
 * exactly what the field's filter selects.
 */
export type CountKey =
  /** `form`: how values are compared, so spellings a filter treats as one are counted as one. */
  | { kind: 'dict'; field: InternedField; form?: 'nocase' | 'ip' }
  | {
      kind: 'column';
      column:
        | 'read_only'
        | 'mfa'
        | 'console_session'
        | 'event_id'
        | 'request_id'
        | 'shared_event_id'
        | 'issued_key';
    }
  /** Multi-valued: an event counts once under each of its values. */
  | { kind: 'resource'; part: 'name' | 'type' }
  /** The caller: ARN, else the invoking service, else the principal ID (one label per identity). */
  | { kind: 'identity' }
  /** The role session name in the caller ARN. */
  | { kind: 'session' }
  /** Made by an AWS service: 1 or 0. */
  | { kind: 'serviceCaller' }
  /** Multi-valued: an event counts once under each caveat it has (domain/caveats.ts), or none. */
  | { kind: 'caveat' };

export interface ValueCount {
  /** The value as stored (one spelling of it); null for "no value" (the field is missing on those events). */
  value: string | number | null;
  count: number;
}

export interface ValueCounts {
  values: ValueCount[];
  /** Number of distinct values (including "missing"), so a UI can say "top 10 of 532". */
  distinct: number;
}

/** How a filter field's values are counted; null when they cannot be (time, has). */
export function countKeyForField(f: FieldDef): CountKey | null {
  const t = f.target;
  switch (t.type) {
    case 'dict':
      return { kind: 'dict', field: t.dictField, form: 'nocase' };
    case 'ip':
      return { kind: 'dict', field: 'source_ip', form: 'ip' };
    case 'session':
      return { kind: 'session' };
    case 'identity':
      return { kind: 'identity' };
    case 'serviceCaller':
      return { kind: 'serviceCaller' };
    case 'column':
    case 'bool':
      return { kind: 'column', column: t.column };
    case 'resource':
      return { kind: 'resource', part: t.part };
    case 'caseData':
      return t.data === 'caveat' ? { kind: 'caveat' } : null;
    default:
      return null;
  }
}

/**
 * The identity label: the caller ARN, else the invoking service, else the principal ID. Grouping by
 * `arn_ref` first lets the unfiltered case read the ev_arn index; only ARN-less rows (services)
 * need the row itself.
 */
const IDENTITY_REF = 'COALESCE(e.arn_ref, e.invoked_by_ref, e.principal_id_ref)';

/**
 * Unfiltered, GROUP BY a column reads its (column, time) index in order: no table, no sort. With a
 * filter, that same plan would visit every row of the index and look each one up to test the
 * filter; `+col` stops SQLite from choosing it, so the filter's own index finds the rows first.
 */
function groupCol(col: string, where: string): string {
  return where.trim() === '1' ? col : `+${col}`;
}

/**
 * SQL giving one row per distinct value in its matching form: (nk, label, n). Counting first by
 * reference (from the column's index), then merging the few references whose values a filter
 * treats as one (`Admin`/`admin`, `035.1.2.3`/`35.1.2.3`), keeps the unfiltered case index-only.
 */
function groupSql(key: CountKey, where: string): { sql: string; paramCopies: number } {
  const merge = (inner: string, form: string, label = 'd.value'): string =>
    `WITH g AS (${inner}) SELECT ${form} AS nk, min(${label}) AS label, sum(g.n) AS n FROM g LEFT JOIN dict d ON d.id = g.k GROUP BY nk`;
  switch (key.kind) {
    case 'dict': {
      if (!(INTERNED_FIELDS as readonly string[]).includes(key.field))
        throw new Error(`not an interned field: ${key.field}`);
      const col = `e.${key.field}_ref`;
      // Unfiltered, the events without a value are the total less those with one: both counts
      // are index-only, also for a column indexed only where it holds a value (001's partial
      // indexes), which a GROUP BY over the NULLs would answer by reading the whole table.
      const inner =
        where.trim() === '1'
          ? `SELECT ${col} AS k, count(*) AS n FROM events e WHERE ${col} IS NOT NULL GROUP BY k
             UNION ALL
             SELECT NULL, n FROM (SELECT (SELECT count(*) FROM events) - (SELECT count(*) FROM events e WHERE ${col} IS NOT NULL) AS n) WHERE n > 0`
          : `SELECT +${col} AS k, count(*) AS n FROM events e WHERE ${where} GROUP BY k`;
      return {
        sql: merge(
          inner,
          key.form === 'ip'
            ? IP_FORM_SQL('d.value')
            : key.form === 'nocase'
              ? 'lower(d.value)'
              : 'd.value',
        ),
        paramCopies: 1,
      };
    }
    case 'session': {
      const inner = `SELECT ${groupCol('e.arn_ref', where)} AS k, count(*) AS n FROM events e WHERE ${where} GROUP BY k`;
      return {
        sql: merge(inner, 'lower(ts_session(d.value))', 'ts_session(d.value)'),
        paramCopies: 1,
      };
    }
    case 'identity':
      return {
        sql: merge(
          `SELECT ${groupCol('e.arn_ref', where)} AS k, count(*) AS n FROM events e WHERE (${where}) AND e.arn_ref IS NOT NULL GROUP BY k
           UNION ALL
           SELECT ${IDENTITY_REF} AS k, count(*) AS n FROM events e WHERE (${where}) AND e.arn_ref IS NULL GROUP BY k`,
          'lower(d.value)',
        ),
        paramCopies: 2,
      };
    case 'serviceCaller':
      return {
        sql: `SELECT CASE WHEN ${SERVICE_CALLER_SQL} THEN 'true' ELSE 'false' END AS nk, min(CASE WHEN ${SERVICE_CALLER_SQL} THEN 'true' ELSE 'false' END) AS label, count(*) AS n FROM events e WHERE ${where} GROUP BY nk`,
        paramCopies: 1,
      };
    case 'column':
      return {
        sql: `SELECT ${groupCol(`e.${key.column}`, where)} AS nk, e.${key.column} AS label, count(*) AS n FROM events e WHERE ${where} GROUP BY nk`,
        paramCopies: 1,
      };
    case 'caveat': {
      // one pass over the filtered events, a sum per caveat; "none" for events without any
      const differs = EVENT_DIFFERS_SQL;
      const has = (c: (typeof CAVEATS)[number]): string =>
        c.flag === undefined ? differs : `(e.flags & ${c.flag}) != 0`;
      const sums = CAVEATS.map((c, i) => `sum(${has(c)}) AS c${i}`).join(', ');
      const rows = CAVEATS.map(
        (c, i) => `SELECT '${c.name}' AS nk, '${c.name}' AS label, c${i} AS n FROM s`,
      );
      return {
        sql: `WITH s AS MATERIALIZED (SELECT ${sums}, sum(NOT ((e.flags & ${CAVEAT_FLAGS}) != 0 OR ${differs})) AS none
                FROM events e WHERE ${where})
              ${rows.join(' UNION ALL ')} UNION ALL SELECT NULL, NULL, none FROM s`,
        paramCopies: 1,
      };
    }
    case 'resource': {
      const none = `SELECT NULL, NULL, count(*) FROM events e
              WHERE (${where}) AND NOT EXISTS (SELECT 1 FROM event_resources r WHERE r.event_rowid = e.id${key.part === 'name' ? '' : ' AND r.type_ref IS NOT NULL'})`;
      // names count by their normal form (query/resource-form.ts): an ARN and its name are one resource
      if (key.part === 'name')
        return {
          sql: `SELECT lower(k) AS nk, min(k) AS label, count(DISTINCT ev) AS n
              FROM (SELECT r.event_rowid AS ev, ${RESOURCE_KEY_SQL} AS k FROM ${RESOURCE_ROWS_SQL} JOIN events e ON e.id = r.event_rowid WHERE (${where}))
              WHERE k IS NOT NULL GROUP BY nk
              UNION ALL
              ${none}`,
          paramCopies: 2,
        };
      return {
        sql: `SELECT lower(d.value) AS nk, min(d.value) AS label, count(DISTINCT r.event_rowid) AS n
              FROM event_resources r JOIN events e ON e.id = r.event_rowid JOIN dict d ON d.id = r.type_ref
              WHERE (${where}) GROUP BY nk
              UNION ALL
              ${none}`,
        paramCopies: 2,
      };
    }
  }
}

const paramsFor = (params: readonly unknown[], copies: number): unknown[] =>
  Array.from({ length: copies }, () => params).flat();

/**
 * Value counts for one key under a filter, most frequent first (ties by value).
 *
 * `opts.complement` (the filter's exact complement, see query/negate.ts) switches to counting
 * "everything minus the complement": for a filter that keeps most events (`-error:*`), grouping
 * all of them sorts a million rows per field, while the complement is small and the unfiltered
 * counts come straight from the column's index.
 */
export function valueCounts(
  db: Database,
  filter: SqlFilter,
  key: CountKey,
  limit = 10,
  opts: { complement?: SqlFilter } = {},
): ValueCounts {
  if (opts.complement) return valueCountsByComplement(db, opts.complement, key, limit);
  const { sql, paramCopies } = groupSql(key, filter.where);
  const lim = Math.max(0, Math.floor(limit));
  const rows = cachedStatement(
    db,
    `WITH v AS (SELECT * FROM (${sql}) WHERE n > 0) SELECT label AS value, n AS count, (SELECT count(*) FROM v) AS distinct_n
     FROM v ORDER BY n DESC, label LIMIT ?`,
  ).all(...paramsFor(filter.params, paramCopies), lim) as {
    value: string | number | null;
    count: number;
    distinct_n: number;
  }[];
  const distinct = rows.length ? rows[0].distinct_n : 0;
  return { values: rows.map((r) => ({ value: r.value, count: r.count })), distinct };
}

/** Every value's count under a filter, by matching form (no limit: bounded by distinct values, not events). */
function allCounts(
  db: Database,
  filter: SqlFilter,
  key: CountKey,
): Map<string | number | null, ValueCount> {
  const { sql, paramCopies } = groupSql(key, filter.where);
  const rows = cachedStatement(db, sql)
    .raw()
    .all(...paramsFor(filter.params, paramCopies)) as [
    string | number | null,
    string | number | null,
    number,
  ][];
  const out = new Map<string | number | null, ValueCount>();
  for (const [nk, label, n] of rows) {
    const had = out.get(nk);
    if (had) had.count += n;
    else if (n > 0) out.set(nk, { value: label, count: n });
  }
  return out;
}

function valueCountsByComplement(
  db: Database,
  complement: SqlFilter,
  key: CountKey,
  limit: number,
): ValueCounts {
  const all = allCounts(db, MATCH_ALL, key);
  for (const [k, c] of allCounts(db, complement, key)) {
    const had = all.get(k);
    if (!had) continue;
    had.count -= c.count;
    if (had.count <= 0) all.delete(k);
  }
  const byValue = (x: string | number | null, y: string | number | null): number => {
    if (x === y) return 0;
    if (x === null) return -1; // SQLite sorts NULL first
    if (y === null) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  };
  const ranked = [...all.values()].sort((a, b) => b.count - a.count || byValue(a.value, b.value));
  return { values: ranked.slice(0, Math.max(0, Math.floor(limit))), distinct: all.size };
}

export interface HistogramBucket {
  /** Bucket start (UTC ms, aligned to the interval from the epoch). */
  startMs: number;
  events: number;
  errors: number;
}

/** The most buckets one histogram may have: more is a mistake (1s buckets over a month). */
export const MAX_BUCKETS = 100_000;

export class TooManyBucketsError extends Error {
  constructor(readonly buckets: number) {
    super(`${buckets} buckets`);
    this.name = 'TooManyBucketsError';
  }
}

/** Up to this many buckets, the unfiltered histogram counts index ranges instead of grouping rows. */
const RANGE_COUNT_MAX_BUCKETS = 5000;

/**
 * Unfiltered: each bucket's count is a range count on ev_time (no sort of a million rows), and
 * errors, a small share, are grouped on their own.
 */
function unfilteredBuckets(
  db: Database,
  step: number,
  first: number,
  n: number,
): { b: number; n: number; errs: number }[] {
  const count = cachedStatement(
    db,
    'SELECT count(*) FROM events e WHERE e.time_ms >= ? AND e.time_ms < ?',
  ).pluck();
  const errs = new Map<number, number>();
  const errRows = cachedStatement(
    db,
    'SELECT CAST(e.time_ms / ? AS INTEGER) AS b, count(*) AS n FROM events e WHERE e.error_code_ref IS NOT NULL AND e.time_ms > 0 GROUP BY b',
  ).all(step) as { b: number; n: number }[];
  for (const r of errRows) errs.set(Math.floor(r.b), r.n);
  const out: { b: number; n: number; errs: number }[] = [];
  for (let i = 0; i < n; i++) {
    const b = first + i;
    out.push({
      b,
      n: count.get(Math.max(1, b * step), (b + 1) * step) as number,
      errs: errs.get(b) ?? 0,
    });
  }
  return out;
}

/**
 * Event and error counts per `intervalMs` bucket, every bucket from the first to the last event
 * (empty ones included, so the series can be drawn as is). Untimed events are left out.
 */
export function histogramBuckets(
  db: Database,
  filter: SqlFilter,
  intervalMs: number,
): HistogramBucket[] {
  const step = Math.max(1, Math.floor(intervalMs));
  const span = cachedStatement(
    db,
    `SELECT min(e.time_ms) AS lo, max(e.time_ms) AS hi FROM events e WHERE (${filter.where}) AND e.time_ms > 0`,
  ).get(...filter.params) as { lo: number | null; hi: number | null };
  if (span.lo === null || span.hi === null) return [];
  const first = Math.floor(span.lo / step);
  const last = Math.floor(span.hi / step);
  const n = last - first + 1;
  if (n > MAX_BUCKETS) throw new TooManyBucketsError(n);
  const rows =
    filter.where.trim() === '1' && n <= RANGE_COUNT_MAX_BUCKETS
      ? unfilteredBuckets(db, step, first, n)
      : (cachedStatement(
          db,
          `SELECT CAST(e.time_ms / ? AS INTEGER) AS b, count(*) AS n, count(e.error_code_ref) AS errs
         FROM events e WHERE (${filter.where}) AND e.time_ms > 0 GROUP BY b`,
        ).all(step, ...filter.params) as { b: number; n: number; errs: number }[]);
  const out: HistogramBucket[] = Array.from({ length: n }, (_, i) => ({
    startMs: (first + i) * step,
    events: 0,
    errors: 0,
  }));
  for (const r of rows) {
    const i = Math.floor(r.b) - first;
    if (i >= 0 && i < n) {
      out[i].events = r.n;
      out[i].errors = r.errs;
    }
  }
  return out;
}
