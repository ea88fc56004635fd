import type { RowSource } from './row-source.js';
import {
  emptyWindow,
  moveBy,
  openWindow,
  openWindowUncounted,
  pageBy,
  resize,
  selectedRow,
  toEnd,
  toStart,
  visibleRows,
  withTotal,
  UNKNOWN_TOTAL,
  type ListWindow,
} from './list-window.js';

/** The movements every list understands, bound once to keys in `moves.ts`. */
export type MoveId = 'down' | 'up' | 'pagedown' | 'pageup' | 'first' | 'last';

/**
 * The one list kernel: a cursor and a window over a count-and-rows source. Every list in the TUI
 * (events, detail lines, chains, keys, rules, facets, help, suggestions) is one of these, so
 * movement, paging and resizing behave the same everywhere and are tested once.
 *
 * Synchronous on purpose: a key changes the cursor before the next key is read, so a burst of
 * keys (`↓↓↓⏎` over a slow link) acts on the row the previous key left selected.
 */
export class ListModel<R> {
  private src: RowSource<R>;
  private win: ListWindow<R>;

  constructor(src: RowSource<R>, height = 1, opts: { counted?: boolean } = {}) {
    this.src = src;
    this.win = (opts.counted === false ? openWindowUncounted : openWindow)(src, height);
  }

  /** A new source (a new filter, re-sorted rows): back to the first row. */
  setSource(src: RowSource<R>, opts: { counted?: boolean } = {}): void {
    this.src = src;
    this.win = (opts.counted === false ? openWindowUncounted : openWindow)(src, this.win.height);
  }

  /**
   * The same list with changed rows (a JSON node expanded, a sort applied to the same items):
   * keep the cursor at the same index where it still exists.
   */
  replaceSource(src: RowSource<R>, cursor = this.win.cursor): void {
    const h = this.win.height;
    this.src = src;
    this.win = openWindow(src, h);
    this.moveTo(cursor);
  }

  static empty<R>(height = 1): ListModel<R> {
    const m = new ListModel<R>({ count: () => 0, after: () => [], before: () => [] }, height);
    m.win = emptyWindow(height);
    return m;
  }

  move(id: MoveId): void {
    const w = this.win;
    switch (id) {
      case 'down':
        this.win = moveBy(w, this.src, 1);
        break;
      case 'up':
        this.win = moveBy(w, this.src, -1);
        break;
      case 'pagedown':
        this.win = pageBy(w, this.src, 1);
        break;
      case 'pageup':
        this.win = pageBy(w, this.src, -1);
        break;
      case 'first':
        this.win = toStart(w, this.src);
        break;
      case 'last':
        this.win = toEnd(w, this.src);
        break;
    }
  }

  /** Put the cursor on row `index` (clamped), scrolling as little as needed; `third` puts it a third down the screen. */
  moveTo(index: number, opts: { third?: boolean } = {}): void {
    const w = this.win;
    if (w.total === 0) return;
    const target = Math.max(0, Math.min(index, w.total - 1));
    this.win = moveBy(w, this.src, target - w.cursor);
    if (opts.third && this.win.total > this.win.height) {
      const top = Math.max(
        0,
        Math.min(target - Math.floor(this.win.height / 3), this.win.total - this.win.height),
      );
      if (top !== this.win.top) {
        this.win = { ...this.win, top: Math.min(top, target) };
        this.win = moveBy(this.win, this.src, 0);
      }
    }
  }

  resize(height: number): void {
    this.win = resize(this.win, this.src, height);
  }

  /** The count arrived (lists opened uncounted show their rows first). */
  setTotal(total: number): void {
    const cursor = this.win.cursor;
    this.win = withTotal(this.win, total);
    // the rows read before the count may be none (a case file still being written when the
    // first page was read): read them now, where the cursor is
    if (total > 0 && this.win.rows.length === 0) {
      this.win = toStart(this.win, this.src);
      if (cursor > 0) this.moveTo(cursor);
    }
  }

  get counted(): boolean {
    return this.win.total !== UNKNOWN_TOTAL;
  }
  get total(): number {
    return this.win.total;
  }
  get cursor(): number {
    return this.win.cursor;
  }
  get top(): number {
    return this.win.top;
  }
  get height(): number {
    return this.win.height;
  }
  get selected(): R | undefined {
    return selectedRow(this.win);
  }
  /** The rows on screen, first one at `top`. */
  get visible(): R[] {
    return visibleRows(this.win);
  }
  /** Index on screen of the selected row (-1 when it is off screen). */
  get selectedOnScreen(): number {
    const i = this.win.cursor - this.win.top;
    return i >= 0 && i < this.win.height ? i : -1;
  }
  get source(): RowSource<R> {
    return this.src;
  }
}
