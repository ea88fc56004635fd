/**
 * `npm run bench`: generate (once) the synthetic corpora, index each with the built CLI, and
 * measure every figure the issues' performance sections name, on both corpora. Prints target vs
 * measured; `--json` for machines. Figures are never asserted in tests: this is where they live.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMarkdown, formatTable, type Figure } from './figures.js';
import { benchIndex, benchRulesOverhead } from './index-bench.js';
import { benchJq } from './jq-bench.js';
import { benchQuery } from './query-bench.js';
import { benchLineage } from './lineage-bench.js';
import { benchTriage } from './triage-bench.js';
import { benchSigma, SIGMA_RULES } from './sigma-part.js';
import { benchFuzzy } from './fuzzy-bench.js';
import { benchTui, benchTuiBytes, benchTuiLive } from './tui-bench.js';
import { benchCarve, carveWindow } from './carve-bench.js';
import { benchCardinality } from './cardinality-bench.js';
import { openCorpus, type Corpus } from './corpora.js';
import { describeMachine, finishMachineInfo, machineInfo } from './machine.js';
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { ensureTuiBundle } from './built-cli.js';

const CLI = fileURLToPath(new URL('../../bin/trailscope.js', import.meta.url));

/** A part compared with the index run's time, asked for without the "index" part. */
function needsIndexPart(section: string, name: string): Figure {
  return {
    section,
    name,
    unit: 's',
    measured: null,
    note: 'needs the "index" part in the same run (compared with its time)',
  };
}

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

interface CorpusReport {
  name: string;
  dir: string;
  describe: string;
  records: number;
  events: number;
  files: number;
  gzMB: number;
  jsonMB: number;
  generatedNow: boolean;
  generateSeconds: number;
  dbPath: string;
  generated?: Corpus['generated'];
}

async function measure(corpus: Corpus, opts: BenchOptions, root: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const m = corpus.manifest;
  const dbPath = resolve(
    corpus.name === 'bench' && opts.db ? opts.db : join(root, `${corpus.name}-${opts.events}.db`),
  );
  let indexRate: number | null = null;
  let indexWallMs: number | null = null;
  let indexCpuSeconds: number | null = null;

  if (opts.parts.has('index')) {
    log(`${corpus.name}: trailscope index (built CLI, child process)…`);
    const idx = await benchIndex({ cli: CLI, corpusDir: corpus.evidence, dbPath, manifest: m });
    figures.push(...idx.figures);
    indexRate = idx.figures[0]?.measured ?? null;
    if (idx.ok) {
      indexWallMs = idx.wallMs;
      indexCpuSeconds = idx.cpuSeconds;
      figures.push(...benchCardinality({ section: 'corpus', dbPath, generated: corpus.generated }));
      log(`${corpus.name}: notable rules share of the index run…`);
      figures.push(
        ...(await safelyAsync('triage (#7)', 'index slowdown from rules', () =>
          benchRulesOverhead({ dbPath, indexWallMs: idx.wallMs }),
        )),
      );
    }
  }
  if (opts.parts.has('sigma')) {
    if (indexWallMs === null) {
      figures.push(needsIndexPart('sigma (#14)', 'index --rules'));
    } else {
      log(`${corpus.name}: index --rules with ${SIGMA_RULES} Sigma rules…`);
      figures.push(
        ...(await safelyAsync('sigma (#14)', 'index --rules', () =>
          benchSigma({
            section: 'sigma (#14)',
            cli: CLI,
            evidence: corpus.evidence,
            plainDbPath: dbPath,
            plainWallMs: indexWallMs!,
            plainCpuSeconds: indexCpuSeconds,
            ruledDbPath: join(root, `${corpus.name}-${opts.events}-sigma.db`),
          }),
        )),
      );
    }
  }
  if (opts.parts.has('carve')) {
    if (indexWallMs === null) {
      figures.push(needsIndexPart('carve (#10)', 'carve 2 of 30 days'));
    } else {
      const c = corpus.carve;
      const window = carveWindow(c.startMs, c.endMs, c.share, c.at, c.label);
      log(`${corpus.name}: carve ${window.from} → ${window.to}…`);
      figures.push(
        ...(await safelyAsync('carve (#10)', 'carve', () =>
          benchCarve({
            section: 'carve (#10)',
            cli: CLI,
            evidence: corpus.evidence,
            fullDbPath: dbPath,
            carveDbPath: join(root, `${corpus.name}-${opts.events}-carve.db`),
            window,
            fullWallMs: indexWallMs!,
            caveat: c.caveat,
          }),
        )),
      );
    }
  }
  if (opts.parts.has('jq')) {
    log(`${corpus.name}: zcat | jq reference…`);
    figures.push(
      ...(await benchJq({ corpusDir: corpus.dir, manifest: m, indexEventsPerSec: indexRate })),
    );
  }
  const needDb = ['query', 'lineage', 'triage', 'tui'].some((p) => opts.parts.has(p as never));
  if (needDb && !existsSync(dbPath)) {
    log(`no case file at ${dbPath}: run with the "index" part first`);
  } else if (needDb) {
    if (opts.parts.has('query')) {
      log(`${corpus.name}: query: filters, stats, export…`);
      figures.push(
        ...(await safelyAsync('query (#3)', 'query', () =>
          benchQuery({ cli: CLI, dbPath, filters: corpus.filters, workDir: root }),
        )),
      );
    }
    if (opts.parts.has('lineage')) {
      log(`${corpus.name}: lineage: trace, credentials view…`);
      figures.push(
        ...(await safelyAsync('lineage (#5)', 'lineage', () => benchLineage({ cli: CLI, dbPath }))),
      );
    }
    if (opts.parts.has('triage')) {
      log(`${corpus.name}: triage: notable, facets, timeline…`);
      figures.push(...safely('triage (#7)', 'views', () => benchTriage({ dbPath })));
    }
    if (opts.parts.has('tui')) {
      log(`${corpus.name}: tui: fuzzy search, pseudo-terminal session…`);
      figures.push(...safely('TUI (#4)', 'fuzzy search', () => benchFuzzy({ dbPath })));
      figures.push(
        ...(await safelyAsync('TUI (#4)', 'pseudo-terminal', () => benchTui({ cli: CLI, dbPath }))),
      );
      log(`${corpus.name}: tui: the TUI on a fresh case file while it indexes…`);
      figures.push(
        ...(await safelyAsync('TUI while indexing (#10)', 'live', () =>
          benchTuiLive({ cli: CLI, evidence: corpus.evidence }),
        )),
      );
      log(`${corpus.name}: tui: bytes per key at 80x24 and 200x50, held key…`);
      figures.push(
        ...(await safelyAsync('TUI over SSH (#18)', 'bytes per key', () =>
          benchTuiBytes({ cli: CLI, dbPath }),
        )),
      );
    }
  }
  // one table for both corpora: each figure says which it was measured on
  return figures.map((f) => ({ ...f, section: `${corpus.name}: ${f.section}` }));
}

async function run(opts: BenchOptions): Promise<number> {
  const machine = machineInfo();
  const root = resolve(opts.root);
  mkdirSync(root, { recursive: true });
  const figures: Figure[] = [];
  const corpora: CorpusReport[] = [];
  if (opts.parts.has('tui')) ensureTuiBundle(log);
  for (const name of opts.corpora) {
    log(`corpus ${name}: ${opts.events.toLocaleString('en-US')} events under ${root}`);
    const corpus = await openCorpus({ name, root, events: opts.events, seed: opts.seed, log });
    const m = corpus.manifest;
    log(
      `corpus ${name} ${corpus.reused ? 'reused' : `generated in ${(corpus.generateMs / 1000).toFixed(1)} s`}: ${corpus.describe}`,
    );
    figures.push(...(await measure(corpus, opts, root)));
    corpora.push({
      name,
      dir: corpus.dir,
      describe: corpus.describe,
      records: m.records,
      events: m.events,
      files: m.files,
      gzMB: m.gzBytes / 2 ** 20,
      jsonMB: m.jsonBytes / 2 ** 20,
      generatedNow: !corpus.reused,
      generateSeconds: corpus.generateMs / 1000,
      dbPath: resolve(
        name === 'bench' && opts.db ? opts.db : join(root, `${name}-${opts.events}.db`),
      ),
      generated: corpus.generated,
    });
  }

  const done = finishMachineInfo(machine);
  const report = { when: new Date().toISOString(), machine: done, corpora, figures };
  writeFileSync(join(root, 'last-run.json'), JSON.stringify(report, null, 2) + '\n');
  if (opts.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    process.stdout.write(
      `\ntrailscope benchmark — ${report.when}\nmachine: ${describeMachine(done)}\n`,
    );
    for (const c of corpora) process.stdout.write(`corpus ${c.name}: ${c.describe}\n`);
    process.stdout.write(
      '\n' + (opts.markdown ? formatMarkdown(figures) : formatTable(figures)) + '\n',
    );
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
