import type { Database } from 'better-sqlite3';
import { evaluateNotable } from './notable/evaluate.js';
import { getInsights } from './insights/compute.js';

/**
 * Triage work at the end of an index run: notable rules on the new events (incremental), then the
 * Insights cache, so opening either view reads precomputed rows. Insights is a cache: if computing
 * it fails, the index run still succeeds and the view computes it when opened.
 */
export function refreshTriage(db: Database, sinceRowid: number): void {
  evaluateNotable(db, { sinceRowid });
  try {
    getInsights(db);
  } catch {
    // left stale on purpose: `insights` and the TUI recompute a stale cache
  }
}
