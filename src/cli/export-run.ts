import type { Database } from 'better-sqlite3';
import type { SqlFilter } from '../store/filter-sql.js';
import {
  eventResources,
  hasDifferingCopy,
  streamRaw,
  streamRecords,
} from '../store/export-stream.js';
import { resourcesOfEvent } from '../store/resource-values.js';
import type { RecordWriter } from './output/record-writers.js';
import type { Sink } from './output/sink.js';

export type ExportFormat = 'json' | 'jsonl' | 'csv';

/**
 * Stream every matching event through a writer; returns how many were written. The bench times
 * this (it is the whole of `trailscope export` but the file handling).
 */
export function exportEvents(
  db: Database,
  filter: SqlFilter,
  writer: RecordWriter,
  opts: { order?: 'asc' | 'desc'; sink?: Sink; limit?: number } = {},
): number {
  let n = 0;
  writer.begin();
  const items = writer.needsRow
    ? streamRecords(db, filter, { order: opts.order, limit: opts.limit })
    : streamRaw(db, filter, { order: opts.order, limit: opts.limit });
  for (const item of items) {
    if (opts.sink?.closed) break;
    const id = 'row' in item ? item.row.id : item.id;
    writer.write({
      ...item,
      resources: () => eventResources(db, id),
      resourceValues: () => resourcesOfEvent(db, id),
      differs: () => hasDifferingCopy(db, id),
    });
    n++;
  }
  writer.end();
  return n;
}
