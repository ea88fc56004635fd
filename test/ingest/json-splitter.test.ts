import { describe, expect, it } from 'vitest';
import {
  JsonSplitter,
  looksLikeJsonLines,
  SplitError,
  type SplitItem,
} from '../../src/ingest/json-splitter.js';

function split(text: string, chunk = 1 << 20, max?: number): SplitItem[] {
  const out: SplitItem[] = [];
  const s = new JsonSplitter((i) => out.push(i), max);
  const buf = Buffer.from(text);
  for (let o = 0; o < buf.length; o += chunk) s.push(buf.subarray(o, o + chunk));
  s.end();
  return out;
}

const records = [
  { eventID: 'a', s: 'x"}]{\\' },
  { eventID: 'b', n: [1, { c: '}' }] },
];

describe('JsonSplitter', () => {
  it('splits a search response into the documents of hits.hits, whatever the layout and chunks', () => {
    const docs = records.map((r, i) => ({ _index: 'ct', _id: String(i), _source: r }));
    const response = {
      took: 5,
      timed_out: false,
      _shards: { total: 1, hits: [{ not: 'a document' }] },
      hits: { total: { value: 2 }, max_score: 1, note: { hits: ['x'] }, hits: docs },
      aggregations: { hits: { hits: [{ _source: 'no' }] } },
    };
    for (const text of [
      JSON.stringify(response),
      JSON.stringify(response, null, 2),
      JSON.stringify(response) + '\n' + JSON.stringify(response) + '\n',
    ]) {
      const copies = text.endsWith('}\n') && !text.includes('\n  ') ? 2 : 1;
      for (const chunk of [1, 2, 7, 1 << 20]) {
        const items = split(text, chunk);
        expect(items.map((i) => i.container)).toEqual(Array(2 * copies).fill('hits'));
        expect(items.map((i) => JSON.parse(i.text))).toEqual(
          Array.from({ length: copies }, () => docs).flat(),
        );
        for (const i of items)
          expect(
            Buffer.from(text)
              .subarray(i.offset, i.offset + i.bytes)
              .toString(),
          ).toBe(i.text);
      }
    }
    // a record with a hits key of its own, not under a top-level hits object, stays whole
    const own = { eventID: 'h', requestParameters: { hits: { hits: [1, 2] } } };
    expect(split(JSON.stringify(own)).map((i) => JSON.parse(i.text))).toEqual([own]);
  });

  it('splits an envelope into its records at every chunk boundary', () => {
    const doc = JSON.stringify({ Records: records });
    for (let chunk = 1; chunk <= doc.length; chunk++) {
      const items = split(doc, chunk);
      expect(items.map((i) => i.container)).toEqual(['Records', 'Records']);
      expect(items.map((i) => JSON.parse(i.text))).toEqual(records);
    }
  });

  it('splits a pretty-printed envelope with other keys (lookup-events page, key split across chunks)', () => {
    const doc = JSON.stringify(
      { NextToken: 'tok', Events: records, Other: { Records: 1 } },
      null,
      2,
    );
    for (const chunk of [1, 3, 7, 64]) {
      const items = split(doc, chunk);
      expect(items.map((i) => [i.container, JSON.parse(i.text)])).toEqual(
        records.map((r) => ['Events', r]),
      );
    }
  });

  it('returns array elements, JSON Lines and concatenated documents', () => {
    expect(split(JSON.stringify(records)).map((i) => i.container)).toEqual(['array', 'array']);
    const lines = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    expect(split(lines, 5).map((i) => JSON.parse(i.text))).toEqual(records);
    const pages =
      JSON.stringify({ Events: [records[0]] }, null, 1) +
      '\n' +
      JSON.stringify({ Events: [records[1]] });
    expect(split(pages, 2).map((i) => JSON.parse(i.text))).toEqual(records);
  });

  it('keeps a non-envelope object whole (digest, single event)', () => {
    const digest = { awsAccountId: '1', digestStartTime: 'x', logFiles: [{ s3Object: 'k' }] };
    const items = split(JSON.stringify(digest), 4);
    expect(items).toHaveLength(1);
    expect(items[0].container).toBe('top');
    expect(JSON.parse(items[0].text)).toEqual(digest);
  });

  it('skips lines that are not JSON between top-level values, counting them', () => {
    const out: SplitItem[] = [];
    const s = new JsonSplitter((i) => out.push(i));
    s.push(Buffer.from('{"a":1}\nnot json {"x": 1}\n\u0000\u0001junk'));
    s.push(Buffer.from(' still junk\n{"b":2}\n'));
    s.end();
    expect(out.map((i) => JSON.parse(i.text))).toEqual([{ a: 1 }, { b: 2 }]);
    expect([s.junkLines, s.firstJunkAt]).toEqual([2, 8]);
  });

  /** Split JSON Lines in chunks of every size up to `max`: the items each time, and the splitter. */
  function splitLines(text: string, chunk: number) {
    const out: SplitItem[] = [];
    const s = new JsonSplitter((i) => out.push(i));
    const buf = Buffer.from(text);
    for (let o = 0; o < buf.length; o += chunk) s.push(buf.subarray(o, o + chunk));
    s.end();
    return { items: out.map((i) => JSON.parse(i.text)), s };
  }

  it('drops a JSON Lines line that ends inside a value and reads the lines after it', () => {
    const good = (n: number) => JSON.stringify({ eventID: `e${n}`, s: 'x"}]{\\' });
    const broken = [
      '{"eventVersion": "1.09", "eventTime": broken', // a bare word, the object never closed
      '{"eventID":"cut in the middle of a str', // cut inside a string
      '{"eventID":"x","a":{"b":[1,2', // cut inside nested containers
      '{"Records":[{"eventID":"r1"},{"eventID":"r2', // an envelope cut after one record
      '{"eventID":"a\\', // cut right after an escaped backslash
      '{"eventID":"a\\"', // a string closed, the object not
    ];
    for (const bad of broken) {
      const text = [good(1), good(2), bad, good(3), good(4)].join('\n') + '\n';
      const offset = Buffer.byteLength(good(1) + '\n' + good(2) + '\n');
      for (const chunk of [1, 2, 3, 7, 16, 1 << 20]) {
        const { items, s } = splitLines(text, chunk);
        const ids = items.map((r) => r.eventID);
        if (bad.startsWith('{"Records"')) expect(ids).toEqual(['e1', 'e2', 'r1', 'e3', 'e4']);
        else expect(ids).toEqual(['e1', 'e2', 'e3', 'e4']);
        expect(s.brokenLines).toBe(1);
        // the broken line is named by where its value (or the open record in it) starts
        expect(s.firstBrokenAt).toBeGreaterThanOrEqual(offset);
        expect(s.firstBrokenAt).toBeLessThan(offset + bad.length);
      }
    }
  });

  it('skips a JSON Lines line with a closing bracket too many, and CRLF lines stay whole', () => {
    const { items, s } = splitLines('{"a":1}\r\n{"b":2}}\r\n{"c":3}\r\n', 3);
    expect(items).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect([s.junkLines, s.brokenLines]).toEqual([1, 0]);
  });

  it('reads pretty-printed documents one after another without taking their line breaks as broken', () => {
    const pretty = JSON.stringify({ Events: records }, null, 2);
    const compactThenPretty = JSON.stringify(records[0]) + '\n' + JSON.stringify(records[1]);
    for (const chunk of [1, 5, 1 << 20]) {
      expect(splitLines(pretty + '\n' + pretty, chunk).items).toEqual([...records, ...records]);
      expect(splitLines(compactThenPretty, chunk).items).toEqual(records);
    }
    // the first value is pretty-printed: a broken line later is read as before (not as lines)
    expect(() => split(pretty + '\n{"eventID": broken\n' + JSON.stringify(records[0]))).toThrow(
      /input ends inside the JSON value that starts at byte/,
    );
  });

  it('knows JSON Lines by its head, so a broken first line is skipped too', () => {
    const good = (n: number) => JSON.stringify({ eventID: `e${n}` });
    const text = ['{"eventID":"cut', good(1), good(2), good(3)].join('\n') + '\n';
    const buf = Buffer.from(text);
    expect(looksLikeJsonLines(buf)).toBe(true);
    for (const chunk of [1, 4, 1 << 20]) {
      const out: SplitItem[] = [];
      const s = new JsonSplitter((i) => out.push(i), undefined, undefined, true);
      for (let o = 0; o < buf.length; o += chunk) s.push(buf.subarray(o, o + chunk));
      s.end();
      expect(out.map((i) => JSON.parse(i.text).eventID)).toEqual(['e1', 'e2', 'e3']);
      expect([s.brokenLines, s.firstBrokenAt]).toEqual([1, 0]);
    }
    // one compact object per line inside a document: commas between them, and read whole
    const perLine = (wrap: (body: string) => string) =>
      wrap([good(1), good(2), good(3)].join(',\n'));
    for (const doc of [
      perLine((b) => `{"Records":[\n${b}\n]}\n`),
      perLine((b) => `[\n${b}\n]\n`),
      perLine((b) => `{\n"Records": [\n${b}\n]\n}\n`),
    ]) {
      expect(looksLikeJsonLines(Buffer.from(doc))).toBe(false);
      expect(split(doc, 3).map((i) => JSON.parse(i.text).eventID)).toEqual(['e1', 'e2', 'e3']);
    }
    // an envelope with one record per line and its commas on lines of their own: two lines parse
    // alone, so it is taken for lines, and still read whole (no record is open at a line's end)
    const commaLines = `{"Records":[\n${good(1)}\n,\n${good(2)}\n,\n${good(3)}\n]}\n`;
    expect(looksLikeJsonLines(Buffer.from(commaLines))).toBe(true);
    const env: SplitItem[] = [];
    const e = new JsonSplitter((i) => env.push(i), undefined, undefined, true);
    e.push(Buffer.from(commaLines));
    e.end();
    expect(env.map((i) => JSON.parse(i.text).eventID)).toEqual(['e1', 'e2', 'e3']);
    // an array of one object per line stays whole even when taken for lines
    const arr = `[\n${good(1)},\n${good(2)}\n]\n`;
    const out: SplitItem[] = [];
    const s = new JsonSplitter((i) => out.push(i), undefined, undefined, true);
    s.push(Buffer.from(arr));
    s.end();
    expect(out.map((i) => JSON.parse(i.text).eventID)).toEqual(['e1', 'e2']);
    expect(looksLikeJsonLines(Buffer.from(JSON.stringify({ Events: records }, null, 2)))).toBe(
      false,
    );
    // a whole input of two lines, the first cut: one whole line is enough when every line starts
    // an object; never for a head that is not the whole input, nor for one line alone
    const two = Buffer.from(`{"eventID":"cut\n${good(1)}\n`);
    expect(looksLikeJsonLines(two, true)).toBe(true);
    expect(looksLikeJsonLines(two, false)).toBe(false);
    // …or cut at its start (the tail of a record)
    expect(looksLikeJsonLines(Buffer.from(`ntName":"x"}\n${good(1)}\n`), true)).toBe(true);
    expect(looksLikeJsonLines(Buffer.from(`${good(1)}\n`), true)).toBe(false);
    for (const doc of [
      perLine((b) => `{"Records":[\n${b}\n]}\n`),
      perLine((b) => `{\n"Records": [\n${b}\n]\n}\n`),
      '{"a":1}\n{\n "eventID": "2"\n}\n',
      JSON.stringify({ Records: records }, null, 2),
    ])
      expect(looksLikeJsonLines(Buffer.from(doc), true)).toBe(false);
  });

  it('a pretty-printed document after a compact one is read whole, not as broken lines', () => {
    const compact = JSON.stringify({ Records: [records[0]] });
    const pretty = JSON.stringify({ Records: records }, null, 2);
    for (const chunk of [1, 3, 64, 1 << 20]) {
      expect(split(compact + '\n' + pretty + '\n', chunk).map((i) => JSON.parse(i.text))).toEqual([
        records[0],
        ...records,
      ]);
      const objs = split('{"a":1}\n{\n "eventID": "2"\n}\n', chunk);
      expect(objs.map((i) => JSON.parse(i.text))).toEqual([{ a: 1 }, { eventID: '2' }]);
    }
  });

  it('reads CloudWatch Logs export lines whatever the chunk boundaries, and knows a short one', () => {
    const lines = [1, 2, 3, 4, 5].map(
      (n) => `2024-04-11T12:00:0${n}.000Z ${JSON.stringify({ eventID: `c${n}` })}`,
    );
    const text = lines.join('\n') + '\n';
    for (let chunk = 1; chunk <= 40; chunk++) {
      const out: SplitItem[] = [];
      const s = new JsonSplitter((i) => out.push(i));
      const buf = Buffer.from(text);
      for (let o = 0; o < buf.length; o += chunk) s.push(buf.subarray(o, o + chunk));
      s.end();
      expect([chunk, out.map((i) => JSON.parse(i.text).eventID)]).toEqual([
        chunk,
        ['c1', 'c2', 'c3', 'c4', 'c5'],
      ]);
      expect(s.junkLines).toBe(0);
    }
    // a digit that starts no timestamp, cut at a boundary, is still one junk line
    const junk = new JsonSplitter(() => undefined);
    junk.push(Buffer.from('{"a":1}\n2024-'));
    junk.push(Buffer.from('nope\n{"b":2}\n'));
    junk.end();
    expect([junk.junkLines, junk.firstJunkAt]).toEqual([1, 8]);
    // one or two lines: known by their timestamp, or by two whole lines
    expect(looksLikeJsonLines(Buffer.from(lines[0]), true)).toBe(true);
    expect(looksLikeJsonLines(Buffer.from(lines[0]), false)).toBe(false);
    expect(looksLikeJsonLines(Buffer.from('{"a":1}\n{"b":2}'), true)).toBe(true);
    expect(looksLikeJsonLines(Buffer.from('{"a":1}'), true)).toBe(false);
  });

  it('still fails a JSON Lines file whose last line is cut (a truncated file)', () => {
    expect(() => split('{"a":1}\n{"b":2}\n{"c":')).toThrow(
      /input ends inside the JSON value that starts at byte 16/,
    );
  });

  /** Split `pieces` with an item limit, passing oversized items over: the items and the ones passed over. */
  function splitPassingOver(limit: number, pieces: string[]) {
    const out: SplitItem[] = [];
    const over: [number, number][] = [];
    const s = new JsonSplitter(
      (i) => out.push(i),
      limit,
      (at, bytes) => over.push([at, bytes]),
    );
    for (const p of pieces) s.push(Buffer.from(p));
    s.end();
    return { items: out.map((i) => JSON.parse(i.text) as unknown), over };
  }

  it('passes over an oversized item when told to, and splits the items after it', () => {
    const text = JSON.stringify({ Records: [{ a: 1 }, { big: 'x'.repeat(500) }, { b: 2 }] });
    // fed in small pieces, so the big item spans many buffers
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += 7) pieces.push(text.slice(i, i + 7));
    const { items, over } = splitPassingOver(100, pieces);
    expect(items).toEqual([{ a: 1 }, { b: 2 }]);
    const big = text.indexOf('{"big"');
    expect(over).toEqual([[big, JSON.stringify({ big: 'x'.repeat(500) }).length]]);
  });

  it('an envelope object whose header alone is over the limit still yields its first record', () => {
    const { items, over } = splitPassingOver(50, [
      '{"pad":"' + 'x'.repeat(100) + '",',
      '"Records":[{"a":1},{"b":2}]}',
    ]);
    expect(items).toEqual([{ a: 1 }, { b: 2 }]);
    expect(over).toEqual([]);
  });

  it('a value left open at the end: the error names where it starts', () => {
    const text = '{"a":1,\n"b":2}{"b": broken,\n"c":3\n';
    expect(() => split(text)).toThrow(/JSON value that starts at byte 14 /);
  });

  it('reports truncation and oversized values with a byte offset', () => {
    expect(() => split('{"Records":[{"a":1},{"b":')).toThrow(SplitError);
    expect(() => split(JSON.stringify({ Records: [{ big: 'x'.repeat(500) }] }), 64, 100)).toThrow(
      /larger than/,
    );
  });
});
