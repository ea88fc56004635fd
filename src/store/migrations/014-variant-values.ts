import type { Migration } from './types.js';

/**
 * A differing copy whose fields and values are the stored copy's, only written differently (key
 * order, spacing, number or escape spelling: a re-serialised copy), is marked, so the `differs`
 * caveat names copies that say something else (issue 10's tamper check, without re-serialised
 * copies flooding it). NULL: not compared yet (counted as differing until the comparison after
 * the index run, `case/variants.ts`).
 */
export const migration014: Migration = {
  version: 14,
  name: 'differing copies: same values, other bytes',
  // idempotent: a case file whose version was set back (a test of an older migration) has it
  up: (db) => {
    const cols = db.prepare("SELECT name FROM pragma_table_info('event_variants')").pluck().all();
    if (!cols.includes('same_values'))
      db.exec('ALTER TABLE event_variants ADD COLUMN same_values INTEGER');
  },
};
