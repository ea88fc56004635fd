import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseFile } from '../../../src/store/db.js';
import { eventsViewSql } from '../../../src/store/migrations/events-view.js';
import { EVENT_TIME_SQL } from '../../../src/store/event-row.js';
import { addRecords, ctEvent } from '../../helpers/case-file.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 15: workload hints kept with each event', () => {
  it('upgrades a case file of schema 14: its events keep no hints (NULL: read the record), new ones do', () => {
    dir = mkdtempSync(join(tmpdir(), 'mig15-'));
    const p = join(dir, 'old.db');
    const db = openCaseFile(p, { create: true });
    // a schema-14 case file: no column, the view without it
    db.exec(`DROP VIEW events_v; ${eventsViewSql(`${EVENT_TIME_SQL} AS event_time`)}`);
    db.exec('ALTER TABLE events DROP COLUMN workload_hints_ref');
    db.prepare(
      `INSERT INTO events(event_id, time_ms, raw_chunk, raw_index) VALUES ('old', 0, 0, 0)`,
    ).run();
    db.pragma('user_version = 14');
    db.close();

    const again = openCaseFile(p);
    expect(again.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(15);
    addRecords(
      again,
      [
        ctEvent({ eventID: 'plain' }),
        ctEvent({
          eventID: 'ec2',
          userIdentity: { type: 'AssumedRole', sessionContext: { ec2RoleDelivery: '2.0' } },
        }),
      ],
      '/evidence/a.json',
    );
    const hints = Object.fromEntries(
      again.prepare('SELECT event_id, workload_hints FROM events_v').raw().all() as [
        string,
        string | null,
      ][],
    );
    expect(hints).toEqual({ old: null, plain: '', ec2: '["2.0",null,null]' });
    again.close();
  });
});
