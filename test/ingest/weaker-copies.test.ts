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
  it('a copy from damaged data with other bytes is kept as a variant when a whole copy replaces it', async () => {
    ev = evidenceDir();
    const [x] = records(1, 'x');
    const altered = { ...x, sourceIPAddress: '203.0.113.66' };
    const bad = gzipSync(j({ Records: [altered] }));
    bad.writeUInt32LE((bad.readUInt32LE(bad.length - 8) ^ 1) >>> 0, bad.length - 8);
    ev.write('0_bad.json.gz', bad);
    ev.write('1_good.json', j({ Records: [x] }));
    await indexInto(ev);
    withDb(ev, (db) => {
      const r = new EventReader(db);
      const row = r.rowByEventId(x.eventID as string)!;
      expect(r.rawRecord(row)).toEqual(x);
      expect(r.differingCopies(row.id).map((c) => JSON.parse(c.text))).toEqual([altered]);
      const ids = (f: string) => {
        const c = compileFilter(f);
        return db
          .prepare(`SELECT event_id FROM events e WHERE ${c.where}`)
          .pluck()
          .all(...c.params);
      };
      expect(ids('caveat:differs')).toEqual([x.eventID]);
      expect(ids('caveat:unverified')).toEqual([]);
    });
  });

  it('a record whose bytes run on into a damaged gzip member is unverified too', async () => {
    ev = evidenceDir();
    const lines = records(3, 'sp').map((r) => j(r) + '\n');
    const text = Buffer.from(lines.join(''));
    // the first member ends inside the second record; the second member fails its check
    const cut = lines[0].length + 20;
    const second = gzipSync(text.subarray(cut));
    second.writeUInt32LE((second.readUInt32LE(second.length - 8) ^ 1) >>> 0, second.length - 8);
    ev.write('span.jsonl.gz', Buffer.concat([gzipSync(text.subarray(0, cut)), second]));
    await indexInto(ev);
    withDb(ev, (db) => {
      const c = compileFilter('caveat:unverified');
      expect(
        db
          .prepare(`SELECT event_id FROM events e WHERE ${c.where} ORDER BY event_id`)
          .pluck()
          .all(...c.params),
      ).toEqual(['sp-000001', 'sp-000002']);
    });
  });

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
