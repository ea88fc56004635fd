import type { Migration } from './types.js';
import { EVENT_TIME_SQL } from '../event-row.js';
import { eventsViewSql } from './events-view.js';

/**
 * Each event keeps its `userIdentity`'s workload hints (EC2 instance-profile delivery, Lambda's
 * `inScopeOf`: domain/workload-hints.ts), interned, so the credential refresh after an index run
 * reads no stored record back. Events stored before keep NULL, and their records are read when a
 * walk needs the hints, as before.
 */
export const migration015: Migration = {
  version: 15,
  name: 'workload hints kept with each event',
  up: (db) => {
    const cols = db.prepare("SELECT name FROM pragma_table_info('events')").pluck().all();
    if (!cols.includes('workload_hints_ref'))
      db.exec('ALTER TABLE events ADD COLUMN workload_hints_ref INTEGER');
    db.exec(
      `DROP VIEW IF EXISTS events_v;\n${eventsViewSql(`${EVENT_TIME_SQL} AS event_time`, true)}`,
    );
  },
};
