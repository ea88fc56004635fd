import type { CommandSpec } from '../command-spec.js';
import { indexCommand } from './index-cmd.js';
import { notYet } from './not-yet.js';
import { ASCII_OPTION_HELP, openCommand, runDefault } from './open.js';
import { DB_OPTION_HELP } from '../db-path.js';
import { traceCommand } from './trace.js';
import { queryCommand } from './query.js';
import { statsCommand } from './stats.js';
import { exportCommand } from './export.js';
import { notableCommand } from './notable.js';
import { insightsCommand } from './insights.js';
import { demoCommand } from './demo.js';
import { verifyCommand } from './verify.js';
import { noteCommand } from './note.js';
import { carveListCommand } from './carve-list.js';
import { rulesCommand } from './rules.js';
import { coverageCommand } from './coverage.js';
import { reportCommand } from './report.js';

/** `trailscope [PATH...]`: index the paths (if any), then open the TUI. */
export const DEFAULT_COMMAND: CommandSpec = {
  name: '',
  summary: 'index PATHs (if given) and open the TUI',
  configure(cmd) {
    // `cmd` is the root program: its --db must not swallow the sub-commands' own --db
    cmd.enablePositionalOptions();
    cmd
      .argument('[paths...]', 'evidence files, folders or globs to index first')
      .option('--db <file>', DB_OPTION_HELP)
      .option('--ascii', ASCII_OPTION_HELP);
  },
  run: runDefault,
};

/** Every sub-command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  indexCommand,
  openCommand,
  demoCommand,
  queryCommand,
  statsCommand,
  exportCommand,
  traceCommand,
  notableCommand,
  rulesCommand,
  insightsCommand,
  carveListCommand,
  verifyCommand,
  noteCommand,
  coverageCommand,
  reportCommand,
];
