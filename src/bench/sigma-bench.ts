// Sigma evaluation cost: 500 generated CloudTrail rules given with `index --rules` (evaluated in the
// parse workers as records are read) against the same index run without rules, and the pass a pack
// added later makes over the stored records.
// `npm run build:dev && node dist-dev/bench/sigma-bench.js [events] [rules] [rounds]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCorpus } from '../synth/bench/corpus-cache.js';
import { runIndex } from '../cli/index-runner.js';
import { openCaseFile } from '../store/db.js';
import { evaluateSigma, recordLoadedPack } from '../case/sigma/apply.js';
import { loadPack } from '../domain/sigma/load.js';
import { writeRulePack } from './sigma-rules.js';
import { runChild } from './child.js';
import { fileURLToPath } from 'node:url';

/** CPU milliseconds of the whole process (worker threads included) since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
}

interface Timed {
  wallMs: number;
  cpuMs: number;
}

const CLI = fileURLToPath(new URL('../../bin/trailscope.js', import.meta.url));

/** `trailscope index` with the built CLI in a child process (parse workers as a user gets them). */
async function timedIndex(corpus: string, dbPath: string, pack?: string): Promise<Timed> {
  rmSync(dbPath, { force: true });
  const args = [CLI, 'index', corpus, '--db', dbPath, ...(pack ? ['--rules', pack] : [])];
  const run = await runChild(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' } });
  if (run.code !== 0) throw new Error(`index failed (${run.code}): ${run.stderr.slice(0, 300)}`);
  return { wallMs: run.wallMs, cpuMs: (run.cpuSeconds ?? NaN) * 1000 };
}

const sigmaHits = (dbPath: string): number => {
  const db = openCaseFile(dbPath);
  try {
    return db
      .prepare("SELECT count(*) FROM event_notable WHERE rule_id LIKE 'sigma:bench-%'")
      .pluck()
      .get() as number;
  } finally {
    db.close();
  }
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 20_000);
  const rules = Number(process.argv[3] ?? 500);
  const rounds = Number(process.argv[4] ?? 3);
  const corpus = await ensureCorpus({ root: '.bench', events });
  const dir = mkdtempSync(join(tmpdir(), 'sigma-bench-'));
  try {
    const plain = join(dir, 'plain.db');
    const ruled = join(dir, 'ruled.db');
    await timedIndex(corpus.dir, plain);
    const db = openCaseFile(plain);
    const names = db
      .prepare("SELECT value FROM dict WHERE field = 'event_name' ORDER BY value")
      .pluck()
      .all() as string[];
    db.close();
    const packDir = join(dir, 'pack');
    writeRulePack(packDir, rules, names);
    // alternate the two runs so that the machine's load falls on both alike
    const base: Timed[] = [];
    const withRules: Timed[] = [];
    for (let r = 0; r < rounds; r++) {
      base.push(await timedIndex(corpus.dir, plain));
      withRules.push(await timedIndex(corpus.dir, ruled, packDir));
    }
    const inWorkers = sigmaHits(ruled);
    // the same pack added to the plain case file afterwards: one pass over the stored records
    const later = openCaseFile(plain);
    const c2 = process.cpuUsage();
    const t2 = performance.now();
    recordLoadedPack(later, loadPack(packDir));
    const run = evaluateSigma(later);
    const laterWall = performance.now() - t2;
    const laterCpu = cpuMs(c2);
    const total = later.prepare('SELECT count(*) FROM events').pluck().get() as number;
    later.close();
    const passHits = sigmaHits(plain);
    const bw = median(base.map((b) => b.wallMs));
    const bc = median(base.map((b) => b.cpuMs));
    const rw = median(withRules.map((b) => b.wallMs));
    const rc = median(withRules.map((b) => b.cpuMs));
    const pct = (a: number, b: number): string => (((a - b) / b) * 100).toFixed(1);
    process.stdout.write(
      `${total.toLocaleString('en-US')} events, ${rules} rules, median of ${rounds} rounds\n` +
        `index without rules: ${(bw / 1000).toFixed(2)} s wall, ${(bc / 1000).toFixed(2)} s CPU\n` +
        `index --rules (loaded, recorded, evaluated in the parse workers, published): ${(rw / 1000).toFixed(2)} s wall, ${(rc / 1000).toFixed(2)} s CPU\n` +
        `Sigma cost: +${pct(rw, bw)} % wall, +${pct(rc, bc)} % CPU of the index run\n` +
        `the same pack added later (one pass over the stored records): ${laterWall.toFixed(0)} ms wall, ${laterCpu.toFixed(0)} ms CPU (${run.rules} rules over ${run.events.toLocaleString('en-US')} events)\n` +
        `hits: ${inWorkers.toLocaleString('en-US')} evaluated while indexing, ${passHits.toLocaleString('en-US')} by the later pass${inWorkers === passHits ? ' (same)' : ' (DIFFERENT)'}\n`,
    );
    if (inWorkers !== passHits) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
