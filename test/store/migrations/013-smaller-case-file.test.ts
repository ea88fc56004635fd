import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseFile } from '../../../src/store/db.js';
import { addRecords, ctEvent } from '../../helpers/case-file.js';
import { compileFilter } from '../../../src/query/compiler.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const times = [
  '2024-04-11T12:00:03Z', // CloudTrail's form: not stored, printed back from time_ms
  '2024-04-11T12:00:03.250Z', // a fraction: kept
  '2024-04-11T14:00:03+02:00', // another offset: kept as the record had it
  'yesterday', // did not parse: kept, flagged
];

function caseWith(path: string) {
  const db = openCaseFile(path, { create: true });
  addRecords(
    db,
    [
      ...times.map((t, i) => ctEvent({ eventID: `t${i}`, eventTime: t, requestID: `req-${i}` })),
      ctEvent({ eventID: 'no-time', eventTime: undefined }),
      ctEvent({ eventID: 'rq1', requestID: '7Z3BKJ5R2K1CKH7C' }),
      ctEvent({ eventID: 'rq2', requestID: '7Z3BKJ5R-other-suffix' }),
      ctEvent({ eventID: 'rq3', requestID: 'short' }),
    ],
    '/evidence/a.json',
  );
  return db;
}

describe('migration 13: a smaller case file', () => {
  it('keeps eventTime text only when it is not what its time prints as; the view gives every one back', () => {
    dir = mkdtempSync(join(tmpdir(), 'mig13-'));
    const db = caseWith(join(dir, 'c.db'));
    const stored = db
      .prepare("SELECT event_id, event_time FROM events WHERE event_id GLOB 't*' ORDER BY event_id")
      .raw()
      .all();
    expect(stored).toEqual([
      ['t0', null],
      ['t1', '2024-04-11T12:00:03.250Z'],
      ['t2', '2024-04-11T14:00:03+02:00'],
      ['t3', 'yesterday'],
    ]);
    const shown = db
      .prepare(
        "SELECT event_id, event_time FROM events_v WHERE event_id GLOB 't*' OR event_id = 'no-time' ORDER BY event_id",
      )
      .raw()
      .all();
    expect(shown).toEqual([['no-time', null], ...times.map((t, i) => [`t${i}`, t])]);
    db.close();
  });

  it('finds a request ID through its 8-character prefix index, exactly', () => {
    dir = mkdtempSync(join(tmpdir(), 'mig13-'));
    const db = caseWith(join(dir, 'c.db'));
    const ids = (filter: string): string[] => {
      const f = compileFilter(filter);
      const sql = `SELECT e.event_id FROM events e WHERE ${f.where} ORDER BY e.event_id`;
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...f.params)
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
      expect(plan).toContain('ev_request8');
      return db
        .prepare(sql)
        .pluck()
        .all(...f.params) as string[];
    };
    expect(ids('requestId:7Z3BKJ5R2K1CKH7C')).toEqual(['rq1']);
    expect(ids('requestId:short')).toEqual(['rq3']);
    expect(ids('requestId:7Z3BKJ5R2K1CKH7C,short,req-2')).toEqual(['rq1', 'rq3', 't2']);
    db.close();
  });

  it('upgrades a case file of schema 12: the old index dropped, the prefix index built, old text kept', () => {
    dir = mkdtempSync(join(tmpdir(), 'mig13-'));
    const p = join(dir, 'old.db');
    const db = caseWith(p);
    // as schema 12 had it: every eventTime as text, the whole request ID indexed
    db.exec(`UPDATE events SET event_time = '2024-04-11T12:00:03Z' WHERE event_id = 't0';
      DROP INDEX ev_request8; CREATE INDEX ev_request ON events(request_id)`);
    db.pragma('user_version = 12');
    db.close();
    const again = openCaseFile(p);
    expect(again.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(13);
    const indexes = again
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name GLOB 'ev_request*'")
      .pluck()
      .all();
    expect(indexes).toEqual(['ev_request8']);
    expect(
      again.prepare("SELECT event_time FROM events_v WHERE event_id = 't0'").pluck().get(),
    ).toBe('2024-04-11T12:00:03Z');
    again.close();
  });
});
