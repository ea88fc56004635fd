import type { Database } from 'better-sqlite3';
import type { EventRow } from '../../store/event-row.js';
import { compileFilter } from '../../query/index.js';
import { countEvents, pageEvents } from '../../store/event-pages.js';
import { andFilters, type SqlFilter } from '../../store/filter-sql.js';
import type { ListFilter } from '../shell/app-api.js';
import type { RowSource } from '../kit/row-source.js';

export { compileListFilter } from '../shell/list-filter.js';

/** Events matching a compiled filter, in time order either way, read in keyset pages. */
export function eventSource(
  db: Database,
  filter: SqlFilter,
  order: 'asc' | 'desc',
): RowSource<EventRow> {
  const reverse = order === 'asc' ? 'desc' : 'asc';
  let counted: number | null = null;
  return {
    count() {
      counted ??= countEvents(db, filter);
      return counted;
    },
    after(from, limit) {
      return pageEvents(db, filter, {
        after: from ? { time_ms: from.time_ms, id: from.id } : undefined,
        limit,
        order,
      });
    },
    before(from, limit) {
      const rows = pageEvents(db, filter, {
        after: from ? { time_ms: from.time_ms, id: from.id } : undefined,
        limit,
        order: reverse,
      });
      return rows.reverse();
    },
  };
}
