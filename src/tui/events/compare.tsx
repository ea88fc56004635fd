import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ModalModel, ViewContext, ViewInit } from '../shell/app-api.js';
import { FIELD_OF_PATH } from './detail-value.js';
import { termText } from '../../query/index.js';
import type { EventRow } from '../../store/event-row.js';
import { compactValues, compareRecords, type CompareRow } from './compare-records.js';
import { cellMiddle, fit, wrap } from '../kit/text.js';
import { asciiOnly } from '../term/charset.js';
import { color } from '../kit/colors.js';
import { safeText } from '../../util/safe-text.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { moveOfKey } from '../kit/moves.js';
import { BaseView } from '../shell/base-view.js';
import { COMPARE, type CompareParams } from '../shell/routes.js';

export { COMPARE };

/**
 * Marked events side by side, one field per line; `≠` (and colour) marks fields that differ.
 * Cells are cut in the middle (`AKIA…XYHJ`) so values that differ in their tails still look
 * different; ←/→ pick an event column, Enter shows the field's values whole.
 */
export class CompareModel extends BaseView<CompareParams> {
  readonly rows: EventRow[];
  readonly table: CompareRow[];
  onlyDiff = false;
  /** The event column ←/→ picked (drawn in bold; Enter shows its value first). */
  column = 0;
  declare list: ListModel<AtIndex<CompareRow>>;

  constructor(init: ViewInit<CompareParams>, app: AppApi) {
    super(init, app);
    const { reader } = app.services;
    this.rows = init.params.rowids.map((id) => reader.row(id)).filter((r): r is EventRow => !!r);
    const records = this.rows.map((r) => {
      try {
        return reader.rawRecord(r);
      } catch {
        return {} as Record<string, unknown>;
      }
    });
    this.table = compareRecords(records);
    this.list = new ListModel(itemsSource(this.table), 1);
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 2);
  }

  private shown(): CompareRow[] {
    return this.onlyDiff ? this.table.filter((r) => r.differs) : this.table;
  }

  override context(): ViewContext {
    const r = this.list.selected?.row;
    const v = r?.values[this.column];
    const row = this.rows[this.column];
    if (!r || v === undefined) return row ? { selected: row } : {};
    const field = FIELD_OF_PATH['/' + r.path.replace(/\./g, '/')];
    let text = v;
    if (field)
      try {
        text = termText(field, v);
      } catch {
        // copied as it is
      }
    return { ...(row ? { selected: row } : {}), value: { text, label: r.path } };
  }

  readonly handlers: Record<string, () => void> = {
    'compare.diffOnly': () => {
      this.onlyDiff = !this.onlyDiff;
      this.list = new ListModel(itemsSource(this.shown()), this.listHeight());
    },
    'compare.left': () => {
      this.column = Math.max(0, this.column - 1);
    },
    'compare.right': () => {
      this.column = Math.min(this.rows.length - 1, this.column + 1);
    },
    'compare.whole': () => {
      const r = this.list.selected?.row;
      if (r) this.app.openModal(valuesModal(this.app, r, this.rows, this.column));
    },
  };

  draw(): React.ReactNode {
    const { width, rows, list } = this;
    const n = rows.length;
    const fieldW = Math.max(12, Math.min(34, Math.floor(width * 0.28)));
    const colW = Math.max(6, Math.floor((width - fieldW - 2 - n) / Math.max(1, n)));
    const header =
      '  ' +
      fit('field', fieldW) +
      rows
        .map(
          (r, i) =>
            (i === this.column ? '┃' : '│') +
            // the picked column says so in its title too (an ASCII terminal draws both bars as |)
            fit(`${i === this.column ? '>' : '#'}${i + 1} ${safeText(r.event_name ?? '')}`, colW),
        )
        .join('');
    const differing = this.table.filter((r) => r.differs).length;
    return (
      <Box flexDirection="column">
        <Text bold wrap="truncate">
          {fit(
            `${n} events · ${differing} of ${this.table.length} fields differ (≠) · d: ${this.onlyDiff ? 'show all fields' : 'only differing'} · ←/→ event · Enter whole values`,
            width,
          )}
        </Text>
        <Text bold wrap="truncate">
          {header}
        </Text>
        {list.visible.map(({ i, row: r }) => {
          const c = compactValues(r.values);
          const label = c.date ? `${r.path} (${c.date})` : r.path;
          return (
            <Text
              key={r.path}
              wrap="truncate"
              inverse={i === list.cursor}
              color={r.differs ? color('yellow') : undefined}
              bold={r.differs}
            >
              {(r.differs ? '≠ ' : '  ') +
                fit(safeText(label), fieldW) +
                c.values
                  .map(
                    (v, k) =>
                      (k === this.column ? '┃' : '│') +
                      cellMiddle(v ?? (asciiOnly() ? '(absent)' : '—'), colW),
                  )
                  .join('')}
            </Text>
          );
        })}
      </Box>
    );
  }
}

/** Enter in compare: one field's value in every event, whole and wrapped. */
function valuesModal(app: AppApi, row: CompareRow, events: EventRow[], first: number): ModalModel {
  const order = [first, ...events.map((_, i) => i).filter((i) => i !== first)];
  let top = 0;
  let lines: string[] = [];
  return {
    id: 'compare-values',
    placement: 'body',
    hint: '↑/↓ scroll  Esc/Enter/q back',
    key(key) {
      if (key === 'escape' || key === 'enter' || key === 'q') return app.closeModal();
      const m = moveOfKey(key);
      if (m === 'down') top = Math.min(Math.max(0, lines.length - 1), top + 1);
      if (m === 'up') top = Math.max(0, top - 1);
      if (m === 'first') top = 0;
      if (m === 'pagedown') top = Math.min(Math.max(0, lines.length - 1), top + 10);
      if (m === 'pageup') top = Math.max(0, top - 10);
    },
    draw(width, height) {
      lines = [];
      for (const i of order) {
        const e = events[i]!;
        lines.push(`#${i + 1} ${safeText(e.event_name ?? '')} ${safeText(e.event_id)}`);
        const v = row.values[i];
        for (const l of wrap(
          v === undefined ? '(absent)' : safeText(v, { max: 100_000 }),
          Math.max(10, width - 2),
        ))
          lines.push(`  ${l}`);
        lines.push('');
      }
      return (
        <Box flexDirection="column">
          <Text bold wrap="truncate">
            {fit(`${safeText(row.path)}${row.differs ? ' (differs)' : ' (same in all)'}`, width)}
          </Text>
          {lines.slice(top, top + height - 1).map((l, k) => (
            <Text key={top + k} wrap="truncate">
              {fit(l, width)}
            </Text>
          ))}
        </Box>
      );
    },
  };
}

export const compareFactory = (init: ViewInit<CompareParams>, app: AppApi) =>
  new CompareModel(init, app);
