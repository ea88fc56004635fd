import type { Database } from 'better-sqlite3';
import { EventReader } from '../store/event-reader.js';
import { settleVariant, unsettledVariants } from '../store/variants.js';
import { canonicalJson } from '../ingest/normalize.js';

const PAGE = 1000;

/**
 * Each differing copy not yet compared is compared by value with the stored copy: the same
 * fields and values written differently (key order, spacing, spellings) is a re-serialised copy,
 * not a different one. A copy that cannot be read or parsed stays "differs". Few rows: only copies
 * whose bytes differ are in `event_variants`.
 */
export function settleVariants(db: Database): void {
  const reader = new EventReader(db);
  for (let page = unsettledVariants(db, PAGE); page.length; page = unsettledVariants(db, PAGE)) {
    db.transaction(() => {
      for (const v of page) {
        let same = false;
        try {
          const stored = reader.rawText({ raw_chunk: v.stored_chunk, raw_index: v.stored_index });
          const other = reader.rawText({ raw_chunk: v.raw_chunk, raw_index: v.raw_index });
          same = canonicalJson(JSON.parse(stored)) === canonicalJson(JSON.parse(other));
        } catch {
          // unreadable or not JSON: it stays a copy that differs
        }
        settleVariant(db, v, same);
      }
    })();
  }
}
