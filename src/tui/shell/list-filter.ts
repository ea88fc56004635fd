import { addTerm, compileFilter } from '../../query/index.js';
import { andFilters, type SqlFilter } from '../../store/filter-sql.js';
import type { ListFilter } from './app-api.js';

/**
 * Compile a list's filter (throws FilterError for the text part, with its position): every view
 * that shows or counts events for a filter compiles it here, so they agree.
 */
export function compileListFilter(filter: ListFilter, now = Date.now()): SqlFilter {
  const text = filter.text.trim() ? compileFilter(filter.text, { now }) : undefined;
  return andFilters(text, filter.pinned);
}

/** The term the `A` toggle adds: events made by an AWS service (byService, declared in query/fields.ts). */
export const HIDE_SERVICE_CALLERS = '-byService:true';

/** Add the term, or take it out when it is there as a term of its own. */
export function toggleServiceCallers(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.includes(HIDE_SERVICE_CALLERS))
    return words.filter((w) => w !== HIDE_SERVICE_CALLERS).join(' ');
  return addTerm(text, HIDE_SERVICE_CALLERS);
}
