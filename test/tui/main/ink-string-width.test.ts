import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import inkStringWidth from '../../../src/tui/main/ink-string-width.js';

describe('the string-width ink gets in the bundle', () => {
  it('ink measures through our width function with the same answers as string-width', () => {
    const samples = [
      '',
      'plain ascii',
      'case · 1,000 events · 2024-04-11 → 2024-04-12',
      '─│┼ ▁▂▃▄▅▆▇█ ● ○ ◆ ✓ ✗ ★ ☆ ⏎ ⌚ ◽',
      '漢字 and ｶﾀｶﾅ',
      '👩‍💻 e\u0301 🇫🇷 👍🏽 \u1100\u1161',
      '\u001b[31mred\u001b[39m · x',
      'tab\there\u00ad soft',
      'a\r\nb',
    ];
    for (const s of samples) expect([s, inkStringWidth(s)]).toEqual([s, stringWidth(s)]);
    expect(inkStringWidth('\u001b[31mx', { countAnsiEscapeCodes: true })).toBe(
      stringWidth('\u001b[31mx', { countAnsiEscapeCodes: true }),
    );
  });
});
