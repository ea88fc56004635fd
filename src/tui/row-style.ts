import type { EventRow } from '../store/event-row.js';

/**
 * Row colours in the event table, contributed by other parts (notable rows). The first colour a
 * provider returns wins; failed calls are red otherwise. Colour is only a bonus (NO_COLOR): give the
 * same information in a column too.
 */
export type RowColorProvider = (row: EventRow) => string | undefined;

const providers: RowColorProvider[] = [];

export function registerRowColor(p: RowColorProvider): void {
  providers.push(p);
}

export function rowColorFor(row: EventRow): string | undefined {
  for (const p of providers) {
    const c = p(row);
    if (c) return c;
  }
  return row.error_code ? 'red' : undefined;
}
