/**
 * Issue #2 figures: end-to-end `trailscope index` of the corpus with the built CLI in a child
 * process (events/s, case-file size, peak RSS), and the cost of the notable rules within it.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { countEvents } from '../store/event-pages.js';
import { MATCH_ALL } from '../store/filter-sql.js';
import { openCaseFile } from '../store/db.js';
import { evaluateNotable } from '../case/notable/evaluate.js';
import { refreshAfterIndex } from '../case/derived.js';
import { notableWorkerFile } from '../case/notable/notable-thread.js';
import { clearStamp, STAMPS, type Stamp } from '../case/derived-stamps.js';
import { beginBulkLoad, beginDerivedPasses } from '../store/ingest-writer.js';
import { runChild } from './child.js';
import type { Figure } from './figures.js';
import type { CorpusManifest } from '../synth/bench/generate.js';

export interface IndexRun {
  figures: Figure[];
  wallMs: number;
  /** CPU of every thread of the run (null where /proc cannot say). */
  cpuSeconds: number | null;
  ok: boolean;
}

const MB = 1024 * 1024;

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export async function benchIndex(o: {
  cli: string;
  corpusDir: string;
  dbPath: string;
  manifest: Pick<CorpusManifest, 'records' | 'files' | 'events'>;
}): Promise<IndexRun> {
  const S = 'index (#2)';
  for (const suffix of ['', '-wal', '-shm']) rmSync(o.dbPath + suffix, { force: true });
  const run = await runChild(
    process.execPath,
    [o.cli, 'index', o.corpusDir, '--db', o.dbPath, '--json'],
    { keepStdout: true },
  );
  if (run.code !== 0 && run.code !== 1) {
    const why = (run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ');
    return {
      ok: false,
      wallMs: run.wallMs,
      cpuSeconds: run.cpuSeconds,
      figures: [
        {
          section: S,
          name: 'index the corpus',
          unit: 'ev/s',
          measured: null,
          target: { kind: 'min', value: 60_000 },
          note: `index failed (exit ${run.code}): ${why.slice(0, 200)}`,
        },
      ],
    };
  }
  const db = openCaseFile(o.dbPath, { readonly: true });
  let unique: number;
  try {
    unique = countEvents(db, MATCH_ALL);
  } finally {
    db.close();
  }
  const size = fileSize(o.dbPath) + fileSize(o.dbPath + '-wal');
  const secs = run.wallMs / 1000;
  const figures: Figure[] = [
    {
      section: S,
      name: 'index end to end (records in)',
      unit: 'ev/s',
      measured: o.manifest.records / secs,
      target: { kind: 'min', value: 60_000 },
      note:
        `${o.manifest.records.toLocaleString('en-US')} records, ${o.manifest.files.toLocaleString('en-US')} files in ${secs.toFixed(1)} s` +
        (run.cpuSeconds === null
          ? ''
          : `, ${run.cpuSeconds.toFixed(0)} CPU s (${((run.cpuSeconds / secs) * 100).toFixed(0)}% of one core)`) +
        (run.code === 1 ? ' (exit 1: some files failed)' : ''),
    },
    {
      section: S,
      name: 'index end to end (unique events)',
      unit: 'ev/s',
      measured: unique / secs,
      note: `${unique.toLocaleString('en-US')} unique events stored`,
    },
    {
      section: S,
      name: 'unique events stored = generated',
      unit: 'events',
      measured: unique,
      note:
        unique === o.manifest.events
          ? 'exact'
          : `generator made ${o.manifest.events.toLocaleString('en-US')}: MISMATCH`,
    },
    { section: S, name: 'case file size', unit: 'MB', measured: size / MB },
    {
      section: S,
      name: 'case file per 1M events',
      unit: 'MB',
      measured: unique > 0 ? (size / MB) * (1_000_000 / unique) : null,
      // issue #10's target (#2's was 1,024)
      target: { kind: 'max', value: 600 },
    },
    {
      section: S,
      name: 'index peak RSS',
      unit: 'MB',
      measured: run.peakRssBytes === null ? null : run.peakRssBytes / MB,
      // issue #10's bound (#2's was 600)
      target: { kind: 'max', value: 512 },
      note:
        run.peakRssBytes === null
          ? 'no /proc on this system'
          : 'VmHWM of the CLI process (worker threads included)',
    },
  ];
  return { ok: true, wallMs: run.wallMs, cpuSeconds: run.cpuSeconds, figures };
}

/**
 * The notable rules' share of the index run. Their own time R is a full re-evaluation in line on
 * the finished case file. An index run reads them on a thread of their own beside the other
 * derived passes (case/derived.ts), so what they add to the run is measured as the run does it:
 * the derived passes recomputed with the rules (D) and without them (O), on the same file, each
 * twice; D - O is their cost to the run, the other passes' slowdown from sharing the machine
 * included. With the rules, their thread may also take the Insights off the writer (as in the
 * run), which D counts in their favour; the note says when it did.
 */
export async function benchRulesOverhead(o: {
  dbPath: string;
  indexWallMs: number;
}): Promise<Figure[]> {
  const S = 'triage (#7)';
  const db = openCaseFile(o.dbPath);
  try {
    // the index run's settings for its derived passes (no memory-mapped reads, sorts that spill)
    beginBulkLoad(db);
    beginDerivedPasses(db);
    const t0 = performance.now();
    evaluateNotable(db, { sinceRowid: 0 });
    const rulesMs = performance.now() - t0;
    let threaded = false;
    let insightsApart = false;
    const passes = async (stamps: readonly Stamp[]): Promise<number> => {
      for (const st of stamps) clearStamp(db, st);
      const at = performance.now();
      const ms = await refreshAfterIndex(db, 0, { apartFromEvents: 0 });
      if ('notable-thread' in ms) threaded = true;
      if ('insights-thread' in ms) insightsApart = true;
      return performance.now() - at;
    };
    // twice each, alternated, the faster kept: the first pass over a file warms the page cache
    let withRules = Infinity;
    let without = Infinity;
    for (let i = 0; i < 2; i++) {
      without = Math.min(without, await passes([STAMPS.insights, STAMPS.credentials]));
      withRules = Math.min(
        withRules,
        await passes([STAMPS.notable, STAMPS.insights, STAMPS.credentials]),
      );
    }
    const added = Math.max(0, withRules - without);
    const rest = o.indexWallMs - added;
    return [
      {
        section: S,
        name: 'notable rules over all events',
        unit: 'ms',
        measured: rulesMs,
        note: 'full re-evaluation in line on the indexed case file',
      },
      {
        section: S,
        name: 'rules time / rest of the run',
        unit: '%',
        measured: o.indexWallMs > rulesMs ? (rulesMs / (o.indexWallMs - rulesMs)) * 100 : null,
        note: 'what they would add in line: rules time / (index time - rules time)',
      },
      {
        section: S,
        name: 'index slowdown from rules',
        unit: '%',
        measured: rest > 0 ? (added / rest) * 100 : null,
        target: { kind: 'max', value: 10 },
        note: `derived passes with the rules ${fmtS(withRules)}, without ${fmtS(without)} (${threaded ? `rules on their own thread${insightsApart ? ', which also took the Insights' : ''}` : notableWorkerFile() ? 'rules in line: their thread failed' : 'rules in line: no compiled thread'})`,
      },
    ];
  } finally {
    db.close();
  }
}

const fmtS = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
