import { describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { compileFilter } from '../../src/query/index.js';
import {
  eventResources,
  streamEvents,
  streamRaw,
  streamRecords,
} from '../../src/store/export-stream.js';

describe('export stream', () => {
  const records = Array.from({ length: 25 }, (_, i) =>
    ctEvent({
      eventID: `x-${String(i).padStart(2, '0')}`,
      eventTime: `2024-04-11T10:${String(i).padStart(2, '0')}:00Z`,
      eventName: i % 5 ? 'A' : 'B',
    }),
  );
  const db = caseFileWith(records);

  it('streams every match once, in order, across small batches', () => {
    const ids = [...streamEvents(db, compileFilter(''), { batch: 4 })].map((r) => r.event_id);
    expect(ids).toEqual(records.map((r) => r.eventID));
    const desc = [...streamEvents(db, compileFilter('name:B'), { order: 'desc', batch: 2 })].map(
      (r) => r.event_id,
    );
    expect(desc).toEqual(['x-20', 'x-15', 'x-10', 'x-05', 'x-00']);
  });

  it('honours a limit', () => {
    expect([...streamEvents(db, compileFilter(''), { limit: 7, batch: 3 })]).toHaveLength(7);
  });

  it('returns the original record text', () => {
    const [first] = [...streamRecords(db, compileFilter('id:x-03'))];
    expect(JSON.parse(first.raw)).toEqual(records[3]);
  });

  it('streams original records alone, in the same order as rows', () => {
    for (const order of ['asc', 'desc'] as const) {
      const raws = [...streamRaw(db, compileFilter('-name:B'), { order, batch: 3 })].map(
        (x) => JSON.parse(x.raw).eventID,
      );
      const rows = [...streamEvents(db, compileFilter('-name:B'), { order })].map(
        (r) => r.event_id,
      );
      expect(raws).toEqual(rows);
      expect(raws).toHaveLength(20);
    }
    expect([...streamRaw(db, compileFilter(''), { limit: 5, batch: 2 })]).toHaveLength(5);
  });

  it('lists resources of an event', () => {
    const d = caseFileWith([
      ctEvent({
        eventID: 'r',
        requestParameters: { bucketName: 'b1' },
        eventSource: 's3.amazonaws.com',
      }),
    ]);
    const [row] = [...streamEvents(d, compileFilter(''))];
    expect(eventResources(d, row.id)).toEqual([{ type: 'AWS::S3::Bucket', name: 'b1' }]);
  });
});
