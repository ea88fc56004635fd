import { describe, expect, it } from 'vitest';
import { arraySource } from '../../../src/tui/kit/row-source.js';
import {
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
} from '../../../src/tui/kit/list-window.js';

const items = Array.from({ length: 1000 }, (_, i) => i);

/** A source that counts rows fetched, to check only a few pages are ever read. */
function counting() {
  const src = arraySource(items);
  let fetched = 0;
  return {
    src: {
      count: src.count,
      after: (f: number | null, n: number) => {
        const r = src.after(f, n);
        fetched += r.length;
        return r;
      },
      before: (f: number | null, n: number) => {
        const r = src.before(f, n);
        fetched += r.length;
        return r;
      },
    },
    fetched: () => fetched,
  };
}

describe('list window', () => {
  it('opens on the first rows and shows height rows', () => {
    const w = openWindow(arraySource(items), 10);
    expect(visibleRows(w)).toEqual(items.slice(0, 10));
    expect(selectedRow(w)).toBe(0);
    expect(w.total).toBe(1000);
  });

  it('scrolls the window when the cursor leaves it, and clamps at both ends', () => {
    const src = arraySource(items);
    let w = openWindow(src, 10);
    w = moveBy(w, src, 12);
    expect(selectedRow(w)).toBe(12);
    expect(visibleRows(w)[0]).toBe(3);
    w = moveBy(w, src, -100);
    expect(selectedRow(w)).toBe(0);
    w = toEnd(w, src);
    expect(selectedRow(w)).toBe(999);
    expect(visibleRows(w)).toEqual(items.slice(990));
    w = moveBy(w, src, 5);
    expect(selectedRow(w)).toBe(999);
    w = toStart(w, src);
    expect(selectedRow(w)).toBe(0);
  });

  it('pages keep the cursor on screen and hold only a few pages in memory', () => {
    const c = counting();
    let w = openWindow(c.src, 10);
    for (let i = 0; i < 50; i++) w = pageBy(w, c.src, 1);
    expect(selectedRow(w)).toBe(450);
    expect(visibleRows(w)).toContain(450);
    expect(w.rows.length).toBeLessThanOrEqual(70);
    // fetched roughly what was scrolled past, not the whole list each time
    expect(c.fetched()).toBeLessThan(700);
    for (let i = 0; i < 10; i++) w = pageBy(w, c.src, -1);
    expect(selectedRow(w)).toBe(360);
    expect(visibleRows(w)).toContain(360);
  });

  it('follows the rows from the end backwards', () => {
    const src = arraySource(items);
    let w = toEnd(openWindow(src, 10), src);
    for (let i = 0; i < 30; i++) w = moveBy(w, src, -1);
    expect(selectedRow(w)).toBe(969);
    expect(visibleRows(w)).toContain(969);
  });

  it('keeps the cursor visible on resize', () => {
    const src = arraySource(items);
    let w = moveBy(openWindow(src, 20), src, 18);
    w = resize(w, src, 5);
    expect(visibleRows(w)).toContain(18);
    expect(visibleRows(w).length).toBe(5);
  });

  it('opens without a count, scrolls past the first pages, and takes the count when it comes', () => {
    const src = arraySource(items);
    let w = openWindowUncounted(src, 10);
    expect(w.total).toBe(UNKNOWN_TOTAL);
    for (let i = 0; i < 5; i++) w = pageBy(w, src, 1);
    expect(selectedRow(w)).toBe(45);
    w = withTotal(w, 1000);
    expect(w.total).toBe(1000);
    expect(selectedRow(w)).toBe(45);
    // a short list is counted by its first page
    expect(openWindowUncounted(arraySource([1, 2, 3]), 10).total).toBe(3);
  });

  it('finds the end of an uncounted list by reaching it', () => {
    const src = arraySource(items.slice(0, 35));
    let w = openWindowUncounted(src, 10);
    for (let i = 0; i < 10; i++) w = pageBy(w, src, 1);
    expect(w.total).toBe(35);
    expect(selectedRow(w)).toBe(34);
  });

  it('handles an empty list', () => {
    const src = arraySource<number>([]);
    const w = moveBy(openWindow(src, 10), src, 3);
    expect(selectedRow(w)).toBeUndefined();
    expect(w.total).toBe(0);
  });
});
