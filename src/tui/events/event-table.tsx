import React from 'react';
import { Box, Text } from 'ink';
import type { EventRow } from '../../store/event-row.js';
import {
  layoutColumns,
  type ColumnChoice,
  type EventColumn,
  type LaidOutColumn,
} from './columns.js';
import { cell, cellMiddle, fit } from '../kit/text.js';
import { color } from '../kit/colors.js';

export interface EventTableProps {
  rows: readonly EventRow[];
  /** Index in `rows` of the selected row (-1 for none). */
  selected: number;
  width: number;
  /** Body lines (rows drawn); the header and rule take two more. */
  height: number;
  /** Every column the features declare (registry.columns). */
  columns: readonly EventColumn[];
  settings: ColumnChoice;
  markedIds: ReadonlySet<number>;
  rowColor: (row: EventRow) => string | undefined;
}

/** Table lines as plain strings (also used by tests and the README captures). */
export function tableLines(
  layout: readonly LaidOutColumn[],
  rows: readonly EventRow[],
  marked: ReadonlySet<number>,
): {
  header: string;
  rule: string;
  lines: string[];
} {
  const header = layout
    .map((c) => fit(c.narrow && c.col.narrow ? c.col.narrow.title : c.col.title, c.width))
    .join('│');
  const rule = layout.map((c) => '─'.repeat(c.width)).join('┼');
  const lines = rows.map((r) =>
    layout
      .map((c) => {
        if (c.col.id === 'flag')
          return (marked.has(r.id) ? '*' : ' ') + c.col.value(r, false).slice(1);
        if (c.narrow && c.col.narrow) return cellMiddle(c.col.narrow.value(r), c.width);
        const v = c.col.value(r, c.width >= 19);
        return c.col.cut === 'middle' ? cellMiddle(v, c.width) : cell(v, c.width);
      })
      .join('│'),
  );
  return { header, rule, lines };
}

/**
 * A windowed table in ink-table's box-drawing style (ink-table itself cannot load under ink 6, and
 * draws every row): it draws exactly the rows it is given, one line each.
 */
export function EventTable({
  rows,
  selected,
  width,
  height,
  columns,
  settings,
  markedIds,
  rowColor,
}: EventTableProps): React.JSX.Element {
  const layout = layoutColumns(columns, settings, width);
  const { header, rule, lines } = tableLines(layout, rows.slice(0, height), markedIds);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {header}
      </Text>
      <Text dimColor wrap="truncate">
        {rule}
      </Text>
      {lines.map((line, i) => {
        const row = rows[i]!;
        return (
          // lines are fitted to the width already: no ink truncation (it is most of a frame's cost)
          <Text key={row.id} inverse={i === selected} color={color(rowColor(row))}>
            {line}
          </Text>
        );
      })}
    </Box>
  );
}
