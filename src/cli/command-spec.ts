import type { Command } from 'commander';

/**
 * A CLI command as data: its module declares its arguments and runs it; the registry lists every
 * command with its one-line summary and loads a command's module only when that command runs.
 * `run` returns the exit status (0 ok, 1 partial / no results, 2 error).
 */
export interface CommandSpec {
  name: string;
  /** Declare arguments and options on the commander sub-command. */
  configure(cmd: Command): void;
  /** commander's action arguments: positional args..., then the options object. */
  run(...args: any[]): Promise<number> | number;
}

/** A registry row: what `trailscope --help` lists, and how to load the command when it runs. */
export interface CommandEntry {
  name: string;
  /** One line for `trailscope --help`. */
  summary: string;
  load(): Promise<CommandSpec>;
}
