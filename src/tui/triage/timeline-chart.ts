import type { StackedHistogram } from '../../store/timeline.js';

/** Glyphs of the stacked bars: readable without colour (NO_COLOR). */
export const GLYPH = { notable: '◆', error: '▒', ok: '█', empty: ' ' } as const;
export type Glyph = (typeof GLYPH)[keyof typeof GLYPH];

/**
 * The bars as rows of glyphs, top row first: per bucket, notable at the bottom, then failed calls,
 * then the rest, scaled to the tallest bucket (any non-empty bucket gets at least one cell).
 */
export function chartRows(h: StackedHistogram, rows: number): Glyph[][] {
  const n = h.total.length;
  const max = Math.max(1, ...h.total);
  const out: Glyph[][] = Array.from({ length: rows }, () => new Array<Glyph>(n).fill(GLYPH.empty));
  for (let b = 0; b < n; b++) {
    const t = h.total[b];
    if (!t) continue;
    const tot = Math.max(1, Math.round((t / max) * rows));
    const nb = h.notable[b] ? Math.max(1, Math.round((h.notable[b] / max) * rows)) : 0;
    const eb = h.errors[b] ? Math.max(1, Math.round((h.errors[b] / max) * rows)) : 0;
    for (let level = 0; level < tot; level++) {
      const g = level < nb ? GLYPH.notable : level < nb + eb ? GLYPH.error : GLYPH.ok;
      out[rows - 1 - level][b] = g;
    }
  }
  return out;
}

/** Runs of equal glyphs (one ink Text each), the cursor column split out so it can be inverted. */
export function runs(
  row: readonly Glyph[],
  cursor: number,
): { text: string; glyph: Glyph; cursor: boolean }[] {
  const out: { text: string; glyph: Glyph; cursor: boolean }[] = [];
  row.forEach((g, i) => {
    const isCur = i === cursor;
    const last = out[out.length - 1];
    if (last && last.glyph === g && !last.cursor && !isCur) last.text += g;
    else out.push({ text: g, glyph: g, cursor: isCur });
  });
  return out;
}
