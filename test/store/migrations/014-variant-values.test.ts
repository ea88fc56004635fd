import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseFile } from '../../../src/store/db.js';
import { addRecords, ctEvent } from '../../helpers/case-file.js';
import { hasUnsettledVariants } from '../../../src/store/variants.js';
import { isFresh } from '../../../src/case/derived.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 14: differing copies compared by value', () => {
  it('upgrades a case file of schema 13: its copies are not compared yet, so they still differ', () => {
    dir = mkdtempSync(join(tmpdir(), 'mig14-'));
    const p = join(dir, 'old.db');
    const db = openCaseFile(p, { create: true });
    addRecords(db, [ctEvent({ eventID: 'x' })], '/evidence/a.json');
    db.exec('ALTER TABLE event_variants DROP COLUMN same_values');
    db.prepare(
      "INSERT INTO event_variants(event_rowid, file_id, record_index, raw_chunk, raw_index) SELECT id, 1, 0, raw_chunk, raw_index FROM events WHERE event_id = 'x'",
    ).run();
    db.pragma('user_version = 13');
    db.close();

    const again = openCaseFile(p);
    expect(again.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(14);
    expect(again.prepare('SELECT same_values FROM event_variants').pluck().get()).toBeNull();
    expect(hasUnsettledVariants(again)).toBe(true);
    expect(isFresh(again, 'variants')).toBe(false);
    again.close();
  });
});
