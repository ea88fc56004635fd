import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {
  displayWidth,
  graphemes,
  takeColumns,
  takeLastColumns,
} from '../../src/util/display-width.js';
import { safeText } from '../../src/util/safe-text.js';
import { fit, wrap } from '../../src/tui/kit/text.js';
import { feed, headlessTerminal, type HeadlessTerminal } from '../helpers/headless-term.js';

const require = createRequire(import.meta.url);
interface EmojiInfo {
  unicode_version: string;
  skin_tone_support: boolean;
}
/** Every fully-qualified emoji of the current Unicode emoji list. */
const EMOJI = JSON.parse(
  readFileSync(require.resolve('unicode-emoji-json/data-by-emoji.json'), 'utf8'),
) as Record<string, EmojiInfo>;

/** Each emoji, plus its light and dark skin tones where it takes one (modifier after the first code point). */
function emojiList(): { emoji: string; unicode11: boolean }[] {
  const out: { emoji: string; unicode11: boolean }[] = [];
  for (const [e, info] of Object.entries(EMOJI)) {
    const unicode11 = Number(info.unicode_version) <= 11;
    out.push({ emoji: e, unicode11 });
    if (info.skin_tone_support) {
      const [first, ...rest] = [...e];
      for (const tone of ['\u{1F3FB}', '\u{1F3FF}'])
        out.push({ emoji: first + tone + rest.join('').replace(/^\uFE0F/, ''), unicode11 });
    }
  }
  return out;
}

/** Columns the cursor moves when the text is written at the start of a cleared line. */
async function advance(term: HeadlessTerminal, s: string): Promise<{ x: number; y: number }> {
  await feed(term, '\u001b[H\u001b[2J' + s);
  return { x: term.buffer.active.cursorX, y: term.buffer.active.cursorY };
}

describe('displayWidth is the measure ink lays out with', () => {
  it('equals string-width, the package ink depends on', () => {
    const inkPkg = JSON.parse(readFileSync('node_modules/ink/package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const ours = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(ours.dependencies['string-width']).toBe(inkPkg.dependencies['string-width']);
    for (const s of ['abc', '日本語', 'e\u0301', '😀', '👨‍👩‍👧', '❤️', '\u200b', 'ｶﾞ'])
      expect(displayWidth(s)).toBe(stringWidth(s));
  });

  it('its shortcuts (no cluster-forming code point) agree with string-width', () => {
    const pool = [
      'a',
      '日',
      'ｶ',
      '😀',
      '\u0000',
      '\u001b',
      '[',
      '\u00ad',
      '\u{E0061}',
      '\u3000',
      '©',
      '\ud800',
      '\ue000',
      '\u2800',
      '┼',
      '\u0378',
      '\u{1F1FA}',
      '\u0301',
      '\r',
      '\n',
      '\u{1F3FD}',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool), { maxLength: 12 }).map((a) => a.join('')),
        (s) => displayWidth(s) === stringWidth(s),
      ),
      { numRuns: 3000 },
    );
  });

  it('every fully-qualified emoji measures 2', () => {
    const wrong = emojiList().filter(({ emoji }) => displayWidth(emoji) !== 2);
    expect(wrong).toEqual([]);
  });
});

describe('sanitised emoji against a Unicode 11 terminal (xterm headless)', () => {
  it('every emoji of the list, made safe, advances the cursor by what displayWidth says', async () => {
    const term = await headlessTerminal(200, 4);
    const list = emojiList();
    expect(list.length).toBeGreaterThan(2500);
    const bad: string[] = [];
    for (const { emoji, unicode11 } of list) {
      const s = safeText(emoji);
      const w = displayWidth(s);
      const { x } = await advance(term, s);
      // exact for emoji Unicode 11 knows; a newer emoji is one column in xterm's Unicode 11 tables
      // and two on a current terminal: never wider than measured, so a row never wraps
      const ok = unicode11 ? x === w : x <= w && w - x <= 1;
      if (!ok) bad.push(`${s} measured ${w}, drawn ${x}`);
    }
    expect(bad).toEqual([]);
  }, 60_000);

  it('a row of emoji padded to N columns is N columns on the terminal, and never wraps', async () => {
    const N = 60;
    const term = await headlessTerminal(N + 20, 4);
    const list = emojiList();
    const bad: string[] = [];
    for (let i = 0; i < list.length; i += 7) {
      const chunk = list.slice(i, i + 7);
      const row = fit(safeText(`user ${chunk.map((c) => c.emoji).join(' ')} end`), N);
      expect(displayWidth(row)).toBe(N);
      const { x, y } = await advance(term, row + '|');
      const exact = chunk.every((c) => c.unicode11);
      if (y !== 0 || (exact ? x !== N + 1 : x > N + 1)) bad.push(`${row} → ${x},${y}`);
    }
    expect(bad).toEqual([]);
  }, 60_000);
});

// Text whose clusters terminals and ink could disagree on, mixed with invisible code points.
const POOL = [
  'a',
  ' ',
  '\\',
  '日',
  'ｶ',
  'ﾞ',
  'é',
  'e',
  '\u0301',
  '\u0d4e',
  'क',
  '\u094d',
  'ष',
  'ต',
  '\u0e33',
  '\u1100',
  '\u1161',
  '\u11a8',
  '😀',
  '👍',
  '\u{1F3FD}',
  '\u200d',
  '\ufe0f',
  '❤',
  '1',
  '\u20e3',
  '🇺',
  '🇸',
  '\u{E0061}',
  '\u00ad',
  '\u3164',
  '\u2800',
  '\u001b',
  '\ud800',
];
const text = fc.array(fc.constantFrom(...POOL), { maxLength: 30 }).map((a) => a.join(''));

describe('made-safe text is never drawn wider than measured', () => {
  it('on a Unicode 11 terminal, for any mix of scripts, emoji and invisible code points', async () => {
    const term = await headlessTerminal(400, 4);
    await fc.assert(
      fc.asyncProperty(text, async (s) => {
        const safe = safeText(s);
        const { x, y } = await advance(term, safe);
        return y === 0 && x <= displayWidth(safe);
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  it('fit pads or cuts to exactly the width, between clusters', () => {
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 1, max: 40 }),
        (s, n) => displayWidth(fit(safeText(s), n)) === n,
      ),
      { numRuns: 3000 },
    );
  });

  it('wrap gives lines no wider than asked (a single cluster wider than the line has one of its own)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 20 }), (s, n) =>
        wrap(safeText(s), n).every((l) => displayWidth(l) <= n || [...graphemes(l)].length === 1),
      ),
      { numRuns: 3000 },
    );
    expect(wrap('日本語のテキスト', 6)).toEqual(['日本語', 'のテキ', 'スト']);
  });

  it('takeColumns / takeLastColumns keep whole clusters', () => {
    expect(takeColumns('日本語', 3)).toEqual({ text: '日', width: 2 });
    expect(takeLastColumns('日本語', 5)).toEqual({ text: '本語', width: 4 });
    expect(takeColumns('abcdef', 3)).toEqual({ text: 'abc', width: 3 });
    expect(takeLastColumns('abcdef', 2)).toEqual({ text: 'ef', width: 2 });
  });
});
