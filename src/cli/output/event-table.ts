import type { ExportedEvent } from '../../store/export-stream.js';
import { safeText } from '../../util/safe-text.js';
import type { EventRow } from '../../store/event-row.js';
import type { EventColumn, RowExtras } from './event-columns.js';
import type { Sink } from './sink.js';
import { columnWidths, renderTable } from './table.js';

/** Rows whose widths size the table; later rows reuse those widths (output starts at once). */
const SIZE_BATCH = 500;
/** No cell wider than this even when piped: one huge user agent should not make every line huge. */
const MAX_CELL = 200;

/** For callers whose columns read nothing but the row: a column that needs more is a bug there. */
const noExtras = (): RowExtras => ({
  resources: () => {
    throw new Error('writeEventTable: a resource column needs opts.extras');
  },
  differs: () => {
    throw new Error('writeEventTable: a caveat column needs opts.extras');
  },
});

/**
 * Write events as a table, at most `limit` rows; returns how many were written. Error rows are red
 * on a colour terminal (the error column says it in text too, so NO_COLOR loses nothing).
 */
export function writeEventTable(
  sink: Sink,
  columns: readonly EventColumn[],
  events: Iterable<ExportedEvent>,
  opts: { limit: number; width?: number; color?: boolean; extras?: (row: EventRow) => RowExtras },
): number {
  let widths: number[] | null = null;
  let batch: { cells: string[]; error: boolean }[] = [];
  let written = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    const cells = batch.map((b) => b.cells);
    const first = widths === null;
    widths ??= columnWidths(columns, cells, opts.width);
    const lines = renderTable(columns, cells, {
      width: opts.width,
      widths,
      decorate: opts.color
        ? (l, i) => (batch[i].error ? `\u001b[31m${l}\u001b[39m` : l)
        : undefined,
    });
    sink.write((first ? lines : lines.slice(1)).join('\n') + '\n');
    batch = [];
  };
  for (const ev of events) {
    if (written >= opts.limit || sink.closed) break;
    batch.push({
      cells: columns.map((c) =>
        safeText(c.get(ev.row, (opts.extras ?? noExtras)(ev.row)), { max: MAX_CELL }),
      ),
      error: !!ev.row.error_code,
    });
    written++;
    if (batch.length >= SIZE_BATCH) flush();
  }
  flush();
  return written;
}
