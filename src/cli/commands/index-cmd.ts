import type { Command } from 'commander';
import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { runIndex } from '../index-runner.js';

export const indexCommand: CommandSpec = {
  name: 'index',
  summary: 'index CloudTrail files, folders or globs into the case file',
  configure(cmd) {
    cmd
      .argument('<paths...>', 'files, folders (recursive) or globs; gzip and zip are read as they are')
      .option('--db <file>', DB_OPTION_HELP)
      .option('--json', 'print the summary as JSON on stdout')
      .option('--rebuild', 'start the case file over instead of adding to it')
      .option('--workers <n>', 'parser threads (default 2; 0 parses in the main thread)')
      .addHelpText(
        'after',
        `
Unchanged files (same path, size and modification time) are skipped, so re-running adds only new
evidence; an interrupted run is finished by running it again. Exit status: 0 all indexed,
1 some files failed but events were indexed (from other files, or from before a file's damage),
2 nothing could be indexed or usage error, 130 interrupted.`,
      );
  },
  run(paths: string[], opts: { db?: string; json?: boolean; rebuild?: boolean; workers?: string }, cmd?: Command) {
    // the top-level command also takes --db, and commander may hand it to the parent
    const choice = resolveDbPath(opts.db ?? (cmd?.optsWithGlobals?.() as { db?: string } | undefined)?.db);
    let workers: number | undefined;
    if (opts.workers !== undefined) {
      workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
        process.stderr.write('trailscope: --workers takes a whole number from 0 to 64\n');
        return 2;
      }
    }
    return runIndex(paths, { dbPath: choice.path, dbIsDefault: choice.isDefault, json: opts.json, rebuild: opts.rebuild, workers });
  },
};
