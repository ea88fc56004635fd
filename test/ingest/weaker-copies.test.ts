// A copy of an event that the case file holds only in a weaker form (rebuilt from a cut lookup
// entry, read from damaged data, from an engine's result) gives way to a whole copy read later,
// whatever order the files sort in.
import { afterEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { evidenceDir, records, type Evidence } from './evidence.js';
import { indexInto, withDb } from './index-helpers.js';
import { EventReader } from '../../src/store/event-reader.js';
import { compileFilter } from '../../src/query/index.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const j = (v: unknown): string => JSON.stringify(v);

describe('a weaker stored copy gives way to a whole one', () => {
  it('rebuilt and unverified copies are replaced by the delivered record; their caveats go', async () => {
    ev = evidenceDir();
    const recs = records(3, 'w');
    const entries = recs.map((e) => ({
      EventId: e.eventID,
      EventName: e.eventName,
      EventTime: 1712837696,
      CloudTrailEvent: j(e),
    }));
    entries[0].CloudTrailEvent = entries[0].CloudTrailEvent.slice(0, 40);
    ev.write('0_lookup.json', j({ Events: entries.slice(0, 1) }));
    const bad = gzipSync(j({ Records: [recs[1]] }));
    bad.writeUInt32LE((bad.readUInt32LE(bad.length - 8) ^ 1) >>> 0, bad.length - 8);
    ev.write('0_bad.json.gz', bad);
    ev.write('1_good.json', j({ Records: recs }));
    const s = await indexInto(ev);
    expect(s.events).toMatchObject({ added: 3, total: 3 });
    withDb(ev, (db) => {
      const r = new EventReader(db);
      for (const e of recs) {
        const row = r.rowByEventId(e.eventID as string)!;
        expect(row.flags).toBe(0);
        expect(r.rawRecord(row)).toEqual(e);
        expect(r.provenance(row.id).length).toBe(e === recs[2] ? 1 : 2);
      }
      const c = compileFilter('caveat:*');
      expect(
        db
          .prepare(`SELECT count(*) FROM events e WHERE ${c.where}`)
          .pluck()
          .get(...c.params),
      ).toBe(0);
    });
  });
});
