import type { Database } from 'better-sqlite3';
import { withIndexBuilds } from './index-builds.js';

/**
 * A uniqueness that a bulk load may drop and build once at its end (event IDs, the dictionary's
 * values): held by a named unique index in new case files, by a column constraint (SQLite's
 * `sqlite_autoindex_<table>_1`, which cannot be dropped) in older ones, or absent while a load runs
 * without it (or after one was stopped).
 */
export type UniqueIndexState = 'constraint' | 'index' | 'absent';

export interface UniqueIndex {
  table: string;
  name: string;
  columns: string;
}

export function uniqueIndexState(db: Database, u: UniqueIndex): UniqueIndexState {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?")
    .pluck()
    .all(u.table) as string[];
  if (names.includes(`sqlite_autoindex_${u.table}_1`)) return 'constraint';
  return names.includes(u.name) ? 'index' : 'absent';
}

/** Build the unique index when it is absent (after a bulk load, or one that was stopped). */
export function ensureUniqueIndex(db: Database, u: UniqueIndex): void {
  if (uniqueIndexState(db, u) !== 'absent') return;
  // sorted in small buffers without helper threads, whatever the connection's settings
  withIndexBuilds(db, () =>
    db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ${u.name} ON ${u.table}(${u.columns})`),
  );
}
