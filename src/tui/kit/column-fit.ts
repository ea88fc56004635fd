/** A column as the fit needs it: its minimum width, whether it grows, its importance. */
export interface FitColumn {
  readonly width: number;
  readonly flex?: boolean;
  /** Lower = kept first when the screen is narrow. */
  readonly priority?: number;
}

/**
 * The one column-fit algorithm of the TUI (event table, credentials): which columns fit `width`
 * with one separator between them. `priority`: the most important that fit, skipping any that do
 * not; `order`: from the left until one does not fit (a table scrolled sideways, a fixed layout).
 */
export function pickColumns<C extends FitColumn>(
  pool: readonly C[],
  width: number,
  mode: 'priority' | 'order',
): C[] {
  const candidates =
    mode === 'priority' ? [...pool].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0)) : pool;
  const kept: C[] = [];
  let used = 0;
  for (const c of candidates) {
    const need = c.width + (kept.length ? 1 : 0);
    if (used + need > width) {
      if (mode === 'order') break;
      continue;
    }
    kept.push(c);
    used += need;
  }
  return pool.filter((c) => kept.includes(c));
}

/** Columns' widths plus separators. */
export function usedWidth<C extends FitColumn>(cols: readonly C[], widths: ReadonlyMap<C, number>) {
  return cols.reduce((s, c) => s + (widths.get(c) ?? c.width), 0) + Math.max(0, cols.length - 1);
}

/**
 * Share what is left among the flexible columns (the first takes the remainder); with none, the
 * last column takes it when `lastTakesSpare`.
 */
export function shareSpare<C extends FitColumn>(
  cols: readonly C[],
  widths: Map<C, number>,
  spare: number,
  lastTakesSpare: boolean,
): Map<C, number> {
  const flex = cols.filter((c) => c.flex);
  if (flex.length) {
    const each = Math.floor(spare / flex.length);
    flex.forEach((c, i) =>
      widths.set(c, (widths.get(c) ?? c.width) + each + (i === 0 ? spare - each * flex.length : 0)),
    );
  } else if (lastTakesSpare && cols.length) {
    const last = cols[cols.length - 1]!;
    widths.set(last, (widths.get(last) ?? last.width) + spare);
  }
  return widths;
}
