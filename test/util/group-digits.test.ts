import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../src/util/group-digits.js';

describe('groupDigits', () => {
  it("writes integers as toLocaleString('en-US') does", () => {
    for (const n of [
      0,
      7,
      -7,
      999,
      1000,
      -1000,
      12345,
      999999,
      1000000,
      -987654321,
      Number.MAX_SAFE_INTEGER,
      1.5,
      NaN,
      Infinity,
      1e21,
    ])
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
  });
});
