/** A column as the fit needs it: its minimum width, whether it grows, its importance. */
export interface FitColumn {
  readonly width: number;
  readonly flex?: boolean;
  /** Lower = kept first when the screen is narrow. */
  readonly priority?: number;
  /**
   * A narrower form the column still says something in (an access key cut to `ASIA…ZDID`): taken
   * when `width` does not fit, so the column stays on screen instead of being dropped.
   */
  readonly narrowWidth?: number;
  /**
   * With `narrowWidth`: the column comes in narrow at its `priority`, and takes its full `width`
   * only at this (lower) priority, after the columns ranked between the two have had their room.
   * Without it, a column takes its full width whenever that fits when its turn comes.
   */
  readonly widenPriority?: number;
}

/** The columns that fit and the width each was given (its `width`, or its `narrowWidth`). */
export interface PickedColumns<C> {
  cols: C[];
  widths: Map<C, number>;
}

/**
 * The one column-fit algorithm of the TUI (event table, credentials): which columns fit `width`
 * with one separator between them, each at its `width`, else at its `narrowWidth` when it has one.
 * `priority`: the most important that fit, skipping any that do not (so a narrowed important
 * column outranks a less important one at full width); `order`: from the left until one does not
 * fit (a table scrolled sideways, a fixed layout).
 */
export function pickColumns<C extends FitColumn>(
  pool: readonly C[],
  width: number,
  mode: 'priority' | 'order',
): PickedColumns<C> {
  // one claim per column, two for a column that widens later: in order, the widening is tried
  // at once (a scrolled table shows what is next to it, as wide as it fits)
  const staged = (c: C) =>
    mode === 'priority' && c.narrowWidth !== undefined && c.widenPriority !== undefined;
  const claims = pool.flatMap((c) =>
    staged(c)
      ? [
          { c, at: c.priority ?? 0, widen: false },
          { c, at: c.widenPriority!, widen: true },
        ]
      : [{ c, at: c.priority ?? 0, widen: false }],
  );
  if (mode === 'priority') claims.sort((a, b) => a.at - b.at);
  const widths = new Map<C, number>();
  let used = 0;
  for (const { c, widen } of claims) {
    if (widen) {
      const now = widths.get(c);
      if (now !== undefined && used - now + c.width <= width) {
        used += c.width - now;
        widths.set(c, c.width);
      }
      continue;
    }
    const sep = widths.size ? 1 : 0;
    const tries = staged(c) ? [c.narrowWidth!] : [c.width, c.narrowWidth ?? c.width];
    const w = tries.find((x) => used + sep + x <= width);
    if (w === undefined) {
      if (mode === 'order') break;
      continue;
    }
    widths.set(c, w);
    used += sep + w;
  }
  return { cols: pool.filter((c) => widths.has(c)), widths };
}

/** Columns' widths plus separators. */
export function usedWidth<C extends FitColumn>(cols: readonly C[], widths: ReadonlyMap<C, number>) {
  return cols.reduce((s, c) => s + (widths.get(c) ?? c.width), 0) + Math.max(0, cols.length - 1);
}

/**
 * Share what is left among the flexible columns (the first takes the remainder); with none, the
 * last column takes it when `lastTakesSpare`. A column in its narrow form does not grow: it is
 * narrow because a column ranked before its full width needed the room.
 */
export function shareSpare<C extends FitColumn>(
  cols: readonly C[],
  widths: Map<C, number>,
  spare: number,
  lastTakesSpare: boolean,
): Map<C, number> {
  const flex = cols.filter(
    (c) => c.flex && !(c.narrowWidth !== undefined && (widths.get(c) ?? c.width) < c.width),
  );
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
