import type { Database } from 'better-sqlite3';
import { countEvents, matchingIds } from '../../store/event-pages.js';
import type { SqlFilter } from '../../store/filter-sql.js';
import { histogram, type Histogram } from '../../store/histogram.js';
import { valueCounts, type CountKey, type ValueCounts } from '../../store/stats.js';
import { listResources, type ResourceCount } from '../../store/resource-values.js';

/**
 * The queries the TUI runs off its input thread (see query-client.ts): each can take as long as
 * the filter makes it (a full scan, a thousand LIKE patterns), so none may run where keys are read.
 */
export const QUERY_OPS = {
  ids: (db: Database, a: { filter: SqlFilter; limit: number }): number[] =>
    matchingIds(db, a.filter, a.limit),
  count: (db: Database, a: { filter: SqlFilter }): number => countEvents(db, a.filter),
  histogram: (db: Database, a: { filter: SqlFilter; buckets: number }): Histogram | null =>
    histogram(db, a.filter, { buckets: a.buckets }),
  valueCounts: (
    db: Database,
    a: { filter: SqlFilter; key: CountKey; limit: number },
  ): ValueCounts => valueCounts(db, a.filter, a.key, a.limit),
  /** Every resource with its event count (seconds on a million events): fuzzy search's list. */
  resources: (db: Database, _a: Record<string, never>): ResourceCount[] => listResources(db),
} as const;

export type QueryOp = keyof typeof QUERY_OPS;
export type QueryArgs<K extends QueryOp> = Parameters<(typeof QUERY_OPS)[K]>[1];
export type QueryResult<K extends QueryOp> = ReturnType<(typeof QUERY_OPS)[K]>;
