import { Command, CommanderError } from 'commander';
import { COMMANDS, DEFAULT_COMMAND } from './commands/registry.js';
import type { CommandSpec } from './command-spec.js';
import { EXIT_ERROR, UserError } from './exit.js';
import { VERSION } from './version.js';
import { CaseFileError } from '../store/case-file-error.js';
import { safeText } from '../util/safe-text.js';
import { jsonErrorsWanted, setJsonErrors, writeJsonError } from './json-errors.js';
import { HELP_TOPICS, helpTopicText } from './help-topics.js';

/** Help lists each command's arguments: every command is loaded for it. */
function wantsHelp(args: readonly string[]): boolean {
  // `help` anywhere: root options may come first (`--db FILE help query`); a path named `help`
  // only costs loading every command
  return args.includes('help') || args.includes('--help') || args.includes('-h');
}

function wire(cmd: Command, spec: CommandSpec): void {
  spec.configure(cmd);
  cmd.action(async (...args: unknown[]) => {
    process.exitCode = await spec.run(...args);
  });
}

async function build(args: readonly string[]): Promise<Command> {
  const program = new Command('trailscope')
    .description(
      'Index AWS CloudTrail evidence into a SQLite case file and investigate it in the terminal.',
    )
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  // `trailscope help [command]`: commander adds it only to programs without an action of their
  // own; ours has one (the default command), which would take `help trace` as two paths to index.
  program.helpCommand('help [command]', 'show help for a command (or for trailscope)');

  // `trailscope [PATH...]`: index, then open the TUI.
  DEFAULT_COMMAND.configure(program);
  program.action(async (...args: unknown[]) => {
    process.exitCode = await DEFAULT_COMMAND.run(...args);
  });

  const eager = wantsHelp(args);
  for (const entry of COMMANDS) {
    const cmd = program.command(entry.name).description(entry.summary).exitOverride();
    cmd.version(VERSION, '-V, --version');
    if (eager) wire(cmd, await entry.load());
  }
  // otherwise only the command that runs is loaded, just before commander parses its arguments
  if (!eager)
    program.hook('preSubcommand', async (_root, sub) => {
      const entry = COMMANDS.find((e) => e.name === sub.name());
      if (entry) wire(sub, await entry.load());
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // commander answers `help <unknown>` with the general help and status 0: a typo is a usage error
  const [first, topic] = argv.slice(2);
  setJsonErrors(argv.slice(2).includes('--json'));
  const page = first === 'help' && topic !== undefined ? helpTopicText(topic) : null;
  if (page !== null) {
    process.stdout.write(page);
    return;
  }
  if (
    first === 'help' &&
    topic !== undefined &&
    !topic.startsWith('-') &&
    topic !== 'help' &&
    !COMMANDS.some((c) => c.name === topic)
  ) {
    process.stderr.write(
      `trailscope: no command or help topic named '${safeText(topic)}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; topics: ${Object.keys(HELP_TOPICS).join(', ')})\n`,
    );
    process.exitCode = EXIT_ERROR;
    return;
  }
  const program = await build(argv.slice(2));
  const usage = jsonErrorsWanted() ? watchUsageErrors() : null;
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are not errors; everything else commander rejects is a usage error
      process.exitCode =
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
          ? 0
          : EXIT_ERROR;
    } else reportFatal(err);
  } finally {
    usage?.finish();
  }
}

/**
 * With --json, a usage error that a command only wrote to stderr (`--by bogus`, `--limit abc`)
 * still gets the one JSON error shape on stdout, made of that message: scripts read stdout.
 */
function watchUsageErrors(): { finish(): void } {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let wroteOut = false;
  let lastErr = '';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    wroteOut = true;
    return (out as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const line = text.split('\n').find((l) => l.trim() !== '');
    if (line && !lastErr) lastErr = line.trim();
    return (err as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  return {
    finish() {
      process.stdout.write = out as typeof process.stdout.write;
      process.stderr.write = err as typeof process.stderr.write;
      if (process.exitCode === EXIT_ERROR && !wroteOut) {
        const message = lastErr.replace(/^trailscope(?: [\w-]+)?: /, '') || 'usage error';
        writeJsonError(process.argv[2] ?? 'trailscope', message, EXIT_ERROR, { kind: 'usage' });
      }
    },
  };
}

export function reportFatal(err: unknown): void {
  if (jsonErrorsWanted()) {
    const known = err instanceof UserError || err instanceof CaseFileError;
    const exitCode = err instanceof UserError ? err.exitCode : EXIT_ERROR;
    const kind =
      err instanceof UserError ? err.kind : err instanceof CaseFileError ? 'case-file' : 'internal';
    const message = known
      ? (err as Error).message
      : `internal error: ${(err as Error)?.message ?? String(err)}`;
    writeJsonError(process.argv[2] ?? 'trailscope', message, exitCode, { kind });
  }
  if (err instanceof UserError || err instanceof CaseFileError) {
    process.stderr.write(`trailscope: ${safeText(err.message)}\n`);
    process.exitCode = err instanceof UserError ? err.exitCode : EXIT_ERROR;
    return;
  }
  const e = err as Error;
  process.stderr.write(`trailscope: internal error: ${safeText(e?.message ?? String(err))}\n`);
  if (process.env.TRAILSCOPE_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  else process.stderr.write('(set TRAILSCOPE_DEBUG=1 for details)\n');
  process.exitCode = EXIT_ERROR;
}

main(process.argv).catch(reportFatal);
