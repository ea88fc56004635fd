/**
 * The benchmark corpus lives under `.bench/` (gitignored) and is generated once per size, seed and
 * generator version, then reused: generation costs minutes at 1M events, indexing is what we time.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_SEED,
  GENERATOR_VERSION,
  generateCorpus,
  type CorpusManifest,
} from './generate.js';

export interface CachedCorpus {
  dir: string;
  manifest: CorpusManifest;
  /** False when this call generated it. */
  reused: boolean;
  generateMs: number;
}

export function corpusDirName(events: number, seed: string): string {
  return `corpus-v${GENERATOR_VERSION}-${seed}-${events}`;
}

function readManifest(dir: string): CorpusManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as CorpusManifest;
    return m.generatorVersion === GENERATOR_VERSION ? m : null;
  } catch {
    return null;
  }
}

export async function ensureCorpus(opts: {
  root: string;
  events: number;
  seed?: string;
  onProgress?: (eventsDone: number, files: number) => void;
}): Promise<CachedCorpus> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const dir = join(opts.root, corpusDirName(opts.events, seed));
  const existing = existsSync(dir) ? readManifest(dir) : null;
  if (existing) return { dir, manifest: existing, reused: true, generateMs: 0 };
  // A half-written corpus (interrupted run) has no manifest: start it over in a scratch dir.
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const manifest = await generateCorpus({
    dir: tmp,
    events: opts.events,
    seed,
    onProgress: opts.onProgress,
  });
  renameSync(tmp, dir);
  return { dir, manifest, reused: false, generateMs: performance.now() - t0 };
}
