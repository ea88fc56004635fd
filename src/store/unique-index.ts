import type { Database } from 'better-sqlite3';
import { EventIdTable, MAX_ROWID } from './event-id-table.js';
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

/**
 * Before a bulk load: the in-memory table of the stored keys (`stored`: key and row id) to find
 * duplicates through, with the unique index dropped, or null to load through the index (built
 * first if a stopped load left it absent; an older case file's constraint stays). The index goes
 * when the table holds no more than a quarter of `maxEntries` rows, which are read into it;
 * `slots(count)` sizes it at once.
 */
export function beginInMemoryTable(
  db: Database,
  u: UniqueIndex,
  maxEntries: number,
  slots: (count: number) => number,
  stored: () => Iterable<[key: string, rowid: number]>,
): EventIdTable | null {
  const state = uniqueIndexState(db, u);
  if (state === 'constraint') return null;
  const count = db.prepare(`SELECT count(*) FROM ${u.table}`).pluck().get() as number;
  const top = db.prepare(`SELECT coalesce(max(id), 0) FROM ${u.table}`).pluck().get() as number;
  // row ids stay within the table's 32 bits while it is in use: at most maxEntries and one
  // transaction's rows are added before the index takes over
  if (count > maxEntries / 4 || top + 2 * maxEntries > MAX_ROWID) {
    ensureUniqueIndex(db, u);
    return null;
  }
  if (state === 'index') db.exec(`DROP INDEX ${u.name}`);
  const table = new EventIdTable(maxEntries, Math.max(1 << 16, slots(count)));
  for (const [key, rowid] of stored()) table.add(key, rowid);
  return table;
}
