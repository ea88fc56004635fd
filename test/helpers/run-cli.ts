import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'trailscope.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the BUILT CLI (`npm run build` first) with `args`; never inherits TRAILSCOPE_DB from the caller. */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
  if (!opts.env?.TRAILSCOPE_DB) delete env.TRAILSCOPE_DB;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
