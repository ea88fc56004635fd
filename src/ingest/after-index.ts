import type { Database } from 'better-sqlite3';
import { refreshTriage } from '../domain/triage.js';
import { refreshCredentials } from '../domain/lineage-refresh.js';
import { ensureQueryIndexes } from '../store/query-indexes.js';
import { evaluateSigma } from '../domain/sigma/apply.js';

export interface AfterIndexInfo {
  /** Events with rowid > this were added by the run that just finished (0 after --rebuild). */
  lastRowidBefore: number;
}

/**
 * Derived tables that must be refreshed when events are added (credential index, notable rules…).
 * The ingest pipeline calls this once per run, after the bulk load and index build, in the writer.
 * Each capability adds its own call here.
 */
export function afterIndex(db: Database, info: AfterIndexInfo): void {
  void db;
  void info;
  refreshTriage(db, info.lastRowidBefore);
  // Sigma packs recorded in the case file run on the new events (and re-publish after a full re-evaluation)
  evaluateSigma(db);
  refreshCredentials(db, info.lastRowidBefore);
  ensureQueryIndexes(db);
}
