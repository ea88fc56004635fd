import { compileFilter, FilterError, pointAt, type CompiledFilter } from '../query/index.js';
import { safeText } from '../util/safe-text.js';

/**
 * The filter given on the command line: the words are joined, so `trailscope query name:X error:*`
 * and `trailscope query 'name:X error:*'` mean the same. On a mistake, writes the message with a
 * caret under the offending text to stderr and returns null.
 */
export function filterFromArgs(command: string, words: readonly string[] | undefined, now = Date.now()): CompiledFilter | null {
  // the commands let unknown options through so that `-error:*` is a filter term; a real typo
  // of an option (`--limt`) still deserves an error rather than a search for "--limt"
  const stray = (words ?? []).find((w) => /^--[a-z]/i.test(w));
  if (stray) {
    process.stderr.write(`trailscope ${command}: unknown option ${safeText(stray)} (see trailscope ${command} --help)\n`);
    return null;
  }
  const text = (words ?? []).join(' ');
  try {
    return compileFilter(text, { now });
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    process.stderr.write(`trailscope ${command}: filter: ${safeText(err.message, { max: 400 })}\n${pointAt(text, err)}\n`);
    if (err.suggestion) process.stderr.write(`  suggestion: ${safeText(err.suggestion, { max: 400 })}\n`);
    return null;
  }
}

export const FILTER_HELP = 'filter in the trailscope filter language (see the README), e.g. name:StopLogging,DeleteTrail -error:*';

/** Parse a non-negative integer option; null when it is not one. */
export function parseCount(v: string | undefined, fallback: number): number | null {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
}
