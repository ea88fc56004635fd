import type { Command } from 'commander';

/**
 * A CLI command as data: the registry lists these, main.ts wires them into commander, and help
 * text comes from here. `run` returns the exit status (0 ok, 1 partial / no results, 2 error).
 */
export interface CommandSpec {
  name: string;
  /** One line for `trailscope --help`. */
  summary: string;
  /** Declare arguments and options on the commander sub-command. */
  configure(cmd: Command): void;
  /** commander's action arguments: positional args..., then the options object. */
  run(...args: any[]): Promise<number> | number;
}
