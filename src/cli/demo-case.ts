// The demo's case file: built once from the bundled demo-data/ into the user's cache folder, reused
// afterwards, rebuilt when the evidence, trailscope's version or the schema changes.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION } from '../store/db.js';
import { RULESET_VERSION } from '../domain/notable/rules.js';
import { LINEAGE_VERSION } from '../domain/lineage.js';
import { cacheDir } from './cache-dir.js';
import { UserError } from './exit.js';
import { EXIT_INTERRUPTED, runIndex } from './index-runner.js';
import { VERSION } from './version.js';

/** demo-data/ next to dist/ in the installed package or the repository. */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../demo-data', import.meta.url));

/** The generated notes inside demo-data are not evidence. */
const NOT_EVIDENCE = new Set(['README.md']);

function evidenceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && !(d === dir && NOT_EVIDENCE.has(entry.name))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Content key of the bundle: SHA-256 over every evidence file's path and bytes, plus the versions
 * that decide what an index run produces. About 4 MB to hash: a few milliseconds.
 */
export function demoKey(dir: string): string {
  const h = createHash('sha256').update(
    `trailscope ${VERSION} schema ${SCHEMA_VERSION} rules ${RULESET_VERSION} lineage ${LINEAGE_VERSION}\n`,
  );
  for (const f of evidenceFiles(dir)) {
    h.update(relative(dir, f).split(sep).join('/')).update('\0');
    h.update(readFileSync(f)).update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export interface DemoCase {
  path: string;
  /** True when this call indexed the evidence (first run, or the bundle changed). */
  built: boolean;
  ms: number;
}

/** Case file for the demo, indexing it first when no up-to-date one is cached. */
export async function ensureDemoCase(
  opts: { dataDir?: string; cache?: string; rebuild?: boolean; onBuild?: () => void } = {},
): Promise<DemoCase> {
  const started = Date.now();
  const dataDir = opts.dataDir ?? DEMO_DATA_DIR;
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new UserError(
      `the demo evidence is missing (expected ${dataDir}); reinstall trailscope or run \`npm run demo:generate\``,
    );
  }
  const dir = opts.cache ?? cacheDir();
  const key = demoKey(dataDir);
  const path = join(dir, `demo-${key}.db`);
  if (existsSync(path) && !opts.rebuild) return { path, built: false, ms: Date.now() - started };

  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UserError(
      `cannot create the cache folder ${dir}: ${(err as Error).message} (set TRAILSCOPE_CACHE_DIR to a writable folder)`,
    );
  }
  opts.onBuild?.();
  // Build under a private name and rename when complete: an interrupted first run never leaves a
  // half-indexed case file that later runs would trust.
  const partial = join(dir, `demo-${key}.${process.pid}.partial.db`);
  removeDb(partial);
  const status = await runIndex(evidenceFiles(dataDir), { dbPath: partial, quiet: true });
  if (status !== 0) {
    removeDb(partial);
    if (status === EXIT_INTERRUPTED)
      throw new UserError(
        'interrupted; the demo will be indexed on the next run',
        EXIT_INTERRUPTED,
      );
    throw new UserError(
      `indexing the demo evidence failed (status ${status}); run \`trailscope index ${dataDir}\` to see why`,
    );
  }
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  renameSync(partial, path);
  removeStale(dir, path);
  return { path, built: true, ms: Date.now() - started };
}

function removeDb(p: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(p + suffix, { force: true });
}

/** Older demo case files (another bundle or version) only take space. */
function removeStale(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (p !== keep && /^demo-[0-9a-f]{16}\.db(-wal|-shm)?$/.test(name)) rmSync(p, { force: true });
  }
}
