import { afterEach, describe, expect, it } from 'vitest';
import { ctEvent, evidenceDir, records, type Evidence } from '../../ingest/evidence.js';
import { indexInto, withDb } from '../../ingest/index-helpers.js';
import { EventReader } from '../../../src/store/event-reader.js';
import { caveatsSection } from '../../../src/tui/events/caveats-section.js';
import { compileFilter } from '../../../src/query/index.js';
import type { TuiServices } from '../../../src/tui/shell/app-api.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

describe('the detail section for what limits a record as evidence', () => {
  it('names each caveat with what it means, and the filter finds the same events', async () => {
    ev = evidenceDir();
    const entries = records(3, 'lk').map((e) => ({
      EventId: e.eventID,
      EventName: e.eventName,
      EventTime: 1712837696,
      Username: 'alice',
      CloudTrailEvent: JSON.stringify(e),
    }));
    entries[1].CloudTrailEvent = entries[1].CloudTrailEvent.slice(0, 50);
    // an entry without its CloudTrailEvent: rebuilt from the summary too
    delete (entries[2] as { CloudTrailEvent?: string }).CloudTrailEvent;
    ev.write('lookup.json', JSON.stringify({ Events: entries }, null, 2));
    const { eventID: _, ...noId } = ctEvent({ eventTime: 'yesterday at noon' });
    ev.write('odd.json', JSON.stringify({ Records: [noId] }));
    await indexInto(ev);
    withDb(ev, (db) => {
      const reader = new EventReader(db);
      const services = { db, reader } as unknown as TuiServices;
      const rebuilt = reader.rowByEventId('lk-000001')!;
      const s = caveatsSection(services, rebuilt, reader.rawRecord(rebuilt))!;
      expect(s.title).toMatch(/^Caveats/);
      expect(s.lines).toEqual([
        expect.stringMatching(/^rebuilt: from summary fields only: a lookup-events entry whose/),
      ]);
      const whole = reader.rowByEventId('lk-000000')!;
      expect(caveatsSection(services, whole, reader.rawRecord(whole))).toBeNull();
      const ids = (filter: string): string[] => {
        const c = compileFilter(filter);
        return db
          .prepare(`SELECT event_id FROM events e WHERE ${c.where} ORDER BY event_id`)
          .pluck()
          .all(...c.params) as string[];
      };
      expect(ids('caveat:rebuilt')).toEqual(['lk-000001', 'lk-000002']);
      const [odd] = ids('caveat:derivedId');
      expect(odd).toMatch(/^derived-/);
      expect(ids('caveat:badTime')).toEqual([odd]);
      const oddRow = reader.rowByEventId(odd)!;
      expect(caveatsSection(services, oddRow, null)!.lines.map((l) => l.split(':')[0])).toEqual([
        'derivedId',
        'badTime',
      ]);
      expect(ids('caveat:*')).toEqual([odd, 'lk-000001', 'lk-000002'].sort());
    });
  });
});
