import type { CommandEntry, CommandSpec } from '../command-spec.js';
import { ASCII_OPTION_HELP, runDefault } from './open.js';
import { DB_OPTION_HELP } from '../db-path.js';

/** `trailscope [PATH...]`: index the paths (if any), then open the TUI. */
export const DEFAULT_COMMAND: CommandSpec = {
  name: '',
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

/**
 * Every sub-command, in the order `--help` lists them. A command's module (and what it imports:
 * the ingest pipeline, the report, Sigma…) loads only when that command runs: loading all of them
 * took ~200 ms before any command started, the TUI's first frame included.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'index',
    summary: 'index CloudTrail files, folders or globs into the case file',
    load: async () => (await import('./index-cmd.js')).indexCommand,
  },
  {
    name: 'open',
    summary: 'open an existing case file in the TUI',
    load: async () => (await import('./open.js')).openCommand,
  },
  {
    name: 'demo',
    summary: 'open the TUI on the bundled demo incident',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'query',
    summary: 'print events matching a filter',
    load: async () => (await import('./query.js')).queryCommand,
  },
  {
    name: 'stats',
    summary: 'totals and top values for a filter',
    load: async () => (await import('./stats.js')).statsCommand,
  },
  {
    name: 'export',
    summary: 'write matching events as JSON, JSON Lines or CSV',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    name: 'trace',
    summary: 'trace an access key or event back to its origin',
    load: async () => (await import('./trace.js')).traceCommand,
  },
  {
    name: 'notable',
    summary: 'list notable events (rules)',
    load: async () => (await import('./notable.js')).notableCommand,
  },
  {
    name: 'rules',
    summary: 'list every rule (built-in and Sigma), test a Sigma rule, remove a pack',
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  {
    name: 'insights',
    summary: 'offline rate and error anomalies',
    load: async () => (await import('./insights.js')).insightsCommand,
  },
  {
    name: 'carve-list',
    summary: 'list the S3 objects an Athena result came from ("$path"), to copy and index in full',
    load: async () => (await import('./carve-list.js')).carveListCommand,
  },
  {
    name: 'verify',
    summary: 'check log files against CloudTrail digests, the digest chain and signatures, offline',
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  {
    name: 'note',
    summary: 'write a note or tags on an event, or list the notes (--list)',
    load: async () => (await import('./note.js')).noteCommand,
  },
  {
    name: 'coverage',
    summary: 'account × region × hour grid: events, files, digests, gaps and blind windows',
    load: async () => (await import('./coverage.js')).coverageCommand,
  },
  {
    name: 'report',
    summary: 'write the case as a self-contained Markdown or HTML document',
    load: async () => (await import('./report.js')).reportCommand,
  },
];
