import stringWidth from 'string-width';

/**
 * Terminal columns of a string, measured exactly as ink measures it (ink lays out and truncates
 * with `string-width`, the same package and version range as here): a line we pad to N columns is
 * N columns to ink too, so ink never wraps or cuts it. string-width follows Unicode East Asian
 * Width and emoji presentation over grapheme clusters; it is kept current by its maintainers.
 * Text that reaches this has been through safeText, which removes the clusters terminals disagree
 * on (see safe-text.ts), so this measure also holds on a terminal that draws code point by code point.
 */
export function displayWidth(s: string): number {
  return stringWidth(s);
}

const segmenter = new Intl.Segmenter();

/** The user-perceived characters of a string (grapheme clusters): the units a cut may fall between. */
export function graphemes(s: string): Iterable<string> {
  // printable ASCII: every character is its own cluster
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  return (function* () {
    for (const { segment } of segmenter.segment(s)) yield segment;
  })();
}

/** Columns of one code point alone (for a cut that must fall inside a cluster). */
export function charWidth(cp: number): number {
  return stringWidth(String.fromCodePoint(cp));
}

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
