import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ModalModel } from '../shell/app-api.js';
import { shownColumnIds, type EventColumn } from './columns.js';
import { fit } from '../kit/text.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { moveOfKey } from '../kit/moves.js';

/** Narrowest a column can be made (`<`). */
const MIN_WIDTH = 4;

/**
 * `c`: choose the event table's columns. Space toggles, Shift-↑/↓ (or J/K) move the column,
 * `<`/`>` narrow and widen it, `a` goes back to automatic; changes apply at once.
 */
export function columnsModal(app: AppApi, tableWidth: number): ModalModel {
  const choosable = (): EventColumn[] => app.registry.columns.filter((c) => c.id !== 'flag');
  /** Columns in the order shown here: the chosen ones first, in their order, then the rest. */
  const ordered = (): EventColumn[] => {
    const cols = choosable();
    const chosen = app.settings.columns;
    if (!chosen) return cols;
    const first = chosen
      .map((id) => cols.find((c) => c.id === id))
      .filter((c): c is EventColumn => !!c);
    return [...first, ...cols.filter((c) => !first.includes(c))];
  };
  const chosenNow = (): string[] =>
    app.settings.columns ?? shownColumnIds(app.registry.columns, { columns: null }, tableWidth);
  let list = new ListModel<AtIndex<EventColumn>>(itemsSource(ordered()), 10);
  const reload = (cursor: number) => {
    list = new ListModel(itemsSource(ordered()), list.height);
    list.moveTo(cursor);
  };
  const setChosen = (ids: string[]) =>
    // the flag column always stays, first
    app.setSettings({ columns: ['flag', ...ids.filter((id) => id !== 'flag')] });
  return {
    id: 'columns',
    placement: 'body',
    hint: 'Space toggle  J/K move  </> width  a auto  Enter done',
    key(key) {
      const sel = list.selected?.row;
      if (key === 'escape' || key === 'enter' || key === 'q' || key === 'c')
        return app.closeModal();
      if (key === 'a') {
        app.setSettings({ columns: null, widths: {} });
        return reload(list.cursor);
      }
      if (!sel) return;
      const order = ordered().map((c) => c.id);
      const chosen = new Set(chosenNow());
      if (key === 'space') {
        if (chosen.has(sel.id)) chosen.delete(sel.id);
        else chosen.add(sel.id);
        return setChosen(order.filter((id) => chosen.has(id)));
      }
      if (key === 'shift-up' || key === 'K' || key === 'shift-down' || key === 'J') {
        const i = order.indexOf(sel.id);
        const j = key === 'shift-up' || key === 'K' ? i - 1 : i + 1;
        if (j < 0 || j >= order.length) return;
        [order[i], order[j]] = [order[j]!, order[i]!];
        chosen.add(sel.id);
        setChosen(order.filter((id) => chosen.has(id)));
        return reload(j);
      }
      if (key === '<' || key === '>') {
        const widths = { ...app.settings.widths };
        const now = widths[sel.id] ?? sel.width;
        const next = key === '<' ? Math.max(MIN_WIDTH, now - 2) : now + 2;
        widths[sel.id] = next;
        return app.setSettings({ widths });
      }
      const move = moveOfKey(key);
      if (move) list.move(move);
    },
    draw(width, height) {
      if (list.height !== Math.max(1, height - 2)) list.resize(Math.max(1, height - 2));
      const chosen = chosenNow();
      const shownNow = new Set(
        shownColumnIds(
          app.registry.columns,
          { columns: app.settings.columns, widths: app.settings.widths },
          tableWidth,
        ),
      );
      return (
        <Box flexDirection="column">
          <Text bold wrap="truncate">
            {fit(
              'Columns: Space toggles · J/K or Shift-↑/↓ move · </> narrow/widen · a automatic',
              width,
            )}
          </Text>
          <Text dimColor wrap="truncate">
            {fit(
              app.settings.columns
                ? 'chosen by you, in this order'
                : 'automatic: as many as fit, by importance',
              width,
            )}
          </Text>
          {list.visible.map(({ i, row: c }) => {
            const on = chosen.includes(c.id);
            const fits = !on || shownNow.has(c.id) ? '' : '  (does not fit this width)';
            const w = app.settings.widths[c.id];
            return (
              <Text key={c.id} inverse={i === list.cursor} wrap="truncate">
                {fit(
                  `${on ? '[x]' : '[ ]'} ${c.title.trim() || c.id}${w ? ` (width ${w})` : ''}${fits}`,
                  width,
                )}
              </Text>
            );
          })}
        </Box>
      );
    },
  };
}
