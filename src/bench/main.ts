/**
 * `npm run bench`: generate (once) the synthetic corpus, index it with the built CLI, and measure
 * every figure the issues' performance sections name. Prints target vs measured; `--json` for
 * machines. Figures are never asserted in tests: this is where they live.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from '../synth/bench/corpus-cache.js';
import { buildWorld } from '../synth/bench/world.js';
import { DEFAULT_SEED } from '../synth/bench/generate.js';
import { formatMarkdown, formatTable, type Figure } from './figures.js';
import { benchIndex, benchRulesOverhead } from './index-bench.js';
import { benchJq } from './jq-bench.js';
import { benchQuery } from './query-bench.js';
import { benchLineage } from './lineage-bench.js';
import { benchTriage } from './triage-bench.js';
import { benchFuzzy } from './fuzzy-bench.js';
import { benchTui, benchTuiBytes } from './tui-bench.js';
import { describeMachine, finishMachineInfo, machineInfo } from './machine.js';
import { parseOptions, USAGE, type BenchOptions } from './options.js';

const CLI = fileURLToPath(new URL('../../bin/trailscope.js', import.meta.url));

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

async function run(opts: BenchOptions): Promise<number> {
  const machine = machineInfo();
  const root = resolve(opts.root);
  mkdirSync(root, { recursive: true });
  const seed = opts.seed ?? DEFAULT_SEED;
  const dbPath = resolve(opts.db ?? join(root, `bench-${opts.events}.db`));

  log(`corpus: ${opts.events.toLocaleString('en-US')} events (seed ${seed}) under ${root}`);
  let lastReport = 0;
  const corpus = await ensureCorpus({
    root,
    events: opts.events,
    seed,
    onProgress: (done) => {
      const now = Date.now();
      if (now - lastReport > 2000) {
        lastReport = now;
        log(`  generating… ${done.toLocaleString('en-US')} events`);
      }
    },
  });
  const m = corpus.manifest;
  log(
    `corpus ${corpus.reused ? 'reused' : `generated in ${(corpus.generateMs / 1000).toFixed(1)} s`}: ${m.files} files, ` +
      `${m.records.toLocaleString('en-US')} records (${m.events.toLocaleString('en-US')} unique), ${(m.gzBytes / 2 ** 20).toFixed(0)} MB gz, ${(m.jsonBytes / 2 ** 20).toFixed(0)} MB JSON`,
  );

  const figures: Figure[] = [];
  const world = buildWorld(seed);
  let indexRate: number | null = null;

  if (opts.parts.has('index')) {
    log('index: trailscope index (built CLI, child process)…');
    const idx = await benchIndex({ cli: CLI, corpusDir: corpus.dir, dbPath, manifest: m });
    figures.push(...idx.figures);
    indexRate = idx.figures[0]?.measured ?? null;
    if (idx.ok) {
      log('triage: notable rules share of the index run…');
      figures.push(
        ...safely('triage (#7)', 'index slowdown from rules', () =>
          benchRulesOverhead({ dbPath, indexWallMs: idx.wallMs }),
        ),
      );
    }
  }
  if (opts.parts.has('jq')) {
    log('jq: zcat | jq reference…');
    figures.push(
      ...(await benchJq({ corpusDir: corpus.dir, manifest: m, indexEventsPerSec: indexRate })),
    );
  }
  const needDb = ['query', 'lineage', 'triage', 'tui'].some((p) => opts.parts.has(p as never));
  if (needDb && !existsSync(dbPath)) {
    log(`no case file at ${dbPath}: run with the "index" part first`);
  } else if (needDb) {
    if (opts.parts.has('query')) {
      log('query: filters, stats, export…');
      figures.push(
        ...(await safelyAsync('query (#3)', 'query', () =>
          benchQuery({ cli: CLI, dbPath, world, workDir: root }),
        )),
      );
    }
    if (opts.parts.has('lineage')) {
      log('lineage: trace, credentials view…');
      figures.push(
        ...(await safelyAsync('lineage (#5)', 'lineage', () => benchLineage({ cli: CLI, dbPath }))),
      );
    }
    if (opts.parts.has('triage')) {
      log('triage: notable, facets, timeline…');
      figures.push(...safely('triage (#7)', 'views', () => benchTriage({ dbPath })));
    }
    if (opts.parts.has('tui')) {
      log('tui: fuzzy search, pseudo-terminal session…');
      figures.push(...safely('TUI (#4)', 'fuzzy search', () => benchFuzzy({ dbPath })));
      figures.push(
        ...(await safelyAsync('TUI (#4)', 'pseudo-terminal', () => benchTui({ cli: CLI, dbPath }))),
      );
      log('tui: bytes per key at 80x24 and 200x50, held key…');
      figures.push(
        ...(await safelyAsync('TUI over SSH (#18)', 'bytes per key', () =>
          benchTuiBytes({ cli: CLI, dbPath }),
        )),
      );
    }
  }

  const done = finishMachineInfo(machine);
  const corpusInfo = {
    dir: corpus.dir,
    files: m.files,
    records: m.records,
    events: m.events,
    gzMB: m.gzBytes / 2 ** 20,
    jsonMB: m.jsonBytes / 2 ** 20,
    generatedNow: !corpus.reused,
    generateSeconds: corpus.generateMs / 1000,
    stsIssuances: m.stsIssuances,
    maxChainDepth: m.maxChainDepth,
  };
  const report = {
    when: new Date().toISOString(),
    machine: done,
    corpus: corpusInfo,
    dbPath,
    figures,
  };
  writeFileSync(join(root, 'last-run.json'), JSON.stringify(report, null, 2) + '\n');
  if (opts.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    process.stdout.write(
      `\ntrailscope benchmark — ${report.when}\nmachine: ${describeMachine(done)}\n`,
    );
    process.stdout.write(
      `corpus: ${m.files.toLocaleString('en-US')} .json.gz files, ${m.records.toLocaleString('en-US')} records ` +
        `(${m.events.toLocaleString('en-US')} unique events), ${corpusInfo.gzMB.toFixed(0)} MB gz / ${corpusInfo.jsonMB.toFixed(0)} MB JSON, ` +
        `${m.stsIssuances.toLocaleString('en-US')} STS issuances, chains up to ${m.maxChainDepth} hops\n\n`,
    );
    process.stdout.write((opts.markdown ? formatMarkdown(figures) : formatTable(figures)) + '\n');
  }
  return 0;
}

/** One part failing (a capability not built yet, a crash) must not lose the others' figures. */
function safely(section: string, name: string, fn: () => Figure[]): Figure[] {
  try {
    return fn();
  } catch (err) {
    return [
      {
        section,
        name,
        unit: '',
        measured: null,
        note: `failed: ${(err as Error).message.slice(0, 200)}`,
      },
    ];
  }
}

async function safelyAsync(
  section: string,
  name: string,
  fn: () => Promise<Figure[]>,
): Promise<Figure[]> {
  try {
    return await fn();
  } catch (err) {
    return [
      {
        section,
        name,
        unit: '',
        measured: null,
        note: `failed: ${(err as Error).message.slice(0, 200)}`,
      },
    ];
  }
}

let opts: BenchOptions;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(USAGE + '\n');
} else {
  run(opts).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
