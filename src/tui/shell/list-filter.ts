import { compileFilter } from '../../query/index.js';
import { andFilters, type SqlFilter } from '../../store/filter-sql.js';
import type { ListFilter } from './app-api.js';

/**
 * Compile a list's filter (throws FilterError for the text part, with its position): every view
 * that shows or counts events for a filter compiles it here, so they agree.
 */
export function compileListFilter(filter: ListFilter, now = Date.now()): SqlFilter {
  const text = filter.text.trim() ? compileFilter(filter.text, { now }) : undefined;
  return andFilters(text ? { where: text.where, params: text.params } : undefined, filter.pinned);
}
