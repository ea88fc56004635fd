import type { RowSource } from './row-source.js';

/**
 * A cursor over a possibly huge list, holding only the rows around the visible window. Positions
 * are absolute (row N of total) so the header can say where we are; the buffer starts at `base`.
 */
export interface ListWindow<R> {
  rows: R[];
  /** Absolute index of rows[0]. */
  base: number;
  /** Absolute index of the selected row. */
  cursor: number;
  /** Absolute index of the first visible row. */
  top: number;
  /** Rows in the list; UNKNOWN_TOTAL until counted (see `openWindowUncounted`). */
  total: number;
  height: number;
}

/** A count not known yet: large enough never to clamp a move; the list's end corrects it. */
export const UNKNOWN_TOTAL = Number.MAX_SAFE_INTEGER;

export function emptyWindow<R>(height: number): ListWindow<R> {
  return { rows: [], base: 0, cursor: 0, top: 0, total: 0, height: Math.max(1, height) };
}

export function openWindow<R>(src: RowSource<R>, height: number): ListWindow<R> {
  const h = Math.max(1, height);
  const total = src.count();
  const rows = total ? src.after(null, h * 2) : [];
  return { rows, base: 0, cursor: 0, top: 0, total, height: h };
}

/**
 * Open without counting: a count can scan every matching row, a first page cannot. The total is
 * exact when the first pages hold the whole list, else UNKNOWN_TOTAL until `withTotal`.
 */
export function openWindowUncounted<R>(src: RowSource<R>, height: number): ListWindow<R> {
  const h = Math.max(1, height);
  const rows = src.after(null, h * 2);
  return {
    rows,
    base: 0,
    cursor: 0,
    top: 0,
    total: rows.length < h * 2 ? rows.length : UNKNOWN_TOTAL,
    height: h,
  };
}

/** The count arrived. */
export function withTotal<R>(w: ListWindow<R>, total: number): ListWindow<R> {
  if (total === w.total) return w;
  const cursor = Math.min(w.cursor, Math.max(0, total - 1));
  return { ...w, total, cursor, top: Math.min(w.top, cursor) };
}

export function selectedRow<R>(w: ListWindow<R>): R | undefined {
  return w.rows[w.cursor - w.base];
}

export function visibleRows<R>(w: ListWindow<R>): R[] {
  return w.rows.slice(w.top - w.base, w.top - w.base + w.height);
}

/** Move the cursor by `delta` rows (clamped), scrolling the window and fetching as needed. */
export function moveBy<R>(w: ListWindow<R>, src: RowSource<R>, delta: number): ListWindow<R> {
  if (w.total === 0) return w;
  const cursor = clamp(w.cursor + delta, 0, w.total - 1);
  let top = w.top;
  if (cursor < top) top = cursor;
  if (cursor >= top + w.height) top = cursor - w.height + 1;
  return fill({ ...w, cursor, top }, src);
}

/** Page moves keep the cursor's place on the screen, like less and vim. */
export function pageBy<R>(w: ListWindow<R>, src: RowSource<R>, pages: number): ListWindow<R> {
  if (w.total === 0) return w;
  const step = Math.max(1, w.height - 1) * pages;
  const maxTop = Math.max(0, w.total - w.height);
  const top = clamp(w.top + step, 0, maxTop);
  const cursor = clamp(w.cursor + step, 0, w.total - 1);
  return fill({ ...w, top: Math.min(top, cursor), cursor }, src);
}

export function toStart<R>(w: ListWindow<R>, src: RowSource<R>): ListWindow<R> {
  const total = src.count();
  return {
    ...w,
    rows: total ? src.after(null, w.height * 2) : [],
    base: 0,
    cursor: 0,
    top: 0,
    total,
  };
}

export function toEnd<R>(w: ListWindow<R>, src: RowSource<R>): ListWindow<R> {
  const total = src.count();
  if (!total) return { ...w, rows: [], base: 0, cursor: 0, top: 0, total };
  const rows = src.before(null, w.height * 2);
  const base = total - rows.length;
  return { ...w, rows, base, cursor: total - 1, top: Math.max(base, total - w.height), total };
}

/** Adapt to a new height (resize), keeping the cursor visible. */
export function resize<R>(w: ListWindow<R>, src: RowSource<R>, height: number): ListWindow<R> {
  const h = Math.max(1, height);
  if (h === w.height) return w;
  let top = w.top;
  if (w.cursor >= top + h) top = w.cursor - h + 1;
  top = clamp(Math.min(top, Math.max(0, w.total - h)), 0, Math.max(0, w.total - 1));
  return fill({ ...w, height: h, top: Math.min(top, w.cursor) }, src);
}

/**
 * Make the buffer cover [top - height, top + 2*height) where rows exist, fetching keyset pages from
 * the buffer's edges, and drop rows far outside it so memory stays a few pages.
 */
function fill<R>(w: ListWindow<R>, src: RowSource<R>): ListWindow<R> {
  let { rows, base } = w;
  const want0 = Math.max(0, w.top - w.height);
  const want1 = Math.min(w.total, w.top + 2 * w.height);
  // A jump past the buffer (no shared edge): reload around the cursor from the nearest end.
  if (rows.length === 0 || w.top + w.height < base || w.top > base + rows.length) {
    return reloadAround(w, src);
  }
  if (base + rows.length < want1) {
    const more = src.after(rows[rows.length - 1] ?? null, want1 - (base + rows.length));
    rows = rows.concat(more);
    if (more.length < want1 - (base + rows.length - more.length)) {
      // fewer rows than counted: the list ended early (concurrent change); trust the rows
      const total = base + rows.length;
      w = {
        ...w,
        total,
        cursor: Math.min(w.cursor, total - 1),
        top: Math.min(w.top, Math.max(0, total - 1)),
      };
    }
  }
  if (base > want0 && rows.length) {
    const more = src.before(rows[0]!, base - want0);
    rows = more.concat(rows);
    base -= more.length;
  }
  // trim to three pages either side of the window
  const keep0 = Math.max(base, w.top - 3 * w.height);
  const keep1 = Math.min(base + rows.length, w.top + 4 * w.height);
  if (keep0 > base || keep1 < base + rows.length) {
    rows = rows.slice(keep0 - base, keep1 - base);
    base = keep0;
  }
  return { ...w, rows, base };
}

/** Far jumps (page past the buffer): walk from the closer end, which keyset paging can do cheaply. */
function reloadAround<R>(w: ListWindow<R>, src: RowSource<R>): ListWindow<R> {
  const start = Math.max(0, w.top - w.height);
  const end = Math.min(w.total, w.top + 2 * w.height);
  const fromEnd = w.total - end < start;
  let rows: R[];
  let base: number;
  if (fromEnd) {
    const all = src.before(null, w.total - start);
    rows = all.slice(0, end - start);
    base = w.total - all.length;
  } else {
    const all = src.after(null, end);
    rows = all.slice(start);
    base = start;
  }
  return { ...w, rows, base };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), Math.max(lo, hi));
}
