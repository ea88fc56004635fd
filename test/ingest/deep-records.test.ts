// A record nested thousands of levels deep is evidence like any other: it is kept whole (its
// original text stored, its fields indexed), the records beside it are kept, and the file notes it.
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, ctEvent, type Evidence } from './evidence.js';
import { count, fileRow, indexInto, withDb } from './index-helpers.js';
import { canonicalJson, deriveEventId, normalizeRecord } from '../../src/ingest/normalize.js';
import { EventReader } from '../../src/store/event-reader.js';
import { deeperThan, MAX_JSON_DEPTH, stringifyJson, writeJson } from '../../src/util/deep-json.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

/** `{"a":{"a":…{"a":"bottom"}…}}` as text, `levels` objects deep. */
export function deepText(levels: number): string {
  return '{"a":'.repeat(levels) + '"bottom"' + '}'.repeat(levels);
}

/** A CloudTrail record with requestParameters nested `levels` deep, as compact JSON text. */
function deepRecordText(id: string, levels: number): string {
  const base = JSON.stringify(
    ctEvent({
      eventID: id,
      eventName: 'PutBucketPolicy',
      eventSource: 's3.amazonaws.com',
      requestParameters: 'HOLE',
    }),
  );
  return base.replace('"HOLE"', deepText(levels));
}

const LEVELS = [5_000, 20_000];

describe('deeply nested records', () => {
  it.each(LEVELS)(
    '%i levels in a small {"Records":[…]} file (one JSON.parse): every record kept, the deep one noted',
    async (levels) => {
      ev = evidenceDir();
      const ordinary = records(3, 'plain').map((r) => JSON.stringify(r));
      const deep = deepRecordText('deep-one', levels);
      ev.write('mixed.json', `{"Records":[${ordinary[0]},${deep},${ordinary[1]},${ordinary[2]}]}`);
      const s = await indexInto(ev);
      expect(s.failed).toEqual([]);
      expect(s.events.added).toBe(4);
      const row = fileRow(ev, 'mixed.json');
      expect(row.status).toBe('indexed');
      expect(String(row.warnings)).toContain(
        `1 record(s) nested deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels: kept whole`,
      );
      // the original text is kept whole (compact JSON of what was parsed)
      const raw = withDb(ev, (db) => {
        const r = db
          .prepare("SELECT raw_chunk, raw_index FROM events WHERE event_id = 'deep-one'")
          .get() as { raw_chunk: number; raw_index: number };
        return new EventReader(db).rawText(r);
      });
      expect(raw).toBe(deep);
      expect(count(ev, "SELECT count(*) FROM events WHERE event_id LIKE 'plain-%'")).toBe(3);
    },
  );

  it.each(LEVELS)(
    '%i levels through the streaming splitter, pretty-printed and as JSON Lines',
    async (levels) => {
      ev = evidenceDir();
      const deep = JSON.parse(deepRecordText('deep-stream', levels)) as Record<string, unknown>;
      const pretty = `{"Records": [\n${JSON.stringify(records(1, 'before')[0], null, 2)},\n${writeJson(deep)},\n${JSON.stringify(records(1, 'after')[0], null, 2)}\n]}`;
      ev.write(
        'pretty.json',
        pretty.replace('"eventID":"deep-stream"', '"eventID":\n"deep-stream"'),
      );
      ev.write(
        'lines.jsonl',
        [
          JSON.stringify(records(1, 'l1')[0]),
          deepRecordText('deep-line', levels),
          JSON.stringify(records(1, 'l2')[0]),
        ].join('\n'),
      );
      const s = await indexInto(ev, [ev.dir], { limits: { wholeParseMax: 64, wholeReadMax: 64 } });
      expect(s.failed).toEqual([]);
      expect(s.events.added).toBe(6);
      expect(String(fileRow(ev, 'pretty.json').warnings)).toMatch(/1 record\(s\) nested deeper/);
      expect(String(fileRow(ev, 'lines.jsonl').warnings)).toMatch(/1 record\(s\) nested deeper/);
    },
  );

  it.each(LEVELS)(
    '%i levels without an eventID: one canonical derived ID for every spelling',
    (levels) => {
      const text = deepRecordText('x', levels).replace('"eventID":"x",', '');
      const compact = JSON.parse(text) as Record<string, unknown>;
      const id = deriveEventId(compact, text);
      expect(id).toMatch(/^derived-[0-9a-f]{32}$/);
      // a different raw spelling of the same record: the same ID (canonical JSON, not the raw text)
      expect(
        deriveEventId(JSON.parse(text) as Record<string, unknown>, text.replace(':', ': ')),
      ).toBe(id);
      const e = normalizeRecord(compact);
      expect(e.eventId).toBe(id);
      expect(e.raw).toBe(text);
      expect(e.reqText).toBeNull();
    },
  );
});

describe('deep-json helpers', () => {
  it('writeJson is JSON.stringify for ordinary values and sorts keys when asked', () => {
    const v = {
      b: [1, 'x', null, { d: true, c: [] }, undefined],
      a: { z: undefined, y: 'é\u2028\ud800' },
      10: 1,
      2: 2,
    };
    expect(writeJson(v)).toBe(JSON.stringify(v));
    expect(writeJson(v, { sortKeys: true })).toBe(
      '{"10":1,"2":2,"a":{"y":"é\u2028\\ud800"},"b":[1,"x",null,{"c":[],"d":true},null]}',
    );
    expect(writeJson('s')).toBe('"s"');
    expect(canonicalJson(JSON.parse('{"b":[{"y":1.0,"x":"\\u0041"}],"a":null}'))).toBe(
      '{"a":null,"b":[{"x":"A","y":1}]}',
    );
  });

  it.each([5_000, 20_000, 200_000])(
    '%i levels: stringified and measured without recursion',
    (levels) => {
      const text = '['.repeat(levels) + '1' + ']'.repeat(levels);
      const v = JSON.parse(text) as unknown;
      expect(() => JSON.stringify(v)).toThrow(RangeError);
      expect(stringifyJson(v)).toBe(text);
      expect(deeperThan(v)).toBe(true);
      expect(deeperThan(v, levels)).toBe(false);
      expect(deeperThan(v, levels - 2)).toBe(true);
    },
  );
});
