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
 * The uniqueness of `events.event_id`. Case files made from 2026-12-05 hold it as a named index
 * (`ev_event_id`), which a bulk load into a case file holding few events drops and builds once at
 * its end,
 * deduplicating through an in-memory table meanwhile (event-id-table.ts); older ones hold it as a
 * column constraint (SQLite's `sqlite_autoindex_events_1`), which cannot be dropped, and load
 * through it as before.
 */
export type EventIdIndex = UniqueIndexState;

const EVENT_ID: UniqueIndex = { table: 'events', name: 'ev_event_id', columns: 'event_id' };

export const eventIdIndex = (db: Database): EventIdIndex => uniqueIndexState(db, EVENT_ID);

/** Build the unique index when it is absent (after a bulk load, or one that was stopped). */
export const ensureEventIdIndex = (db: Database): void => ensureUniqueIndex(db, EVENT_ID);

/**
 * Before a bulk load: the table of stored event IDs to dedupe through, with the unique index
 * dropped, or null to load through the index (built first if a stopped load left it absent). The
 * index goes when the case file holds no more than a quarter of `maxEntries` events, whose IDs are
 * read into the table.
 */
export function beginInMemoryDedupe(
  db: Database,
  maxEntries: number,
  /** The events the load is expected to add: the table is made that large at once. */
  expected = 0,
): EventIdTable | null {
  return beginInMemoryTable(
    db,
    EVENT_ID,
    maxEntries,
    (count) => Math.min(maxEntries, count + expected) * (4 / 3),
    function* () {
      const rows = db
        .prepare('SELECT id, event_id FROM events')
        .raw()
        .iterate() as IterableIterator<[number, string]>;
      for (const [id, eventId] of rows) yield [eventId, id];
    },
  );
}
