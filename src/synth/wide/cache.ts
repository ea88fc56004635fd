/**
 * The wide corpus under `.bench/` (gitignored), generated once per size, seed and generator
 * version and reused: generating a month of a large estate takes minutes; indexing is what we time.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateWideCorpus,
  WIDE_DEFAULT_SEED,
  WIDE_GENERATOR_VERSION,
  type WideManifest,
  WIDE_PROFILES,
  type WideProfile,
} from './generate.js';

export interface CachedWideCorpus {
  dir: string;
  manifest: WideManifest;
  reused: boolean;
  generateMs: number;
}

function readManifest(dir: string): WideManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as WideManifest;
    return m.kind === 'wide' && m.generatorVersion === WIDE_GENERATOR_VERSION ? m : null;
  } catch {
    return null;
  }
}

export async function ensureWideCorpus(opts: {
  root: string;
  events: number;
  seed?: string;
  profile?: WideProfile['name'];
  onProgress?: (records: number, files: number) => void;
}): Promise<CachedWideCorpus> {
  const seed = opts.seed ?? WIDE_DEFAULT_SEED;
  const profile = WIDE_PROFILES[opts.profile ?? 'wide'];
  const revision = profile.revision > 1 ? `r${profile.revision}` : '';
  const dir = join(
    opts.root,
    `${profile.name}-v${WIDE_GENERATOR_VERSION}${revision}-${seed}-${opts.events}`,
  );
  const existing = existsSync(dir) ? readManifest(dir) : null;
  if (existing) return { dir, manifest: existing, reused: true, generateMs: 0 };
  // an interrupted generation has no manifest: start over in a scratch folder
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const manifest = await generateWideCorpus({ ...opts, dir: tmp, seed });
  renameSync(tmp, dir);
  return { dir, manifest, reused: false, generateMs: performance.now() - t0 };
}
