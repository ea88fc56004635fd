import { compileFilter, FilterError, pointAt, type CompiledFilter } from '../query/index.js';
import { safeText } from '../util/safe-text.js';
import { EXIT_ERROR, EXIT_PARTIAL, UserError } from './exit.js';
import { jsonErrorsWanted, writeJsonError } from './json-errors.js';

/**
 * The filter given on the command line: the words are joined, so `trailscope query name:X error:*`
 * and `trailscope query 'name:X error:*'` mean the same. On a mistake, writes the message with a
 * caret under the offending text to stderr and returns null.
 */
export function filterFromArgs(
  command: string,
  words: readonly string[] | undefined,
  now = Date.now(),
): CompiledFilter | null {
  // the commands let unknown options through so that `-error:*` is a filter term; a real typo
  // of an option (`--limt`) still deserves an error rather than a search for "--limt"
  const stray = (words ?? []).find((w) => /^--[a-z]/i.test(w));
  if (stray) {
    const message = `unknown option ${safeText(stray)} (see trailscope ${command} --help)`;
    if (jsonErrorsWanted()) writeJsonError(command, message, EXIT_ERROR, { kind: 'usage' });
    process.stderr.write(`trailscope ${command}: ${message}\n`);
    return null;
  }
  const text = (words ?? []).join(' ');
  let filter: CompiledFilter;
  try {
    filter = compileFilter(text, { now });
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    if (jsonErrorsWanted()) {
      writeJsonError(command, `filter: ${err.message}`, EXIT_ERROR, {
        kind: 'filter',
        position: err.position,
        length: err.length,
        suggestion: err.suggestion,
      });
    }
    process.stderr.write(
      `trailscope ${command}: filter: ${safeText(err.message, { max: 400 })}\n${pointAt(text, err)}\n`,
    );
    if (err.suggestion)
      process.stderr.write(`  suggestion: ${safeText(err.suggestion, { max: 400 })}\n`);
    return null;
  }
  // a filter that cannot match whatever the evidence holds is not run: say why (exit 1)
  if (filter.warnings.length)
    throw new UserError(
      `${command}: ${filter.warnings.join('; ')}`,
      EXIT_PARTIAL,
      'empty-time-range',
    );
  return filter;
}

export const FILTER_HELP =
  'filter in the trailscope filter language (see the README), e.g. name:StopLogging,DeleteTrail -error:*';

/** Parse a non-negative integer option; null when it is not one. */
export function parseCount(v: string | undefined, fallback: number): number | null {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
}
