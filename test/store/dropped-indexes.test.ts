import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { openCaseFile, setMeta } from '../../src/store/db.js';
import { restoreDroppedIndexes } from '../../src/store/dropped-indexes.js';
import { addRecords, ctEvent } from '../helpers/case-file.js';

const indexes = (db: ReturnType<typeof openCaseFile>): string[] =>
  db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];

/** A case file as a bulk load killed before its index builds leaves it. */
function killedLoad() {
  const db = openCaseFile(':memory:', { create: true });
  addRecords(db, [ctEvent(), ctEvent()], '/evidence/a.json');
  const all = indexes(db);
  for (const name of ['ev_event_id', 'dict_value', 'ev_name', 'ev_key', 'dict_nocase'])
    db.exec(`DROP INDEX ${name}`);
  setMeta(db, 'indexes_pending', '1');
  return { db, all };
}

describe('indexes a killed or failed bulk load left dropped', () => {
  it('are built before derived tables are refreshed', () => {
    const { db, all } = killedLoad();
    expect(restoreDroppedIndexes(db)).toBe(true);
    expect(indexes(db)).toEqual(all);
    // and only once
    expect(restoreDroppedIndexes(db)).toBe(false);
  });

  it('are left to an index run that is loading the case file now', () => {
    const { db } = killedLoad();
    // another live process of this host holds the case file (this test's parent)
    setMeta(
      db,
      'index_run',
      JSON.stringify({ pid: process.ppid, host: hostname(), since: new Date().toISOString() }),
    );
    expect(restoreDroppedIndexes(db)).toBe(false);
    expect(indexes(db)).not.toContain('dict_value');
  });
});
