// When a command that reads would have to write derived tables: asked before it opens the case
// file for writing (open.ts forDerived), so an up-to-date case file is never written by a reader.
import type { Database } from 'better-sqlite3';
import { credentialsNeedRebuild } from '../store/credentials.js';
import { hasTable } from '../store/db.js';
import { hasSigmaTables, maxRowid, storedRules } from '../store/sigma.js';

/** trace and the report need the credential chains: missing, or marked for a rebuild. */
export function credentialsStale(db: Database): boolean {
  return !hasTable(db, 'credentials') || credentialsNeedRebuild(db);
}

/**
 * Recorded Sigma detections that have not run over exactly the events there are (evaluateSigma
 * would scan and write). Correlations are recomputed by every evaluation, so they are current
 * whenever the detections are.
 */
export function sigmaPending(db: Database): boolean {
  if (!hasSigmaTables(db)) return false;
  const top = maxRowid(db);
  return storedRules(db).some(
    (r) => r.status === 'loaded' && r.kind !== 'correlation' && r.done_rowid !== top,
  );
}
