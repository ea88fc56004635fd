// `--rules DIR` on index, notable and rules: load the packs, record them in the case file, and
// evaluate what changed, with a progress line on stderr.
import { delimiter } from 'node:path';
import type { Database } from 'better-sqlite3';
import { evaluateSigma, recordLoadedPack, type SigmaRun } from '../case/sigma/apply.js';
import { packLines } from './pack-lines.js';
import { loadPack, type LoadedPack } from '../domain/sigma/load.js';
import { safeText } from '../util/safe-text.js';

export const RULES_OPTION_HELP =
  'Sigma rule pack, a folder or a .yml file (repeatable; also $TRAILSCOPE_RULES)';
export const RULES_MOVED =
  'trailscope: listing rules moved to `trailscope rules` (--rules now takes a Sigma rule folder)\n';

/** commander collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Packs from the flags, then from TRAILSCOPE_RULES (split by the platform's path delimiter). */
export function rulePaths(
  flags: readonly string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const fromEnv = (env.TRAILSCOPE_RULES ?? '').split(delimiter).filter((p) => p.trim() !== '');
  return [...new Set([...(flags ?? []), ...fromEnv])];
}

/** Read each pack; a pack that cannot be read is reported on stderr and left out. */
export function loadRulePacks(paths: readonly string[]): { packs: LoadedPack[]; ok: boolean } {
  const packs: LoadedPack[] = [];
  let ok = true;
  for (const p of paths) {
    try {
      packs.push(loadPack(p));
    } catch (err) {
      process.stderr.write(`trailscope: ${safeText((err as Error).message)}\n`);
      ok = false;
    }
  }
  return { packs, ok };
}

/**
 * Load, record and evaluate the packs. Returns false when a pack could not be read at all (the
 * others still run). Messages go to stderr so stdout stays the command's own output.
 */
export function applyRulePacks(
  db: Database,
  paths: readonly string[],
  opts: { quiet?: boolean } = {},
): { ok: boolean; run: SigmaRun | null } {
  const say = (s: string): void => {
    if (!opts.quiet) process.stderr.write(s + '\n');
  };
  const { packs, ok } = loadRulePacks(paths);
  for (const pack of packs) packLines(pack, recordLoadedPack(db, pack)).forEach(say);
  return { ok, run: evaluateWithProgress(db, opts) };
}

/** Bring the recorded rules up to date, with a progress line on a terminal and a summary line. */
export function evaluateWithProgress(db: Database, opts: { quiet?: boolean } = {}): SigmaRun {
  const tty = !opts.quiet && process.stderr.isTTY;
  let last = 0;
  const run = evaluateSigma(db, {
    progress: tty
      ? (done, total) => {
          const now = Date.now();
          if (now - last < 200 && done < total) return;
          last = now;
          process.stderr.write(
            `\rsigma: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events`,
          );
        }
      : undefined,
  });
  if (tty && run.events) process.stderr.write('\r\x1b[K');
  if (!opts.quiet && (run.rules || run.correlations)) {
    process.stderr.write(
      `sigma: ${run.rules} rule${run.rules === 1 ? '' : 's'} over ${run.events.toLocaleString('en-US')} events, ${run.correlations} correlation${run.correlations === 1 ? '' : 's'}: ${run.hits.toLocaleString('en-US')} hits (${(run.ms / 1000).toFixed(1)} s)\n`,
    );
  }
  return run;
}
