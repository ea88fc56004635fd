import type { Database } from 'better-sqlite3';
import type { EventRow } from '../../store/event-row.js';
import { eventsByIds } from '../../store/event-pages.js';
import type { RowSource } from '../kit/row-source.js';

/**
 * Events of a filter the query thread has already run: its matching ids in time order (at most a
 * few hundred thousand, see event-list's MATERIALISE_MAX), so every page is a read by primary key
 * however costly the filter was to evaluate.
 */
export function idSource(
  db: Database,
  idsAsc: readonly number[],
  order: 'asc' | 'desc',
): RowSource<EventRow> {
  const ids = order === 'asc' ? idsAsc : [...idsAsc].reverse();
  let pos: Map<number, number> | null = null;
  const indexOf = (id: number): number => {
    pos ??= new Map(ids.map((x, i) => [x, i]));
    return pos.get(id) ?? -1;
  };
  return {
    count: () => ids.length,
    after(from, limit) {
      const start = from === null ? 0 : indexOf(from.id) + 1;
      return eventsByIds(db, ids.slice(start, start + limit));
    },
    before(from, limit) {
      const end = from === null ? ids.length : indexOf(from.id);
      return eventsByIds(db, ids.slice(Math.max(0, end - limit), Math.max(0, end)));
    },
  };
}

export const EMPTY_SOURCE: RowSource<EventRow> = {
  count: () => 0,
  after: () => [],
  before: () => [],
};
