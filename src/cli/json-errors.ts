import { safeJson } from './safe-json.js';

/**
 * `--json` errors: one shape for every command, on stdout (where the script reads), so a caller
 * never has to parse stderr prose: {"error": {"command", "message", "exitCode", ...details}}.
 * Whether the run asked for JSON is read from the arguments once, in main().
 */
let wanted = false;

export function setJsonErrors(on: boolean): void {
  wanted = on;
}

export function jsonErrorsWanted(): boolean {
  return wanted;
}

export interface JsonErrorDetails {
  /** Where in the filter text the mistake is (code units), and how long it is. */
  position?: number;
  length?: number;
  suggestion?: string;
  /** A stable word for the kind of error: filter, usage, case-file, empty-time-range, internal. */
  kind?: string;
}

export function writeJsonError(
  command: string,
  message: string,
  exitCode: number,
  details: JsonErrorDetails = {},
): void {
  process.stdout.write(safeJson({ error: { command, message, exitCode, ...details } }) + '\n');
}
