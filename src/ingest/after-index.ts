import type { Database } from 'better-sqlite3';
import { refreshAfterIndex } from '../case/derived.js';

export interface AfterIndexInfo {
  /** Events with rowid > this were added by the run that just finished (0 after --rebuild). */
  lastRowidBefore: number;
  /** True stops between the passes (a Ctrl-C); those not done stay stale. */
  stopRequested?: () => boolean;
}

/**
 * The ingest pipeline calls this once per run, after the bulk load and index build, in the writer:
 * the derived tables (declared in case/derived.ts) that the new events made stale are refreshed.
 * Resolves to the milliseconds each refresh took.
 */
export function afterIndex(db: Database, info: AfterIndexInfo): Promise<Record<string, number>> {
  return refreshAfterIndex(db, info.lastRowidBefore, { stopRequested: info.stopRequested });
}
