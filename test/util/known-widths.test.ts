import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { KNOWN_WIDTH_RANGES, knownWidth } from '../../src/util/known-widths.js';

describe('known widths', () => {
  it("equal string-width's answer for every code point in the ranges (and none outside)", () => {
    const differ: string[] = [];
    for (const [lo, hi] of KNOWN_WIDTH_RANGES)
      for (let cp = lo; cp <= hi; cp++)
        if (knownWidth(cp) !== stringWidth(String.fromCodePoint(cp))) differ.push(cp.toString(16));
    expect(differ).toEqual([]);
    expect([0x41, 0x9f, 0x2028, 0x4e00, 0x1f600].map(knownWidth)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
