import { describe, expect, it } from 'vitest';
import { caseFileWith, addRecords, ctEvent } from '../helpers/case-file.js';
import { EventReader } from '../../src/store/event-reader.js';
import type { EventRow } from '../../src/store/event-row.js';

describe('event writer', () => {
  it('stores one row per eventID with provenance for every copy, and the original record', () => {
    const a = ctEvent({
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      responseElements: {
        credentials: { accessKeyId: 'ASIAEXAMPLE00000001', expiration: 'Apr 11, 2024, 1:34:56 PM' },
      },
    });
    const b = ctEvent();
    const db = caseFileWith([a, b], '/evidence/one.json');
    addRecords(db, [b], '/evidence/two.json');
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM provenance').pluck().get()).toBe(3);
    const reader = new EventReader(db);
    const row = db
      .prepare('SELECT * FROM events_v WHERE event_name = ?')
      .get('AssumeRole') as EventRow;
    expect(row.issued_key).toBe('ASIAEXAMPLE00000001');
    expect(row.issued_expiration_ms).toBe(Date.parse('2024-04-11T13:34:56Z'));
    expect(row.arn).toBe('arn:aws:iam::111122223333:user/alice');
    expect(reader.rawRecord(row)).toEqual(a);
    const dup = reader.rowByEventId(b.eventID as string)!;
    expect(reader.provenance(dup.id).map((p) => p.path)).toEqual([
      '/evidence/one.json',
      '/evidence/two.json',
    ]);
  });
});
