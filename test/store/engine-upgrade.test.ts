import { describe, expect, it } from 'vitest';
import { caseFileWith, addRecords, ctEvent } from '../helpers/case-file.js';
import { compileFilter } from '../../src/query/index.js';
import { EventReader } from '../../src/store/event-reader.js';

/**
 * The pull-back round trip: an event first indexed from an engine's result (fields missing,
 * marked trailscopeImport) is replaced by the same event read later from the delivered log file,
 * in place (same row, so notes and marks stay), while the file read first keeps its provenance.
 */
describe('an engine-result copy gives way to the delivered record', () => {
  it('replaces the columns, resources and original record; a second engine copy changes nothing', () => {
    const partial = ctEvent({
      eventID: 'up-1',
      eventName: 'GetObject',
      sourceIPAddress: null,
      trailscopeImport: { engine: 'athena', fieldsMissingFromEngineResult: ['sourceIPAddress'] },
    });
    const db = caseFileWith([partial], '/results/athena.csv');
    const before = db.prepare("SELECT id, flags FROM events WHERE event_id = 'up-1'").get() as {
      id: number;
      flags: number;
    };
    expect(before.flags & 4).toBe(4);
    const full = ctEvent({
      eventID: 'up-1',
      eventName: 'GetObject',
      sourceIPAddress: '203.0.113.7',
      resources: [{ ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }],
    });
    addRecords(db, [full], '/evidence/AWSLogs/x.json');
    const after = db.prepare("SELECT id, flags FROM events WHERE event_id = 'up-1'").get() as {
      id: number;
      flags: number;
    };
    expect(after.id).toBe(before.id);
    expect(after.flags & 4).toBe(0);
    const f = compileFilter('ip:203.0.113.7 resource:b');
    expect(
      db
        .prepare(`SELECT count(*) FROM events e WHERE ${f.where}`)
        .pluck()
        .get(...f.params),
    ).toBe(1);
    const row = db.prepare("SELECT * FROM events_v WHERE event_id = 'up-1'").get() as Parameters<
      EventReader['rawText']
    >[0];
    expect(new EventReader(db).rawText(row)).not.toContain('trailscopeImport');
    expect(
      db.prepare('SELECT count(*) FROM provenance WHERE event_rowid = ?').pluck().get(before.id),
    ).toBe(2);
    // another engine copy later does not replace the full record
    addRecords(db, [partial], '/results/again.csv');
    expect(
      (db.prepare("SELECT flags FROM events WHERE event_id = 'up-1'").pluck().get() as number) & 4,
    ).toBe(0);
  });
});
