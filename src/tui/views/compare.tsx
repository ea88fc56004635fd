import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import { compareRecords } from '../compare.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { cell, fit } from '../text.js';
import { color } from '../colors.js';
import { safeText } from '../../util/safe-text.js';

export const COMPARE = 'compare';

export interface CompareParams {
  rowids: number[];
}

export function compareView(rowids: number[]): ViewInit<CompareParams> {
  return { kind: COMPARE, title: `Compare ${rowids.length}`, params: { rowids } };
}

/** Marked events side by side, one field per line; `≠` (and colour) marks fields that differ. */
export function CompareView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<CompareParams>): React.JSX.Element | null {
  const { reader } = app.services;
  const loaded = useMemo(() => {
    const rows = view.params.rowids.map((id) => reader.row(id)).filter((r) => !!r);
    const records = rows.map((r) => {
      try {
        return reader.rawRecord(r);
      } catch {
        return {} as Record<string, unknown>;
      }
    });
    return { rows, table: compareRecords(records) };
  }, [reader, view.params.rowids]);
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [top, setTop] = useState(0);
  const table = onlyDiff ? loaded.table.filter((r) => r.differs) : loaded.table;
  const bodyH = Math.max(1, height - 2);
  const max = Math.max(0, table.length - bodyH);
  useCommandHandlers(app, view.key, {
    'compare.down': () => setTop((t) => Math.min(max, t + 1)),
    'compare.up': () => setTop((t) => Math.max(0, t - 1)),
    'compare.pagedown': () => setTop((t) => Math.min(max, t + bodyH - 1)),
    'compare.pageup': () => setTop((t) => Math.max(0, t - bodyH + 1)),
    'compare.first': () => setTop(0),
    'compare.last': () => setTop(max),
    'compare.diffOnly': () => {
      setOnlyDiff((d) => !d);
      setTop(0);
    },
  });
  if (!active) return null;
  const n = loaded.rows.length;
  const fieldW = Math.max(12, Math.min(34, Math.floor(width * 0.28)));
  const colW = Math.max(6, Math.floor((width - fieldW - 2 - n) / Math.max(1, n)));
  const header =
    '  ' +
    fit('field', fieldW) +
    loaded.rows.map((r, i) => '│' + cell(`#${i + 1} ${r.event_name ?? ''}`, colW)).join('');
  const differing = loaded.table.filter((r) => r.differs).length;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {fit(
          `${n} events · ${differing} of ${loaded.table.length} fields differ (≠) · d: ${onlyDiff ? 'show all fields' : 'only differing'}`,
          width,
        )}
      </Text>
      <Text bold wrap="truncate">
        {header}
      </Text>
      {table.slice(top, top + bodyH).map((r) => (
        <Text
          key={r.path}
          wrap="truncate"
          color={r.differs ? color('yellow') : undefined}
          bold={r.differs}
        >
          {(r.differs ? '≠ ' : '  ') +
            fit(safeText(r.path), fieldW) +
            r.values.map((v) => '│' + cell(v ?? '—', colW)).join('')}
        </Text>
      ))}
    </Box>
  );
}
