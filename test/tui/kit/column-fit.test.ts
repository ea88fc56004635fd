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
    expect(pickColumns(pool, 30, 'priority').map((c) => c.id)).toEqual(['a', 'c', 'd']);
  });
  it('in order stops at the first that does not fit', () => {
    expect(pickColumns(pool, 30, 'order').map((c) => c.id)).toEqual(['a']);
  });
  it('shares the spare among flexible columns, else gives it to the last one when asked', () => {
    const kept = pickColumns(pool, 60, 'priority');
    const widths = shareSpare(kept, new Map(kept.map((c) => [c, c.width])), 7, true);
    expect(widths.get(kept.find((c) => c.id === 'b')!)).toBe(37);
    const fixed = [col('x', 4, 1), col('y', 4, 2)];
    const w2 = shareSpare(fixed, new Map(fixed.map((c) => [c, c.width])), 3, true);
    expect(w2.get(fixed[1]!)).toBe(7);
    expect(usedWidth(fixed, w2)).toBe(4 + 7 + 1);
  });
});
