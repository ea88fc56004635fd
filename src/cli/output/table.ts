/**
 * A plain-text table that fits a width: columns keep their natural width when there is room;
 * otherwise flexible columns shrink (to their minimum) and their cells end in "…". With no width
 * (output piped), nothing is truncated, as `kubectl get` and `column -t` users expect. Widths are
 * terminal columns (display-width.ts), so wide characters and emoji keep the columns aligned.
 */
import { displayWidth, takeColumns } from '../../util/display-width.js';

export interface TableColumn {
  header: string;
  /** Narrowest this column may get when space is short (fixed columns never shrink). */
  min?: number;
  /** Share of the shrinking this column takes; 0 = fixed. */
  flex?: number;
  align?: 'left' | 'right';
}

const GAP = '  ';

/** Cut to `width` terminal columns (between clusters, as the terminal draws them), marking the cut. */
function fit(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  return width <= 1 ? takeColumns(s, width).text : takeColumns(s, width - 1).text + '…';
}

/** Pad with spaces to `width` columns. */
function pad(s: string, width: number, align: 'left' | 'right' | undefined): string {
  const room = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'right' ? room + s : s + room;
}

/** Column widths for the cells within `maxWidth` (undefined: natural widths). */
export function columnWidths(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  maxWidth?: number,
): number[] {
  const natural = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  if (maxWidth === undefined) return natural;
  const widths = [...natural];
  const total = (): number => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  let over = total() - maxWidth;
  // shrink flexible columns in proportion to their flex and slack, a few rounds until it fits
  for (let round = 0; over > 0 && round < 8; round++) {
    const slack = columns.map((c, i) =>
      (c.flex ?? 0) > 0 ? Math.max(0, widths[i] - (c.min ?? 4)) : 0,
    );
    const weighted = slack.map((s, i) => s * (columns[i].flex ?? 0));
    const sum = weighted.reduce((a, b) => a + b, 0);
    if (sum === 0) break;
    for (let i = 0; i < widths.length && over > 0; i++) {
      const cut = Math.min(slack[i], Math.ceil((over * weighted[i]) / sum));
      widths[i] -= cut;
    }
    over = total() - maxWidth;
  }
  // still too wide for a narrow terminal: a line that wraps is worse than a cut cell, so take one
  // column from the widest column (fixed ones too) until the table fits or every column is narrow
  while (over > 0) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if (widths[i] > widths[widest]) widest = i;
    if (widths[widest] <= MIN_LAST_RESORT) break;
    widths[widest]--;
    over--;
  }
  return widths;
}

/** No column is cut below this, even when the terminal is narrower than the table. */
const MIN_LAST_RESORT = 3;

/** Render rows (already safe text) as lines without trailing spaces. */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  opts: {
    width?: number;
    widths?: readonly number[];
    decorate?: (line: string, rowIndex: number) => string;
  } = {},
): string[] {
  const widths = opts.widths ?? columnWidths(columns, rows, opts.width);
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        return pad(fit(cell ?? '', widths[i]), widths[i], columns[i].align);
      })
      .join(GAP)
      .trimEnd();
  const out = [line(columns.map((c) => c.header))];
  rows.forEach((r, i) => {
    const l = line(r);
    out.push(opts.decorate ? opts.decorate(l, i) : l);
  });
  return out;
}
