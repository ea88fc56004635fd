import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import {
  countCredentials,
  pageCredentials,
  type CredentialQuery,
  type CredentialRow,
  type CredentialSort,
} from '../../store/credentials.js';
import { formatUtc } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { useSyncState } from '../use-sync-state.js';
import { cell, fit } from '../text.js';
import { color } from '../colors.js';
import { promptModal } from '../modals/prompt.js';
import { chainView, keyEventsView } from './chain-view.js';
import { credentialStore } from './lineage-data.js';

export const CREDENTIALS = 'credentials';

export interface CredentialsParams {
  query: CredentialQuery;
}

export function credentialsView(
  query: CredentialQuery = { sort: 'last', desc: true },
): ViewInit<CredentialsParams> {
  return { kind: CREDENTIALS, title: 'Credentials', params: { query } };
}

const SORTS: readonly CredentialSort[] = [
  'last',
  'first',
  'events',
  'key',
  'kind',
  'origin',
  'complete',
];
const SORT_LABEL: Record<CredentialSort, string> = {
  last: 'last seen',
  first: 'first seen',
  events: 'events',
  key: 'key',
  kind: 'kind',
  origin: 'origin',
  complete: 'chain complete',
};

const when = (ms: number | null) =>
  ms
    ? formatUtc(ms)
        .replace('T', ' ')
        .replace(/:\d\dZ$/, '')
    : '';

interface Col {
  title: string;
  width: number;
  flex?: boolean;
  value(r: CredentialRow): string;
}

const COLUMNS: Col[] = [
  { title: 'access key', width: 20, value: (r) => r.access_key_id },
  { title: 'kind', width: 9, value: (r) => r.kind },
  {
    title: 'chain',
    width: 5,
    value: (r) => (r.complete === 1 ? 'ok' : r.complete === 0 ? 'GAP' : '?'),
  },
  {
    title: 'origin',
    width: 18,
    flex: true,
    value: (r) =>
      r.origin_kind === 'unknown' || !r.origin_label
        ? `unknown: ${r.origin_label ?? ''}`
        : r.origin_label,
  },
  { title: 'events', width: 7, value: (r) => r.events.toLocaleString('en-US').padStart(7) },
  { title: 'first seen', width: 16, value: (r) => when(r.first_ms) },
  { title: 'last seen', width: 16, value: (r) => when(r.last_ms) },
  {
    title: 'identity',
    width: 16,
    flex: true,
    value: (r) => r.identity_arn ?? r.identity_type ?? '',
  },
];

/** Columns that fit, in order, flexible ones sharing the rest (narrow screens drop from the right). */
function layout(width: number): { col: Col; width: number }[] {
  const kept: Col[] = [];
  let used = 0;
  for (const c of COLUMNS) {
    const need = c.width + (kept.length ? 1 : 0);
    if (used + need > width) break;
    kept.push(c);
    used += need;
  }
  const flex = kept.filter((c) => c.flex);
  const spare = width - used;
  return kept.map((c) => ({
    col: c,
    width:
      c.width +
      (flex.length && c.flex
        ? Math.floor(spare / flex.length) + (c === flex[0] ? spare % flex.length : 0)
        : 0),
  }));
}

export function CredentialsView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<CredentialsParams>): React.JSX.Element | null {
  const { db } = app.services;
  const { query } = view.params;
  useMemo(() => credentialStore(db), [db]); // builds the index on old case files
  const total = useMemo(() => countCredentials(db, query), [db, query]);
  const rowsHeight = Math.max(1, height - 3);
  const [getPos, setPos] = useSyncState({ cursor: 0, top: 0 });
  const pos = getPos();
  const cursor = Math.min(pos.cursor, Math.max(0, total - 1));
  const top = Math.min(pos.top, cursor);
  // One page per frame: the table holds one row per key, and only the visible rows are read.
  const rows = useMemo(
    () => pageCredentials(db, query, top, rowsHeight),
    [db, query, top, rowsHeight],
  );
  const selected = rows[cursor - top];

  const moveTo = (n: number) =>
    setPos((p) => {
      const c = Math.min(Math.max(0, n), Math.max(0, total - 1));
      const t = c < p.top ? c : c >= p.top + rowsHeight ? c - rowsHeight + 1 : p.top;
      return { cursor: c, top: t };
    });
  const setQuery = (q: CredentialQuery) => {
    setPos({ cursor: 0, top: 0 });
    app.updateView(view.key, { params: { query: q } });
  };
  useCommandHandlers(app, view.key, {
    'credentials.down': () => moveTo(getPos().cursor + 1),
    'credentials.up': () => moveTo(getPos().cursor - 1),
    'credentials.pagedown': () => moveTo(getPos().cursor + rowsHeight - 1),
    'credentials.pageup': () => moveTo(getPos().cursor - rowsHeight + 1),
    'credentials.first': () => setPos({ cursor: 0, top: 0 }),
    'credentials.last': () => moveTo(total - 1),
    'credentials.open': () => {
      if (selected) app.push(chainView(selected.access_key_id));
    },
    'credentials.events': () => {
      if (selected) app.push(keyEventsView(selected.access_key_id));
    },
    'credentials.sort': () => {
      const next = SORTS[(SORTS.indexOf(query.sort ?? 'last') + 1) % SORTS.length]!;
      setQuery({ ...query, sort: next });
      app.message(`sorted by ${SORT_LABEL[next]}`);
    },
    'credentials.reverse': () => setQuery({ ...query, desc: !(query.desc ?? true) }),
    'credentials.gaps': () => {
      const next = query.complete === false ? undefined : false;
      setQuery({ ...query, complete: next });
      app.message(next === false ? 'only keys whose chain has a gap' : 'all keys');
    },
    'credentials.filter': () =>
      app.openModal(
        promptModal(
          'filter keys (text in key, kind, origin, identity, gap): ',
          query.text ?? '',
          (text) => {
            setQuery({ ...query, text: text.trim() || undefined });
            return null;
          },
        ),
      ),
  });

  if (!active) return null;
  const cols = layout(width);
  const dir = (query.desc ?? true) ? '↓' : '↑';
  const filt = [
    query.text ? `text "${safeText(query.text, { max: 30 })}"` : '',
    query.complete === false ? 'gaps only' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const head = `Credentials: ${total.toLocaleString('en-US')} key${total === 1 ? '' : 's'}${filt ? ` (${filt})` : ''} · sorted by ${SORT_LABEL[query.sort ?? 'last']} ${dir}${total ? ` · ${cursor + 1}/${total}` : ''}`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {fit(head, width)}
      </Text>
      <Text bold wrap="truncate">
        {cols.map((c) => fit(c.col.title, c.width)).join('│')}
      </Text>
      <Text dimColor wrap="truncate">
        {cols.map((c) => '─'.repeat(c.width)).join('┼')}
      </Text>
      {total === 0 ? <Text dimColor>{fit('no keys match', width)}</Text> : null}
      {rows.map((r, i) => (
        <Text
          key={r.access_key_id}
          wrap="truncate"
          inverse={top + i === cursor}
          color={r.complete === 0 ? color('yellow') : undefined}
        >
          {cols.map((c) => cell(c.col.value(r), c.width)).join('│')}
        </Text>
      ))}
    </Box>
  );
}
