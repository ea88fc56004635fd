// A console Event-history CSV with a quote that never closes, and with ragged rows: the broken
// row is skipped and named by its line, the rows after it are read, and ragged rows are noted.
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, type Evidence } from './evidence.js';
import { count, fileRow, indexInto, withDb } from './index-helpers.js';
import { compileFilter } from '../../src/query/index.js';
import { records } from './evidence.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const HEADER =
  'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Read-only';
const row = (n: number, user: string, tail = ',true'): string =>
  `${String(n).repeat(8)}-1111-1111-1111-111111111111,2024-04-11T12:0${n}:00Z,${user},ListBuckets,,,AKIAEXAMPLE,us-east-1,,198.51.100.${n}${tail}`;
const users = (): number =>
  count(ev, "SELECT count(*) FROM events_v WHERE user_name IN ('carol','dave','erin','grace')");

describe('a console CSV with damage', () => {
  for (const [how, limits] of [
    ['read whole', {}],
    ['streamed', { wholeReadMax: 64, wholeParseMax: 64 }],
  ] as const) {
    it(`skips a row whose quote never closes, names its line, and reads the rows after it (${how})`, async () => {
      ev = evidenceDir();
      const lines = [
        HEADER,
        row(1, 'alice'),
        row(2, '"bob'),
        row(3, 'carol'),
        '',
        row(4, 'dave', ''),
        row(5, 'erin', ',true,extra'),
        row(7, 'grace'),
      ];
      for (const eol of ['\n', '\r\n']) ev.write(`ev${eol.length}.csv`, lines.join(eol) + eol);
      // the broken row last: nothing after it to read
      ev.write('last.csv', [HEADER, row(1, 'x1'), row(2, '"x2')].join('\n'));
      await indexInto(ev, [ev.dir], { limits: { ...DEFAULT_LIMITS, ...limits } });
      for (const name of ['ev1.csv', 'ev2.csv']) {
        const f = fileRow(ev, name);
        expect(f).toMatchObject({ status: 'indexed', events: 5, shape: 'console-csv' });
        expect(f.warnings).toContain(
          '1 row(s) with a quote that is never closed were skipped (first on line 3); the rows after them were read',
        );
        expect(f.warnings).toContain(
          '2 row(s) have more or fewer cells than the header (first ending on line 6): their cells were read by position',
        );
      }
      expect(users()).toBe(4);
      expect(fileRow(ev, 'last.csv')).toMatchObject({ status: 'indexed', events: 1 });
      expect(fileRow(ev, 'last.csv').warnings).toMatch(/1 row\(s\) with a quote .* line 3\)/);
    });
  }

  it('a cut CloudTrail event cell is said, and rows read from columns carry the rebuilt caveat until a whole copy comes', async () => {
    ev = evidenceDir();
    const rec = records(2, 'cc');
    const q = (t: string) => `"${t.replace(/"/g, '""')}"`;
    ev.write(
      'a-console.csv',
      [
        'Event ID,Event name,Event time,CloudTrail event',
        `${rec[0].eventID},${rec[0].eventName},${rec[0].eventTime},${q(JSON.stringify(rec[0]))}`,
        `${rec[1].eventID},${rec[1].eventName},${rec[1].eventTime},${q(JSON.stringify(rec[1]).slice(0, 60))}`,
      ].join('\n') + '\n',
    );
    await indexInto(ev);
    const f = fileRow(ev, 'a-console.csv');
    expect(f).toMatchObject({ status: 'indexed', events: 2 });
    expect(f.warnings).toMatch(
      /1 row\(s\) whose CloudTrail event cell is not a whole JSON record \(cut or damaged; the first ends on line 3\)/,
    );
    const rebuilt = (): string[] => {
      const c = compileFilter('caveat:rebuilt');
      return withDb(ev, (db) =>
        db
          .prepare(`SELECT event_id FROM events e WHERE ${c.where}`)
          .pluck()
          .all(...c.params),
      ) as string[];
    };
    expect(rebuilt()).toEqual([rec[1].eventID]);
    // the delivered record read later takes its place
    ev.write('b-delivered.json', JSON.stringify({ Records: [rec[1]] }));
    await indexInto(ev);
    expect(rebuilt()).toEqual([]);
  });

  it('gives up after a few rows with a quote that never closes, in time bounded by the file', async () => {
    ev = evidenceDir();
    // every row opens a quote that no later row closes: each recovery would parse the rest again
    const rows = Array.from({ length: 4000 }, (_, i) => row(1, `u${i}","`));
    ev.write('many.csv', [HEADER, row(1, 'alice'), ...rows].join('\n') + '\n');
    const started = Date.now();
    await indexInto(ev);
    expect(Date.now() - started).toBeLessThan(20_000);
    const f = fileRow(ev, 'many.csv');
    expect(f.status).toBe('failed');
    expect(f.events).toBe(1);
    expect(f.error).toMatch(
      /^invalid CSV: more than 16 rows with a quote that is never closed \(the first on line 3\): the rest of the file from line 19 was not read/,
    );
  });

  it('says when a stray quote and a later one may have joined rows into one cell', async () => {
    ev = evidenceDir();
    ev.write(
      'joined.csv',
      [HEADER, row(1, 'alice'), row(2, '"bob'), row(3, 'carol'), row(4, '"dave'), row(5, 'erin')]
        .join('\n')
        .concat('\n'),
    );
    await indexInto(ev);
    const f = fileRow(ev, 'joined.csv');
    expect(f).toMatchObject({ status: 'indexed', events: 3 });
    expect(f.warnings).toMatch(
      /1 row\(s\) have a cell that spans lines \(the first starts after line 2\): a stray quote and a later one may have joined several rows/,
    );
  });
});
