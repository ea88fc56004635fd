import stringWidth from 'string-width';
import { knownWidth } from './known-widths.js';

/**
 * Terminal columns of a string, measured exactly as ink measures it (ink lays out and truncates
 * with `string-width`, the same package and version range as here): a line we pad to N columns is
 * N columns to ink too, so ink never wraps or cuts it. string-width follows Unicode East Asian
 * Width and emoji presentation over grapheme clusters; it is kept current by its maintainers.
 * Text that reaches this has been through safeText, which removes the clusters terminals disagree
 * on (see safe-text.ts), so this measure also holds on a terminal that draws code point by code point.
 */
export function displayWidth(s: string): number {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  // every cluster is one code point (and no ANSI sequence to strip): string-width's answer is the
  // sum of its per-code-point widths, without its (slow) segmentation
  if (!CLUSTER_FORMING.test(s) && !/[\x1b\x9b]/.test(s)) {
    let w = 0;
    for (const ch of s) w += charWidth(ch.codePointAt(0)!);
    return w;
  }
  return stringWidth(s);
}

/**
 * Code points that can make a grapheme cluster of more than one code point (marks and other
 * extenders, skin-tone modifiers, joiners, regional indicators, prepended signs, Hangul jamo,
 * Thai/Lao AM). Without any, every cluster is one code point and the (slow) segmentation is
 * skipped. The prepended signs are listed by hand (no regex property): one missing here is
 * measured as its own column, which is what a terminal draws.
 */
export const CLUSTER_FORMING =
  /[\p{M}\p{Grapheme_Extend}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u0e33\u0eb3\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u{110bd}\u{110cd}\u{111c2}\u{111c3}\u{1193f}\u{11941}\u{11a3a}\u{11a84}-\u{11a89}\u{11d46}\u{11f02}]/u;

const segmenter = new Intl.Segmenter();

/** The user-perceived characters of a string (grapheme clusters): the units a cut may fall between. */
export function graphemes(s: string): Iterable<string> {
  // printable ASCII: every character is its own cluster
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  // no code point that joins a cluster: each code point is one (Intl.Segmenter is slow)
  if (!CLUSTER_FORMING.test(s) && !s.includes('\r\n')) return Array.from(s);
  return (function* () {
    for (const { segment } of segmenter.segment(s)) yield segment;
  })();
}

/** Columns of one code point alone (for a cut that must fall inside a cluster). */
export function charWidth(cp: number): number {
  if (cp >= 0x20 && cp < 0x7f) return 1;
  let w = widthCache.get(cp);
  if (w === undefined) {
    w = knownWidth(cp) ?? stringWidth(String.fromCodePoint(cp));
    if (widthCache.size > 8192) widthCache.clear();
    widthCache.set(cp, w);
  }
  return w;
}

const widthCache = new Map<number, number>();

/**
 * Columns a terminal that does not join clusters (xterm, older VTE, tmux) gives a code point: its
 * width alone, except Hangul vowel and final jamo, which such terminals draw as combining (0).
 * safeText compares this with displayWidth to find clusters that would be drawn wider than measured.
 */
export function codePointColumns(cp: number): number {
  if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff)) return 0;
  return charWidth(cp);
}

/** The longest prefix of `s` (whole clusters) that fits in `width` columns, and its width. */
export function takeColumns(s: string, width: number): { text: string; width: number } {
  if (/^[\x20-\x7e]*$/.test(s)) {
    const text = s.slice(0, Math.max(0, width));
    return { text, width: text.length };
  }
  let text = '';
  let used = 0;
  for (const g of graphemes(s)) {
    const w = displayWidth(g);
    if (used + w > width) break;
    text += g;
    used += w;
  }
  return { text, width: used };
}

/** The longest suffix of `s` (whole clusters) that fits in `width` columns, and its width. */
export function takeLastColumns(s: string, width: number): { text: string; width: number } {
  if (/^[\x20-\x7e]*$/.test(s)) {
    const text = width <= 0 ? '' : s.slice(-width);
    return { text, width: text.length };
  }
  const gs = [...graphemes(s)];
  let text = '';
  let used = 0;
  for (let i = gs.length - 1; i >= 0; i--) {
    const w = displayWidth(gs[i]);
    if (used + w > width) break;
    text = gs[i] + text;
    used += w;
  }
  return { text, width: used };
}
