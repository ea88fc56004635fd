// Fuzz: several thousand generated hostile records (every evidence shape) and filter strings go
// through index, query, pivots, export, the CLI's and the TUI's renderers, and the built CLI. What
// must hold: nothing crashes, nothing meant for a terminal holds a raw control byte, a stack trace
// or SQL, exports are valid for strict parsers, exit codes are the documented ones, and the
// evidence is never written. Seeded (FUZZ_SEED) for reproducible CI; FUZZ_RUNS=20000 runs more.
import fc from 'fast-check';
import { parse as parseCsv } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexPaths, type IndexSummary } from '../../src/ingest/pipeline.js';
import { openCaseFile, type Database } from '../../src/store/db.js';
import { EventReader } from '../../src/store/event-reader.js';
import { streamEvents } from '../../src/store/export-stream.js';
import { valueCounts, countKeyForField, totals } from '../../src/store/stats.js';
import { compileFilter, FilterError, pointAt, lookupField } from '../../src/query/index.js';
import { detailLines } from '../../src/tui/events/detail-lines.js';
import { pivotsFor } from '../../src/tui/events/pivots.js';
import { containerPaths } from '../../src/tui/kit/json-tree.js';
import { eventColumns } from '../../src/cli/output/event-columns.js';
import { writeEventTable } from '../../src/cli/output/event-table.js';
import { formatValueCounts, formatSummary } from '../../src/cli/output/stats-text.js';
import type { Sink } from '../../src/cli/output/sink.js';
import type { EventRow } from '../../src/store/event-row.js';
import type { SqlFilter } from '../../src/store/filter-sql.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { runCli } from '../helpers/run-cli.js';
import { renderApp, KEY } from '../tui/render-app.js';
import {
  FUZZ_RUNS,
  FUZZ_SEED,
  hostileFilter,
  recordText,
  sampleRecords,
  writeEvidence,
} from './hostile-input.js';
import { looksLikeCloudTrail } from '../../src/ingest/normalize.js';
import {
  SQL_TEXT,
  expectFitsScreen,
  expectTerminalSafe,
  firstLoneSurrogate,
} from './terminal-checks.js';

const seedNote = `(FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS})`;

let dir = '';
let evidence = '';
/** A few hundred of the records, for what is too slow to run on all: the built CLI, SQL per filter. */
let sample = '';
let guard: EvidenceGuard;
let summary: IndexSummary;
let db: Database;
let small: Database;
let rows: EventRow[] = [];
let records: Record<string, unknown>[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-fuzz-'));
  evidence = join(dir, 'evidence');
  sample = join(dir, 'sample');
  records = sampleRecords(FUZZ_RUNS);
  writeEvidence(evidence, records);
  writeEvidence(sample, spread(records, 240), 40);
  guard = guardEvidence(dir, {
    exclude: [
      join(dir, 'case.db'),
      join(dir, 'small.db'),
      join(dir, 'cli.db'),
      join(dir, 'export.'),
    ],
  });
  summary = await indexPaths([evidence], { dbPath: join(dir, 'case.db'), workers: 0 });
  await indexPaths([sample], { dbPath: join(dir, 'small.db'), workers: 0 });
  db = openCaseFile(join(dir, 'case.db'));
  small = openCaseFile(join(dir, 'small.db'));
  rows = [...streamEvents(db, compileFilter(''))];
}, 120_000);

afterAll(() => {
  db?.close();
  small?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sink that keeps what it is given (the table and CSV writers take one). */
function memorySink(): Sink & { text(): string } {
  const parts: string[] = [];
  return {
    closed: false,
    write: (s: string) => void parts.push(s),
    flush() {},
    close() {},
    text: () => parts.join(''),
  } as unknown as Sink & { text(): string };
}

/** Evenly spread sample of `n` items (the TUI and the CLI are too slow for every record). */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

describe(`hostile evidence ${seedNote}`, () => {
  it('index: every CloudTrail-looking record of every shape is indexed, no file fails, the evidence is untouched', () => {
    guard.check();
    const f = summary.files;
    expect(summary.failed, JSON.stringify(summary.failed.slice(0, 3))).toEqual([]);
    expect(f.failed).toBe(0);
    expect(f.notRead).toBe(0);
    expect(summary.notCloudTrail.map((n) => `${n.path}: ${n.reason}`)).toEqual([]);
    expect(summary.events.added + summary.events.duplicates).toBe(summary.events.read);
    expect(rows.length).toBe(summary.events.total);
    // what the ingest takes for CloudTrail (string eventName and eventSource...) must all be there, whatever else it holds
    const stored = new Set(
      rows
        .map((r) => /^fz(\d+)-/.exec(r.event_id)?.[1])
        .filter((x) => x !== undefined)
        .map(Number),
    );
    const missing = records.flatMap((r, i) =>
      looksLikeCloudTrail(r) && typeof r.eventID === 'string' && !stored.has(i) ? [i] : [],
    );
    expect(
      missing.map((i) => recordText(records[i]!).slice(0, 300)),
      `records not indexed ${seedNote}`,
    ).toEqual([]);
    expect(rows.some((r) => r.event_id === 'fz-bad-utf8')).toBe(true);
    for (const w of [...summary.warnings, ...summary.failed, ...summary.notCloudTrail])
      expectTerminalSafe(`${w.path}: ${w.reason}`, 'index summary note');
  });

  it('query: every generated filter compiles or fails with a FilterError that shows no SQL, and runs in SQLite', () => {
    const runs = Math.max(FUZZ_RUNS, 3000);
    fc.assert(
      fc.property(hostileFilter, (text) => {
        let where: SqlFilter;
        try {
          where = compileFilter(text);
        } catch (err) {
          if (!(err instanceof FilterError))
            throw new Error(
              `not a FilterError for ${JSON.stringify(text.slice(0, 200))}: ${String(err)}`,
            );
          expect(err.message).not.toMatch(SQL_TEXT);
          expectTerminalSafe(
            pointAt(text, err),
            `caret line for ${JSON.stringify(text.slice(0, 80))}`,
          );
          return;
        }
        // run it as the CLI and the TUI do: a valid filter must not make SQLite throw
        small
          .prepare(`SELECT count(*) FROM (SELECT 1 FROM events e WHERE (${where.where}) LIMIT 50)`)
          .pluck()
          .get(...where.params);
      }),
      { seed: FUZZ_SEED, numRuns: runs },
    );
  });

  it('pivots built from stored values compile and select the event they came from', () => {
    const hit = (w: SqlFilter, id: number) =>
      db
        .prepare(`SELECT 1 FROM events e WHERE (${w.where}) AND e.id = ?`)
        .pluck()
        .get(...w.params, id) === 1;
    for (const row of spread(rows, 500)) {
      for (const p of pivotsFor(row)) {
        expectTerminalSafe(p.label, `pivot ${p.key} label`);
        if (!p.filter.text) continue;
        let c;
        try {
          c = compileFilter(p.filter.text);
        } catch (err) {
          throw new Error(
            `pivot ${p.key} of ${row.event_id} does not compile: ${JSON.stringify(p.filter.text)}: ${(err as Error).message}`,
          );
        }
        if (p.key === '6') continue; // a time window: its `after:`/`before:` depend on a parsed time
        expect(
          hit(c, row.id),
          `pivot ${p.key} ${JSON.stringify(p.filter.text)} misses its own event`,
        ).toBe(true);
      }
    }
  });

  it('renderers: detail lines, the CLI table and stats text hold nothing raw, and detail lines fit the width', () => {
    const reader = new EventReader(db);
    // detail lines take ~20 ms a hostile record here: a spread of them, the table and stats get all
    for (const row of spread(rows, 300)) {
      let record: Record<string, unknown> | null = null;
      let recordError: string | undefined;
      try {
        record = reader.rawRecord(row);
      } catch (err) {
        recordError = (err as Error).message;
      }
      const lines = detailLines(
        {
          row,
          record,
          recordError,
          provenance: reader.provenance(row.id),
          pivots: pivotsFor(row),
          pivotCounts: new Map(),
          expanded: new Set(record ? containerPaths(record).slice(0, 200) : []),
        },
        80,
      );
      const text = lines.map((l) => l.text).join('\n');
      expectTerminalSafe(text, `detail lines of ${JSON.stringify(row.event_id)}`);
      for (const l of lines)
        expect(l.text.includes('\n'), 'a detail line holds a newline').toBe(false);
    }
    const sink = memorySink();
    const all = [
      'time',
      'name',
      'service',
      'who',
      'ip',
      'region',
      'error',
      'key',
      'arn',
      'ua',
      'principal',
      'user',
      'requestId',
      'message',
    ];
    writeEventTable(
      sink,
      eventColumns(all),
      rows.map((row) => ({ row, raw: '' })),
      { limit: Infinity, width: 160 },
    );
    expectTerminalSafe(sink.text(), 'query table');

    const match = compileFilter('');
    const sections = ['name', 'ip', 'ua', 'user', 'arn', 'key', 'error', 'resource'].flatMap(
      (name) => {
        const key = countKeyForField(lookupField(name)!);
        return key ? [{ title: name, counts: valueCounts(db, match, key, 50) }] : [];
      },
    );
    expectTerminalSafe(formatSummary(totals(db, match), sections), 'stats summary');
    for (const s of sections)
      expectTerminalSafe(
        formatValueCounts(s.title, rows.length, s.counts),
        `stats --by ${s.title}`,
      );
  });

  it('the TUI: the list, every detail page and its pivots, typed filters and fuzzy search draw safely and fit the screen', async () => {
    const size = { columns: 100, rows: 30 };
    const app = await renderApp(db, size);
    try {
      const look = (frame: string, what: string) => {
        expectTerminalSafe(frame, `TUI ${what}`);
        expectFitsScreen(frame, size, `TUI ${what}`);
      };
      look(app.frame(), 'event list');
      const visits = Math.max(12, Math.min(100, Math.round(FUZZ_RUNS / 150)));
      for (let i = 0; i < visits; i++) {
        look(await app.press(KEY.enter), `detail #${i}`);
        look(await app.press(KEY.pageDown, KEY.pageDown), `detail #${i}, paged`);
        const pivot = String(1 + (i % 6));
        look(await app.press(pivot), `pivot ${pivot} from detail #${i}`);
        await app.press(KEY.escape, KEY.escape);
        look(await app.press(KEY.pageDown, 'j'), `list after detail #${i}`);
      }
      // filters and fuzzy search typed by the responder, holding what evidence holds (no ESC: typing it is a key)
      const typed = fc
        .sample(hostileFilter, {
          seed: FUZZ_SEED,
          numRuns: Math.max(10, Math.round(FUZZ_RUNS / 200)),
        })
        .map((t) => t.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 120));
      for (const t of typed) {
        await app.press('f', '\u0015');
        look(await app.press(t, KEY.enter), `filter ${JSON.stringify(t)}`);
        await app.press(KEY.escape);
        await app.press('/');
        look(await app.press(t.slice(0, 20)), `fuzzy ${JSON.stringify(t.slice(0, 20))}`);
        await app.press(KEY.escape);
      }
    } finally {
      app.unmount();
    }
  }, 60_000);

  it('the built CLI on this evidence: documented exit codes, safe terminal text, strict JSON exports', () => {
    const cli = (...args: string[]) => runCli([...args, '--db', join(dir, 'cli.db')]);
    const index = cli('index', sample);
    expect(index.status, index.stderr).toBe(0); // every file indexed (as in-process above)
    expectTerminalSafe(index.stdout + index.stderr, 'index');

    const smallCount = small.prepare('SELECT count(*) FROM events').pluck().get() as number;
    for (const format of ['jsonl', 'json', 'csv'] as const) {
      const out = join(dir, `export.${format}`);
      const r = cli('export', '--format', format, '--out', out);
      expect(r.status, r.stderr).toBe(0);
      expectTerminalSafe(r.stdout + r.stderr, `export ${format} messages`);
      // strict decoders: invalid UTF-8 throws here, as it would in a strict consumer
      const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(out));
      if (format === 'jsonl') {
        const lines = text.split('\n').filter((l) => l !== '');
        expect(lines.length).toBe(smallCount);
        lines.forEach((l, i) => {
          const v = JSON.parse(l) as unknown;
          const lone = firstLoneSurrogate(v);
          if (lone !== null)
            expect.fail(
              `JSONL line ${i + 1} decodes to a lone surrogate (jq aborts there): ${JSON.stringify(lone.slice(0, 80))}`,
            );
        });
      } else if (format === 'json') {
        const v = JSON.parse(text) as { Records: unknown[] };
        expect(v.Records.length).toBe(smallCount);
        expect(firstLoneSurrogate(v)).toBeNull();
      } else {
        const table = parseCsv(text, { relax_column_count: true }) as string[][];
        expect(table[0]![0]).toBe('Event ID');
        expect(table.length - 1).toBe(smallCount);
        // no cell a spreadsheet would run as a formula
        for (const cell of table.flat())
          if (/^[=+\-@\t\r]/.test(cell))
            expect.fail(`CSV cell a spreadsheet would run: ${JSON.stringify(cell.slice(0, 80))}`);
      }
    }

    // what goes to a terminal: tables, stats, error messages for hostile filters
    const filters = fc
      .sample(hostileFilter, { seed: FUZZ_SEED + 1, numRuns: 4 })
      .filter((f) => !f.includes('\u0000') && f.length < 5000);
    // documented: 0 events found, 1 none, 2 error (a FilterError here)
    const expectedStatus = (f: string): number => {
      try {
        const c = compileFilter(f);
        return (small
          .prepare(`SELECT count(*) FROM events e WHERE ${c.where}`)
          .pluck()
          .get(...c.params) as number) > 0
          ? 0
          : 1;
      } catch {
        return 2;
      }
    };
    for (const f of ['', 'ua:*', ...filters]) {
      const q = cli('query', '--limit', '200', f);
      expect(q.status, `query ${JSON.stringify(f)}: ${q.stderr}`).toBe(expectedStatus(f));
      expectTerminalSafe(q.stdout + q.stderr, `query ${JSON.stringify(f)}`);
      if (q.status === 2) expect(q.stderr).not.toMatch(SQL_TEXT);
    }
    for (const by of ['ua']) {
      const s = cli('stats', '--by', by);
      expect(s.status, s.stderr).toBe(0);
      expectTerminalSafe(s.stdout + s.stderr, `stats --by ${by}`);
    }
    guard.check();
  }, 60_000);

  // Found by this fuzz test: better-sqlite3 stored a lone surrogate as CESU-8 bytes (ED A0 80),
  // which read back as three U+FFFD, so a filter built from the stored value never matched the
  // event it came from. Values are now made well-formed before they are stored (ingest/normalize.ts).
  it('a value holding a lone surrogate can be pivoted on', () => {
    const c = caseFileWith([ctEvent({ eventID: 'lone', sourceIPAddress: '1.2.3.4\ud800' })]);
    const row = [...streamEvents(c, compileFilter(''))][0]!;
    const ip = pivotsFor(row).find((p) => p.key === '3')!;
    const f = compileFilter(ip.filter.text);
    expect(
      c
        .prepare(`SELECT count(*) FROM events e WHERE ${f.where}`)
        .pluck()
        .get(...f.params),
    ).toBe(1);
  });
});
