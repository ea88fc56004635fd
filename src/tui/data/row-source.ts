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

/** A source over an in-memory array (tests, small derived lists). */
export function arraySource<R>(
  items: readonly R[],
  same: (a: R, b: R) => boolean = Object.is,
): RowSource<R> {
  const indexOf = (r: R) => items.findIndex((x) => same(x, r));
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
