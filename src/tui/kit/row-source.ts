/**
 * What a list view reads from: a count, and keyset pages either side of a row, in display order.
 * Only the visible window plus a page either side is ever held in memory.
 */
export interface RowSource<R> {
  count(): number;
  /** Up to `limit` rows after `from` in display order (`null`: from the first row). */
  after(from: R | null, limit: number): R[];
  /** Up to `limit` rows before `from`, returned in display order (`null`: the last rows). */
  before(from: R | null, limit: number): R[];
}

/** A source over an in-memory array (lines, rules, values): rows are found by identity in O(1). */
export function arraySource<R>(items: readonly R[]): RowSource<R> {
  let index: Map<R, number> | null = null;
  const indexOf = (r: R): number => {
    index ??= new Map(items.map((x, i) => [x, i]));
    return index.get(r) ?? -1;
  };
  return {
    count: () => items.length,
    after(from, limit) {
      const start = from === null ? 0 : indexOf(from) + 1;
      return items.slice(start, start + limit);
    },
    before(from, limit) {
      const end = from === null ? items.length : indexOf(from);
      return items.slice(Math.max(0, end - limit), end);
    },
  };
}

/** A row with its position, for sources paged by offset (`LIMIT n OFFSET i`). */
export interface AtIndex<R> {
  i: number;
  row: R;
}

/** A source read by offset pages: `page(offset, limit)` in display order. */
export function offsetSource<R>(
  count: () => number,
  page: (offset: number, limit: number) => R[],
): RowSource<AtIndex<R>> {
  const wrap = (offset: number, rows: R[]) => rows.map((row, k) => ({ i: offset + k, row }));
  return {
    count,
    after(from, limit) {
      const start = from === null ? 0 : from.i + 1;
      return wrap(start, page(start, limit));
    },
    before(from, limit) {
      const end = from === null ? count() : from.i;
      const start = Math.max(0, end - limit);
      return wrap(start, page(start, end - start));
    },
  };
}

/** An in-memory list whose rows may repeat (blank help lines, equal values): rows carry their index. */
export function itemsSource<R>(items: readonly R[]): RowSource<AtIndex<R>> {
  return offsetSource(
    () => items.length,
    (offset, limit) => items.slice(offset, offset + limit),
  );
}
