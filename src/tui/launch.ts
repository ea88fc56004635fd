import { performance } from 'node:perf_hooks';

export interface OpenTuiOptions {
  dbPath: string;
  /** Header title (default: the case file's name). */
  title?: string;
}

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
  process.env.NODE_ENV ??= 'production';
  const { runTui } = await import('./run-tui.js');
  return runTui(opts, t0);
}
