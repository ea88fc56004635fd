import React, { useEffect, useMemo, useState } from 'react';
import { useSyncState } from '../use-sync-state.js';
import { Box, Text } from 'ink';
import type { Database } from 'better-sqlite3';
import type { ModalProps, ModalSpec } from '../app-api.js';
import { editLine, lineEdit } from '../state/line-edit.js';
import { LineInput } from '../components/line-input.js';
import { useModalKeys } from '../use-command-handlers.js';
import { FUZZY_FIELDS, FuzzyIndex } from '../fuzzy-index.js';
import { termText } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';
import { fit } from '../text.js';

const indexes = new WeakMap<Database, FuzzyIndex>();
function indexFor(db: Database): FuzzyIndex {
  let ix = indexes.get(db);
  if (!ix) indexes.set(db, (ix = new FuzzyIndex(db)));
  return ix;
}

/**
 * `/`: fuzzy search over the distinct values of the key fields; Enter adds `field:value` to the
 * filter (through `apply`), Tab / Shift-Tab cycle the field searched.
 */
export function fuzzyModal(apply: (term: string) => void): ModalSpec {
  function Fuzzy({ app, width, height, close }: ModalProps): React.JSX.Element {
    const [getState, setState] = useSyncState(() => lineEdit(''));
    const [getField, setField] = useSyncState<number | null>(null);
    const [getCursor, setCursor] = useSyncState(0);
    const state = getState();
    const field = getField();
    const cursor = getCursor();
    const listHeight = Math.max(1, height - 3);
    const ix = indexFor(app.services.db);
    const found = useMemo(
      () => ix.search(state.text, field, Math.max(listHeight, 10)),
      [ix, state.text, field, listHeight],
    );
    // counts come after the frame that shows the suggestions (index counts on busy values take ms each)
    const [counted, setCounted] = useState<{ of: typeof found; list: typeof found } | null>(null);
    useEffect(() => {
      if (!found.some((s) => s.count < 0)) return;
      const t = setTimeout(() => setCounted({ of: found, list: ix.fillCounts(found) }), 0);
      return () => clearTimeout(t);
    }, [ix, found]);
    const results = counted?.of === found ? counted.list : found;
    useModalKeys(app, (key, input) => {
      const state = getState();
      const field = getField();
      const cursor = getCursor();
      if (key === 'escape') return close();
      if (key === 'enter') {
        // results of what is typed now, not of the last frame (typing then Enter in one burst)
        const s = ix.search(state.text, field, Math.max(listHeight, 10))[cursor];
        if (!s) return;
        close();
        apply(termText(s.filter, s.value));
        return;
      }
      if (key === 'tab' || key === 'shift-tab') {
        const n = FUZZY_FIELDS.length + 1; // "all" plus each field
        const cur = field === null ? 0 : field + 1;
        const next = (cur + (key === 'tab' ? 1 : n - 1)) % n;
        setField(next === 0 ? null : next - 1);
        setCursor(0);
        return;
      }
      if (key === 'down' || key === 'ctrl-n')
        return setCursor((c) =>
          Math.min(
            c + 1,
            Math.max(0, ix.search(state.text, field, Math.max(listHeight, 10)).length - 1),
          ),
        );
      if (key === 'up' || key === 'ctrl-p') return setCursor((c) => Math.max(0, c - 1));
      const next = editLine(state, key, input);
      if (next !== state) {
        setState(next);
        setCursor(0);
      }
    });
    const fieldsLine = ['all', ...FUZZY_FIELDS.map((f) => f.label)]
      .map((l, i) => ((field === null ? 0 : field + 1) === i ? `[${l}]` : l))
      .join(' ');
    const labelW = 11;
    const countW = 9;
    const valueW = Math.max(10, width - labelW - countW - 4);
    const visible = results.slice(
      Math.max(0, cursor - listHeight + 1),
      Math.max(0, cursor - listHeight + 1) + listHeight,
    );
    const offset = Math.max(0, cursor - listHeight + 1);
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
            Type part of a name, user, role, key, IP, region, account, error or user agent.
          </Text>
        ) : results.length === 0 ? (
          <Text dimColor>
            No value matches{field === null ? '' : ` in ${FUZZY_FIELDS[field]!.label}`}.
          </Text>
        ) : (
          visible.map((s, i) => (
            <Text key={`${s.field}:${s.id}`} inverse={offset + i === cursor} wrap="truncate">
              {fit(
                `  ${s.label.padEnd(labelW)}${fit(safeText(s.value), valueW)} ${(s.count < 0 ? '…' : s.count.toLocaleString('en-US')).padStart(countW)}`,
                width,
              )}
            </Text>
          ))
        )}
      </Box>
    );
  }
  return {
    id: 'fuzzy',
    placement: 'body',
    hint: 'Enter filter  Tab field  ↑/↓ choose  Esc cancel',
    component: Fuzzy,
  };
}
