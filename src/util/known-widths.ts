/**
 * Columns of the symbols a screen of trailscope is drawn with (box drawing, arrows, blocks,
 * shapes, dingbats, Latin-1, punctuation), without asking string-width. Its first answer for a
 * character past ASCII builds its Unicode segmenter and compiles its emoji and property
 * expressions: 15-25 ms of the first frame, paid for a `·` or a `─`. These are string-width's
 * own answers for every code point in the ranges (test/util/known-widths.test.ts compares each
 * one with the installed version), so a measure through here equals its measure.
 */
const RANGES: readonly (readonly [number, number])[] = [
  [0x00a0, 0x00ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x23ff],
  [0x2500, 0x27bf],
];

/** In the ranges and not one column: zero (soft hyphen) or two (emoji presentation). */
const ZERO = new Set([0xad]);
const TWO = new Set([
  0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ea, 0x23eb, 0x23ec, 0x23f0, 0x23f3, 0x25fd, 0x25fe,
  0x2614, 0x2615, 0x2630, 0x2631, 0x2632, 0x2633, 0x2634, 0x2635, 0x2636, 0x2637, 0x2648, 0x2649,
  0x264a, 0x264b, 0x264c, 0x264d, 0x264e, 0x264f, 0x2650, 0x2651, 0x2652, 0x2653, 0x267f, 0x268a,
  0x268b, 0x268c, 0x268d, 0x268e, 0x268f, 0x2693, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4,
  0x26c5, 0x26ce, 0x26d4, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26fa, 0x26fd, 0x2705, 0x270a, 0x270b,
  0x2728, 0x274c, 0x274e, 0x2753, 0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27b0, 0x27bf,
]);

/** The ranges, for the test that checks them against string-width. */
export const KNOWN_WIDTH_RANGES = RANGES;

/** Columns of one code point standing alone, when it is in the ranges; undefined otherwise. */
export function knownWidth(cp: number): number | undefined {
  for (const [lo, hi] of RANGES) {
    if (cp < lo) return undefined;
    if (cp <= hi) return ZERO.has(cp) ? 0 : TWO.has(cp) ? 2 : 1;
  }
  return undefined;
}
