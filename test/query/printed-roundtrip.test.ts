import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFilter, termText, lookupField } from '../../src/query/index.js';
import { terminalText } from '../../src/util/safe-text.js';

/**
 * A filter built from an evidence value and shown on a terminal (the TUI's filter echo, the
 * insights list) is the text a responder copies: pasted back, it must select the same value.
 * Terminal output escapes unsafe characters (`\e`, `\x85`, `\u{202e}`…) and leaves backslashes as
 * they are; quoted values read those escapes back.
 */
const CHARS = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  'e',
  'x',
  'u',
  '{',
  '}',
  '1',
  ',',
  '(',
  ')',
  '*',
  '\u001b',
  '\u0007',
  '\n',
  '\u0085',
  '\u202e',
  '\u200b',
  '\u{e0061}',
  'é',
  '😀',
];
const valueArb = fc
  .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 12 })
  .map((xs) => xs.join(''));

describe('printed filters paste back', () => {
  for (const field of ['name', 'ua', 'ip', 'user', 'arn', 'who']) {
    it(`${field}: terminalText(termText(v)) parses back to the value v`, () => {
      fc.assert(
        fc.property(valueArb, (v) => {
          const shown = terminalText(termText(field, v));
          expect(/[\u0000-\u001f\u007f-\u009f]/.test(shown), JSON.stringify(shown)).toBe(false);
          const ast = parseFilter(shown);
          expect(ast.type).toBe('term');
          if (ast.type !== 'term') return;
          expect(ast.field).toBe(lookupField(field));
          expect(ast.values.map((x) => x.text)).toEqual([v]);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('reads \\e, \\n, \\xHH and \\u{H} in quoted values; any other escaped character stands for itself', () => {
    const v = (t: string) => {
      const a = parseFilter(t);
      return a.type === 'term' ? a.values[0].text : null;
    };
    expect(v('name:"a\\eb"')).toBe('a\u001bb');
    expect(v('name:"\\x85\\u{202e}\\n"')).toBe('\u0085\u202e\n');
    expect(v('name:"a\\"b\\\\c\\z"')).toBe('a"b\\cz');
  });
});
