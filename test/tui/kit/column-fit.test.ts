import { describe, expect, it } from 'vitest';
import { pickColumns, shareSpare, usedWidth } from '../../../src/tui/kit/column-fit.js';

const col = (id: string, width: number, priority: number, flex = false) => ({
  id,
  width,
  priority,
  flex,
});

describe('the one column fit', () => {
  const pool = [col('a', 10, 1), col('b', 30, 3, true), col('c', 10, 2), col('d', 5, 4)];
  it('by priority keeps the most important that fit, in their own order, skipping what does not', () => {
    expect(pickColumns(pool, 30, 'priority').cols.map((c) => c.id)).toEqual(['a', 'c', 'd']);
  });
  it('in order stops at the first that does not fit', () => {
    expect(pickColumns(pool, 30, 'order').cols.map((c) => c.id)).toEqual(['a']);
  });
  it('shares the spare among flexible columns, else gives it to the last one when asked', () => {
    const { cols: kept, widths: picked } = pickColumns(pool, 60, 'priority');
    for (const c of kept) expect(picked.get(c)).toBe(c.width);
    const widths = shareSpare(kept, picked, 7, true);
    expect(widths.get(kept.find((c) => c.id === 'b')!)).toBe(37);
    const fixed = [col('x', 4, 1), col('y', 4, 2)];
    const w2 = shareSpare(fixed, new Map(fixed.map((c) => [c, c.width])), 3, true);
    expect(w2.get(fixed[1]!)).toBe(7);
    expect(usedWidth(fixed, w2)).toBe(4 + 7 + 1);
  });
  it('takes a column in its narrow form where its width does not fit, before less important ones', () => {
    const key = { ...col('key', 20, 2), narrowWidth: 9 };
    const cols = [col('a', 10, 1), key, col('region', 9, 3)];
    // 10 + 1 + 20 = 31 > 30: the key narrows to 9, and region (9) still fits beside it
    const narrow = pickColumns(cols, 30, 'priority');
    expect(narrow.cols.map((c) => c.id)).toEqual(['a', 'key', 'region']);
    expect(narrow.widths.get(key)).toBe(9);
    // 24: the narrowed key fits, region is the one dropped
    const tight = pickColumns(cols, 24, 'priority');
    expect(tight.cols.map((c) => c.id)).toEqual(['a', 'key']);
    expect(tight.widths.get(key)).toBe(9);
    // room for its width: it takes it
    expect(pickColumns(cols, 31, 'priority').widths.get(key)).toBe(20);
    // below even the narrow form: dropped, as any column that does not fit
    expect(pickColumns(cols, 19, 'priority').cols.map((c) => c.id)).toEqual(['a']);
    // scrolled (in order): the narrow form too, before stopping
    expect(pickColumns(cols, 20, 'order').widths.get(key)).toBe(9);
  });
  it('widens a staged column only at its widen priority, after the columns ranked before that', () => {
    const key = { ...col('key', 20, 2), narrowWidth: 9, widenPriority: 3.5 };
    const cols = [col('a', 10, 1), key, col('region', 9, 3), col('error', 10, 4)];
    // 10 + 9 + 9 + 2 = 30: region comes before the key's full width
    const at30 = pickColumns(cols, 30, 'priority');
    expect(at30.cols.map((c) => c.id)).toEqual(['a', 'key', 'region']);
    expect(at30.widths.get(key)).toBe(9);
    // 10 + 20 + 9 + 2 = 41: the key widens before error (priority 4) is tried
    const at45 = pickColumns(cols, 45, 'priority');
    expect(at45.cols.map((c) => c.id)).toEqual(['a', 'key', 'region']);
    expect(at45.widths.get(key)).toBe(20);
    expect(pickColumns(cols, 52, 'priority').cols.map((c) => c.id)).toEqual([
      'a',
      'key',
      'region',
      'error',
    ]);
  });
});
