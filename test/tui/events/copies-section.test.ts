import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, type Evidence } from '../../ingest/evidence.js';
import { indexInto, withDb } from '../../ingest/index-helpers.js';
import { EventReader } from '../../../src/store/event-reader.js';
import { differingCopiesSection } from '../../../src/tui/events/copies-section.js';
import { caveatsSection } from '../../../src/tui/events/caveats-section.js';
import type { TuiServices } from '../../../src/tui/shell/app-api.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

describe('the detail section for copies of an eventID that differ', () => {
  it('names each other copy and the fields that differ; none for an event read once', async () => {
    ev = evidenceDir();
    const recs = records(2, 'dup');
    const tampered = {
      ...recs[1],
      eventName: 'DeleteTrail',
      sourceIPAddress: '203.0.113.66\u001b[2J',
    };
    ev.writeGz('a/1.json.gz', JSON.stringify({ Records: recs }));
    ev.writeGz('b/2.json.gz', JSON.stringify({ Records: [tampered] }));
    await indexInto(ev);
    withDb(ev, (db) => {
      const reader = new EventReader(db);
      const services = { db, reader } as unknown as TuiServices;
      const row = reader.rowByEventId('dup-000001')!;
      const shown = reader.rawRecord(row);
      const s = differingCopiesSection(services, row, shown)!;
      expect(s.title).toBe('Other copies that differ');
      expect(s.lines[0]).toMatch(/^1 other copy of this eventID differs from the one shown/);
      expect(s.lines[1]).toBe(`${ev.path('b/2.json.gz')} #0:`);
      expect(s.lines.slice(2)).toEqual([
        `  eventName: ${recs[1].eventName} → DeleteTrail`,
        `  sourceIPAddress: ${recs[1].sourceIPAddress} → 203.0.113.66\\e[2J`,
      ]);
      const once = reader.rowByEventId('dup-000000')!;
      expect(differingCopiesSection(services, once, reader.rawRecord(once))).toBeNull();
      // and the caveats section names it, with what it means
      expect(caveatsSection(services, row, shown)!.lines).toEqual([
        expect.stringMatching(/^differs: another copy of this eventID was read with other bytes/),
      ]);
      expect(caveatsSection(services, once, reader.rawRecord(once))).toBeNull();
    });
  });
});
