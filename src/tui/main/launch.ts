import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import type { OpenTuiOptions } from './options.js';

export type { OpenTuiOptions };

/**
 * Open the TUI on a case file; resolves with the exit status when the user quits.
 * Refuses to start without a terminal on both stdin and stdout (raw mode and a screen are needed).
 *
 * React and ink load only here, and only after choosing React's production build: the development
 * build renders several times slower, and headless commands should not pay for loading React at all.
 */
export async function openTui(opts: OpenTuiOptions): Promise<number> {
  const t0 = performance.now();
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      'trailscope: the TUI needs a terminal on stdin and stdout; for scripts and pipes use ' +
        '`trailscope query [FILTER]` (or `stats`, `export`)\n',
    );
    return 2;
  }
  const { runTui } = await loadTui();
  return runTui(opts, t0);
}

let loading: Promise<RunTuiModule> | null = null;

/**
 * Start loading the TUI's code while something else is awaited (the indexing child starting on a
 * fresh case file): openTui then finds it loaded. Only with a terminal (openTui's own check).
 */
export function preloadTui(): void {
  if (process.stdin.isTTY && process.stdout.isTTY) loadTui().catch(() => {});
}

function loadTui(): Promise<RunTuiModule> {
  process.env.NODE_ENV ??= 'production';
  return (loading ??= importWithoutCiFlag(loadRunTui));
}

type RunTuiModule = typeof import('./run-tui.js');

/**
 * The TUI bundled into one file by `npm run build` (scripts/bundle-tui.mjs) when it is there and
 * not older than the compiled sources (a bare `tsc` leaves it stale); else the modules as compiled.
 */
async function loadRunTui(): Promise<RunTuiModule> {
  const bundle = new URL('./run-tui.bundle.js', import.meta.url);
  const plain = new URL('./run-tui.js', import.meta.url);
  try {
    if (statSync(bundle).mtimeMs >= statSync(plain).mtimeMs)
      return (await import(bundle.href)) as RunTuiModule;
  } catch {
    // no bundle (tests run the sources; a production-only install has no bundler)
  }
  return import('./run-tui.js');
}

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/**
 * ink decides once, when its module loads, whether it runs "in CI" (from CI /
 * CONTINUOUS_INTEGRATION), and then draws nothing until exit: a blank screen. We only get here with
 * a terminal on both ends, so a person (or a pty test on a CI runner) is watching: hide the flags
 * while ink loads, then put them back for anything else that reads them.
 */
async function importWithoutCiFlag<T>(load: () => Promise<T>): Promise<T> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of CI_VARIABLES) delete process.env[name];
  try {
    return await load();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
