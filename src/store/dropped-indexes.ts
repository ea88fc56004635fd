import type { Database } from 'better-sqlite3';
import { ensureIndexes, getMeta, setMeta } from './db.js';
import { ensureEventIdIndex, eventIdIndex } from './event-id-index.js';
import { dictIndex, ensureDictIndex } from './dict-index.js';
import { withIndexBuilds } from './index-builds.js';
import { liveIndexRun } from './index-run-lock.js';

/**
 * A bulk load drops the secondary indexes and the unique indexes of event IDs and of the
 * dictionary, and builds them at its end. A run killed or failed before then leaves them absent,
 * and every look-up of a value (`field = ? AND value = ?`) or of a key's events then scans a
 * table: bringing the derived tables up to date on such a case file (the credential walk looks
 * up each key) would take hours. The next index run builds them; so does this, before derived
 * tables are refreshed, unless an index run is loading the case file now (its load is faster
 * without them, and it builds them itself). Returns whether anything was built.
 */
export function restoreDroppedIndexes(db: Database): boolean {
  const pending =
    getMeta(db, 'indexes_pending') === '1' ||
    eventIdIndex(db) === 'absent' ||
    dictIndex(db) === 'absent';
  if (!pending || liveIndexRun(db)) return false;
  withIndexBuilds(db, () => buildLoadIndexes(db));
  return true;
}

/** Every index a bulk load drops, built (what is there already is left), and the mark cleared. */
export function buildLoadIndexes(db: Database): void {
  ensureEventIdIndex(db);
  ensureDictIndex(db);
  ensureIndexes(db);
  setMeta(db, 'indexes_pending', '0');
}
