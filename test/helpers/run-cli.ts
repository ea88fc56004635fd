import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guardEvidence, type EvidenceGuard } from './evidence-hash.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'trailscope.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Commands that read evidence files given on the command line (demo reads the bundled demo-data). */
const READS_EVIDENCE = new Set(['index', 'verify', 'carve-list', 'demo']);
/** Options whose value is a file the command may write. */
const WRITES = new Set(['--db', '--out', '-o']);

/**
 * A guard on every path an evidence-reading command is given (the case file and outputs aside,
 * even inside the evidence folder), so each end-to-end run proves the evidence left untouched.
 */
function guardInputs(
  args: readonly string[],
  cwd: string,
  dbFromEnv: string | undefined,
): EvidenceGuard[] {
  if (!READS_EVIDENCE.has(args[0] ?? '')) return [];
  const written = [resolve(cwd, dbFromEnv ?? 'trailscope.db')];
  const inputs: string[] = args[0] === 'demo' ? [join(REPO_ROOT, 'demo-data')] : [];
  args.forEach((a, i) => {
    const opt = /^(--?[\w-]+)=(.*)$/.exec(a);
    if (opt && WRITES.has(opt[1])) written.push(resolve(cwd, opt[2]));
    else if (i > 0 && WRITES.has(args[i - 1])) written.push(resolve(cwd, a));
    else if (i > 0 && !a.startsWith('-') && existsSync(resolve(cwd, a)))
      inputs.push(resolve(cwd, a));
  });
  return inputs
    .filter((p) => !written.includes(p))
    .map((p) => guardEvidence(p, { exclude: written }));
}

/** Run the BUILT CLI (`npm run build` first) with `args`; never inherits TRAILSCOPE_DB from the caller. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
  if (!opts.env?.TRAILSCOPE_DB) delete env.TRAILSCOPE_DB;
  const cwd = opts.cwd ?? REPO_ROOT;
  const guards = guardInputs(args, cwd, env.TRAILSCOPE_DB);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  for (const g of guards) g.check();
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
