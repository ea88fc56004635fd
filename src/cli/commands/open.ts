import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, dbForIndex, resolveDbPath } from '../db-path.js';
import { safeText } from '../../util/safe-text.js';
import { EXIT_ERROR } from '../exit.js';
import { openTui, preloadTui } from '../../tui/main/launch.js';
import { fileURLToPath } from 'node:url';

/** The CLI's entry script, run again as the indexing child. */
function cliEntry(): string {
  return fileURLToPath(new URL('../../../bin/trailscope.js', import.meta.url));
}

function hasTerminal(): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY;
}

export const ASCII_OPTION_HELP =
  'draw with ASCII only (also when the locale is not UTF-8, e.g. LANG=C)';

const NO_TTY =
  'trailscope: the TUI needs a terminal on stdin and stdout; for scripts and pipes use ' +
  '`trailscope index PATH...` then `trailscope query [FILTER]` (or `stats`, `export`)\n';

/** `trailscope open [--db FILE]`: the TUI on an existing case file. */
export const openCommand: CommandSpec = {
  name: 'open',
  configure(cmd) {
    cmd.option('--db <file>', DB_OPTION_HELP).option('--ascii', ASCII_OPTION_HELP);
  },
  async run(opts: { db?: string; ascii?: boolean }) {
    return openTui({ dbPath: resolveDbPath(opts.db).path, ascii: opts.ascii });
  },
};

/** `trailscope [PATH...]`: index the paths (with the progress bar), then open the TUI. */
export async function runDefault(
  paths: string[],
  opts: { db?: string; ascii?: boolean },
): Promise<number> {
  if (!hasTerminal()) {
    process.stderr.write(NO_TTY);
    return EXIT_ERROR;
  }
  const choice = paths.length ? dbForIndex(resolveDbPath(opts.db), paths) : resolveDbPath(opts.db);
  const path = choice.path;
  if ('note' in choice && choice.note)
    process.stderr.write(`trailscope: ${safeText(choice.note)}\n`);
  if (!paths.length) return openTui({ dbPath: path, ascii: opts.ascii });
  if (process.env.TRAILSCOPE_LIVE === '0') {
    // the run first, then the TUI (as before the TUI could open while indexing)
    const { runIndex } = await import('../index-runner.js');
    const status = await runIndex(paths, { dbPath: path });
    if (status === EXIT_ERROR) return status;
    return openTui({ dbPath: path, ascii: opts.ascii });
  }
  // The TUI opens as soon as the case file can be read, and shows events as they land; the run
  // goes on in a child process (its memory is its own). Its exit status is the command's.
  const { LiveIndex } = await import('../live-index.js');
  const live = new LiveIndex(cliEntry(), paths, path);
  // the TUI's code loads while the child starts and finds the files
  preloadTui();
  const stopEarly = (): void => live.stop();
  process.on('SIGINT', stopEarly);
  const ready = await live.ready(path);
  process.off('SIGINT', stopEarly);
  if (!ready || live.done?.interrupted) {
    const status = await live.exited;
    process.stderr.write(live.messages);
    return status;
  }
  const tui = await openTui({ dbPath: path, ascii: opts.ascii, live });
  const status = await live.exited;
  if (live.messages) process.stderr.write(live.messages);
  // the run wrote its summary as JSON to the TUI: what it could not use is said again here, where
  // it stays on the screen (an 80-column status line cuts it)
  const done = live.done;
  if (done?.failed)
    process.stderr.write(
      `trailscope: ${done.failed} file(s) failed; \`trailscope open --db ${safeText(path)}\` then I lists them\n`,
    );
  for (const p of done?.unusable ?? [])
    process.stderr.write(`trailscope: not read: ${safeText(p.path)}: ${safeText(p.reason)}\n`);
  const more = (done?.unusableCount ?? 0) - (done?.unusable?.length ?? 0);
  if (more > 0) process.stderr.write(`trailscope: and ${more} more path(s) not read\n`);
  if (live.done?.interrupted)
    process.stderr.write(
      `trailscope: indexing stopped; run the same command again to resume (${safeText(path)} is consistent)\n`,
    );
  return tui === 0 ? status : tui;
}
