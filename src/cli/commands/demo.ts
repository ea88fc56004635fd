import { safeText } from '../../util/safe-text.js';
import type { CommandSpec } from '../command-spec.js';
import { ensureDemoCase } from '../demo-case.js';
import { EXIT_ERROR, EXIT_OK } from '../exit.js';
import { openTui } from '../../tui/main/launch.js';
import { ASCII_OPTION_HELP } from './open.js';

export const DEMO_TITLE = 'demo: brightlane (synthetic incident)';

/** `trailscope demo`: the bundled incident in the TUI (indexed into the user's cache on first use). */
export const demoCommand: CommandSpec = {
  name: 'demo',
  configure(cmd) {
    cmd
      .option(
        '--print-path',
        'index the demo if needed, print its case file path and exit (for scripts: --db "$(trailscope demo --print-path)")',
      )
      .option('--rebuild', 'index the demo evidence again even when a cached case file exists')
      .option('--ascii', ASCII_OPTION_HELP)
      .addHelpText(
        'after',
        '\nThe case file lives in the user cache folder (TRAILSCOPE_CACHE_DIR overrides it).\n',
      );
  },
  async run(opts: { printPath?: boolean; rebuild?: boolean; ascii?: boolean }) {
    if (!opts.printPath && !(process.stdin.isTTY && process.stdout.isTTY)) {
      process.stderr.write(
        'trailscope demo: the TUI needs a terminal on stdin and stdout; for scripts use\n' +
          '  trailscope query --db "$(trailscope demo --print-path)" [FILTER]\n',
      );
      return EXIT_ERROR;
    }
    const demo = await ensureDemoCase({
      rebuild: opts.rebuild,
      onBuild: () =>
        process.stderr.write('trailscope demo: indexing the bundled evidence (first run only)…\n'),
    });
    if (demo.built)
      process.stderr.write(
        `trailscope demo: ready in ${(demo.ms / 1000).toFixed(1)} s (${safeText(demo.path)})\n`,
      );
    if (opts.printPath) {
      process.stdout.write(`${demo.path}\n`);
      return EXIT_OK;
    }
    return openTui({ dbPath: demo.path, title: DEMO_TITLE, ascii: opts.ascii });
  },
};
