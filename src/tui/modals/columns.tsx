import React from 'react';
import { useSyncState } from '../use-sync-state.js';
import { Box, Text } from 'ink';
import type { ModalProps, ModalSpec } from '../app-api.js';
import { allColumns, layoutColumns } from '../columns.js';
import { useModalKeys } from '../use-command-handlers.js';
import { fit } from '../text.js';

/** `c`: choose the event table's columns (Space toggles, a: automatic, changes apply at once). */
export function columnsModal(tableWidth: number): ModalSpec {
  function Columns({ app, width, height, close }: ModalProps): React.JSX.Element {
    const cols = allColumns().filter((c) => c.id !== 'flag');
    const [getCursor, setCursor] = useSyncState(0);
    const cursor = getCursor();
    const chosenNow = () =>
      app.settings.columns ?? layoutColumns(null, tableWidth).map((l) => l.col.id);
    const chosen = chosenNow();
    useModalKeys(app, (key) => {
      const cursor = getCursor();
      const chosen = chosenNow();
      if (key === 'escape' || key === 'enter' || key === 'q' || key === 'c') return close();
      if (key === 'down' || key === 'j') setCursor((c) => Math.min(cols.length - 1, c + 1));
      if (key === 'up' || key === 'k') setCursor((c) => Math.max(0, c - 1));
      if (key === 'a') app.setSettings({ columns: null });
      if (key === 'space') {
        const id = cols[cursor]!.id;
        const set = new Set(chosen);
        if (set.has(id)) set.delete(id);
        else set.add(id);
        // keep the natural order; the flag column always stays
        app.setSettings({ columns: ['flag', ...cols.map((c) => c.id).filter((x) => set.has(x))] });
      }
    });
    const shownNow = new Set(layoutColumns(app.settings.columns, tableWidth).map((l) => l.col.id));
    const lines = cols.map((c, i) => {
      const on = chosen.includes(c.id);
      const fits = !on || shownNow.has(c.id) ? '' : '  (does not fit this width)';
      return { text: `${on ? '[x]' : '[ ]'} ${c.title}${fits}`, i };
    });
    const start = Math.max(
      0,
      Math.min(cursor - Math.floor((height - 2) / 2), lines.length - (height - 2)),
    );
    return (
      <Box flexDirection="column">
        <Text bold>Columns: Space toggles · a automatic (fit to width) · Enter/Esc done</Text>
        <Text dimColor>
          {app.settings.columns ? 'chosen by you' : 'automatic: as many as fit, by importance'}
        </Text>
        {lines.slice(start, start + height - 2).map((l) => (
          <Text key={l.i} inverse={l.i === cursor} wrap="truncate">
            {fit(l.text, width)}
          </Text>
        ))}
      </Box>
    );
  }
  return {
    id: 'columns',
    placement: 'body',
    hint: 'Space toggle  a automatic  Enter/Esc done',
    component: Columns,
  };
}
