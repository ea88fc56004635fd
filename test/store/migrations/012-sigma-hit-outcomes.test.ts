import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseFile } from '../../../src/store/db.js';
import { addRecords } from '../../helpers/case-file.js';
import { ctEvent } from '../../helpers/case-file.js';
import { ruleNumber } from '../../../src/store/sigma.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 12: Sigma hits carry their event time and outcome', () => {
  it("fills both from the hit's event in a case file written before", () => {
    dir = mkdtempSync(join(tmpdir(), 'mig12-'));
    const p = join(dir, 'old.db');
    const db = openCaseFile(p, { create: true });
    addRecords(
      db,
      [
        ctEvent({ eventID: 'ok', eventTime: '2024-04-11T12:00:00Z' }),
        ctEvent({
          eventID: 'denied',
          eventTime: '2024-04-11T12:01:00Z',
          errorCode: 'AccessDenied',
        }),
      ],
      '/evidence/a.json',
    );
    const no = ruleNumber(db, 'sigma:r');
    // the table as schema 11 had it
    db.exec('ALTER TABLE sigma_hits DROP COLUMN time_ms; ALTER TABLE sigma_hits DROP COLUMN ok');
    db.prepare('INSERT INTO sigma_hits(rule_no, event_rowid) SELECT ?, id FROM events').run(no);
    db.pragma('user_version = 11');
    db.close();

    const again = openCaseFile(p);
    expect(again.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(12);
    expect(
      again
        .prepare(
          'SELECT e.event_id, h.time_ms, h.ok FROM sigma_hits h JOIN events e ON e.id = h.event_rowid ORDER BY h.time_ms',
        )
        .raw()
        .all(),
    ).toEqual([
      ['ok', Date.UTC(2024, 3, 11, 12, 0), 1],
      ['denied', Date.UTC(2024, 3, 11, 12, 1), 0],
    ]);
    again.close();
  });
});
