import type { Database } from 'better-sqlite3';
import type { EventIdTable } from './event-id-table.js';
import {
  beginInMemoryTable,
  ensureUniqueIndex,
  uniqueIndexState,
  type UniqueIndex,
  type UniqueIndexState,
} from './unique-index.js';

/**
 * The uniqueness of `dict (field, value)`. Case files made from 2026-12-05 (the second change of
 * that day) hold it as a named index (`dict_value`), which a bulk load into a case file holding few
 * values drops and builds once at its end, deduplicating through an in-memory table meanwhile;
 * older ones hold it as a column constraint (`sqlite_autoindex_dict_1`), which cannot be dropped,
 * and load through it as before.
 *
 * Why: every new value (an access key, an IP, an S3 object name) went into that index at a random
 * place. On the wide corpus at 1M events (800k values) the inserts took 4.0 s through the index
 * against 0.8 s without it and 1.1 s to build it once after, measured alone; inside an index run,
 * beside the parse threads, the difference is larger.
 *
 * The in-memory table is the one event IDs use (event-id-table.ts), keyed by field and value: a
 * 32-bit hash and the value's row id, 8 bytes a slot, every hit confirmed against the stored row,
 * so a collision, or a row rolled back with its savepoint, is never taken for the value.
 */
export type DictIndex = UniqueIndexState;

const DICT_VALUE: UniqueIndex = { table: 'dict', name: 'dict_value', columns: 'field, value' };

/** Values the in-memory table holds before the unique index takes over (~16 MiB of slots). */
export const DICT_IN_MEMORY_MAX = 1_500_000;

export const dictIndex = (db: Database): DictIndex => uniqueIndexState(db, DICT_VALUE);

/** Build the unique index when it is absent (after a bulk load, or one that was stopped). */
export const ensureDictIndex = (db: Database): void => ensureUniqueIndex(db, DICT_VALUE);

/** The in-memory table's key of one value. */
export const dictKey = (field: string, value: string): string => `${field}\u0000${value}`;

/**
 * Before a bulk load: the table of stored values to intern through, with the unique index
 * dropped, or null to intern through the index (built first if a stopped load left it absent).
 * The index goes when the dictionary holds no more than a quarter of `maxEntries` values, which
 * are read into the table.
 */
export function beginDictInMemory(
  db: Database,
  maxEntries = DICT_IN_MEMORY_MAX,
): EventIdTable | null {
  return beginInMemoryTable(
    db,
    DICT_VALUE,
    maxEntries,
    (count) => count * 2,
    function* () {
      const rows = db
        .prepare('SELECT id, field, value FROM dict')
        .raw()
        .iterate() as IterableIterator<[number, string, string]>;
      for (const [id, field, value] of rows) yield [dictKey(field, value), id];
    },
  );
}
