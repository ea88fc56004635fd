import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasUnsafeChars, safeText, terminalText } from '../../src/util/safe-text.js';

/** The inverse of safeText's escapes (test oracle): a round trip proves no two values collide. */
function unescape(t: string): string {
  return t.replace(
    /\\(?:(\\)|(e)|(n)|(r)|(t)|x([0-9a-f]{2})|u\{([0-9a-f]+)\})/g,
    (_m, bs, e, n, r, tab, x, u) => {
      if (bs) return '\\';
      if (e) return '\u001b';
      if (n) return '\n';
      if (r) return '\r';
      if (tab) return '\t';
      return String.fromCodePoint(parseInt(x ?? u, 16));
    },
  );
}

/** Code points that draw as nothing, as a blank, or act on a terminal. */
const INVISIBLE = [
  0x00, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9b, 0xa0, 0xad, 0x34f, 0x61c, 0x115f,
  0x1160, 0x17b4, 0x17b5, 0x180b, 0x180c, 0x180d, 0x180e, 0x180f, 0x200b, 0x200c, 0x200d, 0x200e,
  0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2064, 0x2066,
  0x2069, 0x206f, 0x2800, 0x3000, 0x3164, 0xfe00, 0xfe0e, 0xfe0f, 0xfeff, 0xffa0, 0xfff0, 0xfff9,
  0xfffb, 0x1bca0, 0x1bca3, 0x1d173, 0x1d17a, 0xe0000, 0xe0001, 0xe0020, 0xe0061, 0xe007f, 0xe0100,
  0xe01ef, 0xe000, 0xf8ff, 0x10fffd, 0x1f3fb, 0x1f3ff, 0x0378, 0xffff,
];

describe('safeText: invisible code points become visible escapes', () => {
  it.each(INVISIBLE.map((cp) => [cp.toString(16)]))('U+%s is escaped', (hex) => {
    const cp = parseInt(hex, 16);
    const out = safeText(`a${String.fromCodePoint(cp)}b`);
    expect(out).not.toContain(String.fromCodePoint(cp));
    expect(out).toMatch(/^a\\.+b$/);
    expect(hasUnsafeChars(`a${String.fromCodePoint(cp)}b`)).toBe(true);
  });

  it('lone surrogates are escaped; pairs are kept', () => {
    expect(safeText('a\ud800b\udc00c')).toBe('a\\u{d800}b\\u{dc00}c');
    expect(safeText('😀')).toBe('😀');
  });

  it('an attacker admin with a tag character does not look like admin', () => {
    expect(safeText('ad\u{E0061}min')).toBe('ad\\u{e0061}min');
    expect(safeText('ad\u{E0061}min')).not.toBe(safeText('admin'));
    // nor does the literal text of that escape
    expect(safeText('ad\\u{e0061}min')).not.toBe(safeText('ad\u{E0061}min'));
  });

  it('terminal sequences are shown, never sent', () => {
    expect(safeText('x\u001b]52;c;ZXZpbA==\u0007y')).toBe('x\\e]52;c;ZXZpbA==\\x07y');
    expect(safeText('\u009b31m')).toBe('\\x9b31m');
    expect(safeText('a\nb', { keepNewlines: true })).toBe('a\nb');
    expect(safeText('a\nb\tc')).toBe('a\\nb\\tc');
  });

  it('variation selectors and joiners in emoji are shown, so ❤ and ❤️ differ', () => {
    expect(safeText('❤️')).toBe('❤\\u{fe0f}');
    expect(safeText('👨‍👩‍👧')).toBe('👨\\u{200d}👩\\u{200d}👧');
    expect(safeText('👍🏽')).toBe('👍\\u{1f3fd}');
    expect(safeText('🏴󠁧󠁢󠁥󠁮󠁧󠁿')).toBe('🏴\\u{e0067}\\u{e0062}\\u{e0065}\\u{e006e}\\u{e0067}\\u{e007f}');
  });

  it('ordinary text in any script is kept', () => {
    for (const s of [
      '日本語テキスト',
      'Ελληνικά',
      'مرحبا',
      'ส้ม',
      '한국어',
      'e\u0301cole',
      '😀🔥',
      'C:\\Users\\a.json',
      'a\\..\\x.json',
      'arn:aws:iam::1:user/x',
    ]) {
      expect(safeText(s)).toBe(s);
    }
  });

  it('Indic conjuncts, which terminals draw wider than one cluster, show their virama', () => {
    expect(safeText('नमस्ते')).toBe('नमस\\u{94d}ते');
    expect(safeText('नमस')).toBe('नमस');
    // Thai SARA AM joins its cluster for ink but takes a column of its own on the terminal
    expect(safeText('ตำ')).toBe('ต\\u{e33}');
  });

  it('very long text that forms clusters is escaped without segmenting, and stays one-to-one', () => {
    const long = 'नमस्ते '.repeat(3000);
    const t = Date.now();
    const out = safeText(long, { keepNewlines: true });
    expect(Date.now() - t).toBeLessThan(2000);
    expect(out.startsWith('न\\u{92e}')).toBe(false); // consonants are not cluster-forming
    expect(out).toContain('स\\u{94d}त\\u{947}');
    expect(unescape(out)).toBe(long);
  });

  it('a backslash is doubled only where it would read as an escape', () => {
    expect(safeText('C:\\temp\\new')).toBe('C:\\\\temp\\\\new');
    expect(safeText('\\x41 \\x4 \\u{1} \\u1 \\\\')).toBe('\\\\x41 \\x4 \\\\u{1} \\u1 \\\\\\');
    expect(safeText('\\\u001b')).toBe('\\\\\\e');
    // the filter reader takes \xAB in either case: so is it doubled in either case
    expect(safeText('\\xAB \\xG1')).toBe('\\\\xAB \\xG1');
  });

  it('a cut keeps surrogate pairs whole and marks itself', () => {
    expect(safeText('😀😀😀', { max: 4 })).toBe('😀…');
    expect(safeText('x'.repeat(100) + '\u001b', { max: 10 })).toBe('xxxxxxxxx…');
    expect(safeText('\u001b'.repeat(100), { max: 10 })).toBe('\\e\\e\\e\\e\\…');
  });
});

// Invisible and look-alike code points, the escape alphabet and a few letters.
const POOL = [
  ...INVISIBLE.map((cp) => String.fromCodePoint(cp)),
  '\ud800',
  '\udfff',
  '\\',
  'e',
  'n',
  'r',
  't',
  'x',
  'u',
  '{',
  '}',
  '0',
  '7',
  'a',
  'f',
  'd',
  'm',
  'i',
  ' ',
  '"',
  ';',
  'а',
  'і',
  'е',
  'é',
  'e\u0301',
  '\u0301',
  '😀',
  '👍',
  '❤',
  '👨',
  '漢',
  'ｶ',
  'ﾞ',
  '\u0d4e',
  '\u0d15',
  '\u1100',
  '\u1161',
];
const text = fc.array(fc.constantFrom(...POOL), { maxLength: 24 }).map((a) => a.join(''));
const UNSAFE_OUT =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\p{Emoji_Modifier}\u2800]|(?!\x20)\p{Zs}/u;

describe('safeText properties', () => {
  it('is one-to-one: the escapes decode to the original value', () => {
    fc.assert(
      fc.property(text, (s) => unescape(safeText(s)) === s),
      { numRuns: 5000 },
    );
  });

  it('two values that differ never give the same text', () => {
    fc.assert(
      fc.property(text, text, (a, b) => a === b || safeText(a) !== safeText(b)),
      { numRuns: 5000 },
    );
  });

  it('leaves no invisible, blank-looking or terminal-active code point', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (s, keep) => {
        const out = safeText(s, { keepNewlines: keep });
        return !UNSAFE_OUT.test(keep ? out.replace(/\n/g, '') : out);
      }),
      { numRuns: 5000 },
    );
  });

  it('terminalText, the guard at the sinks, leaves safeText output as it is and makes anything else inert', () => {
    fc.assert(
      fc.property(
        text,
        (s) => terminalText(safeText(s)) === safeText(s) && !UNSAFE_OUT.test(terminalText(s)),
      ),
      { numRuns: 3000 },
    );
  });

  it('any string at all (full Unicode, lone surrogates) comes out free of controls', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(50), (s, max) => {
        const out = safeText(s, { max: max + 1 });
        return (
          !/[\u0000-\u001f\u007f-\u009f]/.test(out) && !/\p{Cs}/u.test(out) && out.length <= max + 1
        );
      }),
      { numRuns: 3000 },
    );
  });
});
