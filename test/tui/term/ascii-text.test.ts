import { afterEach, describe, expect, it } from 'vitest';
import { setAsciiOnly } from '../../../src/tui/term/charset.js';
import { cell, fit } from '../../../src/tui/kit/text.js';
import { sparkline } from '../../../src/tui/kit/sparkline.js';

afterEach(() => setAsciiOnly(false));

describe('ASCII mode in the text helpers', () => {
  it('escapes non-ASCII evidence, cuts with ~ and draws the sparkline in ASCII', () => {
    setAsciiOnly(true);
    expect(cell('café 漢', 20)).toBe('caf\\u{e9} \\u{6f22}'.padEnd(20));
    expect(fit('abcdefghij', 5)).toBe('abcd~');
    expect(sparkline([0, 1, 4, 8])).toBe(' .-#');
    for (const s of [
      cell('😀 ünïcode → ok', 12),
      fit('long text here', 6),
      sparkline([1, 2, 3, 4, 5, 6, 7, 8]),
    ]) {
      expect([...s].every((c) => c.charCodeAt(0) <= 0x7e)).toBe(true);
    }
  });

  it('keeps Unicode in a UTF-8 locale', () => {
    setAsciiOnly(false);
    expect(cell('café', 6)).toBe('café  ');
    expect(fit('abcdefghij', 5)).toBe('abcd…');
    expect(sparkline([0, 8])).toBe(' █');
  });
});
