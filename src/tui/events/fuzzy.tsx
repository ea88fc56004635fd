import React from 'react';
import { Box, Text } from 'ink';
import type { Database } from 'better-sqlite3';
import type { AppApi, ModalModel } from '../shell/app-api.js';
import { editLine, lineEdit, type LineEdit } from '../kit/line-edit.js';
import { LineInput } from '../kit/line-input.js';
import { FUZZY_FIELDS, FuzzyIndex, type Suggestion } from './fuzzy-index.js';
import { termText } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';
import { cellMiddle, fit } from '../kit/text.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { moveOfKey } from '../kit/moves.js';
import { queryClientFor } from '../query/query-service.js';

/**
 * One index per case file. The resource list is read on the query thread the first time `/` is
 * pressed; until it arrives the other fields are searched (and the resource field says so).
 */
const indexes = new WeakMap<Database, FuzzyIndex>();
const listing = new WeakSet<Database>();
function indexFor(app: AppApi, onResources: () => void): FuzzyIndex {
  const { db } = app.services;
  let ix = indexes.get(db);
  if (!ix) indexes.set(db, (ix = new FuzzyIndex(db)));
  if (!ix.hasResources && !listing.has(db)) {
    listing.add(db);
    queryClientFor(app.services)
      .run('resources', {})
      .result.then(
        (resources) => {
          indexes.set(db, new FuzzyIndex(db, resources));
          onResources();
        },
        () => listing.delete(db),
      );
  }
  return ix;
}

/** Suggestions asked for: enough for a tall screen. */
const LIMIT = 50;

/**
 * `/`: fuzzy search over the distinct values of the key fields; Enter adds `field:value` to the
 * filter (through `apply`), Tab / Shift-Tab cycle the field searched.
 */
export function fuzzyModal(app: AppApi, apply: (term: string) => void): ModalModel {
  let ix = indexFor(app, () => {
    ix = indexes.get(app.services.db) ?? ix;
    search();
    app.changed();
  });
  let state: LineEdit = lineEdit('');
  let field: number | null = null;
  let found: Suggestion[] = [];
  let list = ListModel.empty<AtIndex<Suggestion>>(1);
  let height = 10;
  let timer: NodeJS.Timeout | null = null;
  const search = () => {
    found = state.text.trim() ? ix.search(state.text, field, LIMIT) : [];
    list = new ListModel(itemsSource(found), Math.max(1, height - 3));
    // counts come after the frame that shows the suggestions (index counts on busy values take ms each)
    if (timer) clearTimeout(timer);
    if (found.some((s) => s.count < 0)) {
      const of = found;
      timer = setTimeout(() => {
        if (of !== found) return;
        const cursor = list.cursor;
        found = ix.fillCounts(found);
        list = new ListModel(itemsSource(found), Math.max(1, height - 3));
        list.moveTo(cursor);
        app.changed();
      }, 0);
    }
  };
  return {
    id: 'fuzzy',
    placement: 'body',
    hint: 'Enter filter  Tab field  ↑/↓ choose  Esc cancel',
    key(key, input) {
      if (key === 'escape') return app.closeModal();
      if (key === 'enter') {
        const s = list.selected?.row;
        if (!s) return;
        app.closeModal();
        apply(termText(s.filter, s.value));
        return;
      }
      if (key === 'tab' || key === 'shift-tab') {
        const n = FUZZY_FIELDS.length + 1; // "all" plus each field
        const cur = field === null ? 0 : field + 1;
        const next = (cur + (key === 'tab' ? 1 : n - 1)) % n;
        field = next === 0 ? null : next - 1;
        return search();
      }
      // letters are typed, not moves: only the arrows and Ctrl-n/p move the suggestions
      const move = key === 'ctrl-n' ? 'down' : key === 'ctrl-p' ? 'up' : moveOfKey(key, false);
      if (move) return list.move(move);
      const next = editLine(state, key, input);
      if (next !== state) {
        const changed = next.text !== state.text;
        state = next;
        if (changed) search();
      }
    },
    draw(width, h) {
      if (h !== height) {
        height = h;
        list.resize(Math.max(1, height - 3));
      }
      // the field searched first, so it is never past the right edge
      const labels = ['all', ...FUZZY_FIELDS.map((f) => f.label)];
      const at = field === null ? 0 : field + 1;
      const fieldsLine = `[${labels[at]}] · ${labels.filter((_, i) => i !== at).join(' ')}`;
      const labelW = 11;
      const countW = 9;
      const valueW = Math.max(10, width - labelW - countW - 4);
      return (
        <Box flexDirection="column">
          <LineInput label="search: " state={state} width={width} />
          <Text dimColor wrap="truncate">
            {fit(`Tab field: ${fieldsLine}`, width)}
          </Text>
          <Text bold wrap="truncate">
            {fit(
              `  ${'field'.padEnd(labelW)}${'value'.padEnd(valueW)} ${'events'.padStart(countW)}`,
              width,
            )}
          </Text>
          {state.text.trim() === '' ? (
            <Text dimColor>
              Type part of a name, user, role, key, IP, region, account, error, user agent or
              resource.
            </Text>
          ) : field !== null && FUZZY_FIELDS[field]!.filter === 'resource' && !ix.hasResources ? (
            <Text dimColor>Listing the resources of the case file…</Text>
          ) : found.length === 0 ? (
            <Text dimColor>
              No value matches{field === null ? '' : ` in ${FUZZY_FIELDS[field]!.label}`}.
            </Text>
          ) : (
            list.visible.map(({ i, row: s }) => (
              <Text key={`${s.field}:${s.id}`} inverse={i === list.cursor} wrap="truncate">
                {fit(
                  `  ${s.label.padEnd(labelW)}${cellMiddle(s.value, valueW)} ${(s.count < 0 ? '…' : s.count.toLocaleString('en-US')).padStart(countW)}`,
                  width,
                )}
              </Text>
            ))
          )}
        </Box>
      );
    },
  };
}
