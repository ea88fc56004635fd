import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewContext, ViewInit } from '../shell/app-api.js';
import {
  countCredentials,
  pageCredentials,
  type CredentialQuery,
  type CredentialRow,
  type CredentialSort,
} from '../../store/credentials.js';
import { formatTime } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';
import { cell, fit } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { promptModal } from '../kit/prompt.js';
import { credentialStore } from './lineage-data.js';
import { termText } from '../../query/index.js';
import { ListModel } from '../kit/list-model.js';
import { offsetSource, type AtIndex } from '../kit/row-source.js';
import { BaseView } from '../shell/base-view.js';
import { pickColumns, shareSpare, usedWidth } from '../kit/column-fit.js';
import { chainView, CREDENTIALS, keyEventsView, type CredentialsParams } from '../shell/routes.js';

export { CREDENTIALS };

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

const when = (ms: number | null) => (ms ? formatTime(ms, 'minute') : '');

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
  const { cols: kept, widths } = pickColumns(COLUMNS, width, 'order');
  shareSpare(kept, widths, width - usedWidth(kept, widths), false);
  return kept.map((c) => ({ col: c, width: widths.get(c)! }));
}

/**
 * Every access key in the evidence, one row each, read one page at a time by offset (the table
 * holds one row per key; the list kernel asks only for the rows around the screen).
 */
export class CredentialsModel extends BaseView<CredentialsParams> {
  query: CredentialQuery;
  total = 0;
  declare list: ListModel<AtIndex<CredentialRow>>;

  constructor(init: ViewInit<CredentialsParams>, app: AppApi) {
    super(init, app);
    this.query = init.params.query;
    credentialStore(app.services.db); // builds the index on old case files
    this.list = ListModel.empty(1);
    this.reload();
  }

  override get params(): CredentialsParams {
    return { query: this.query };
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 3);
  }

  private reload(): void {
    const { db } = this.app.services;
    const query = this.query;
    this.total = countCredentials(db, query);
    const total = this.total;
    this.list = new ListModel(
      offsetSource(
        () => total,
        (offset, limit) => pageCredentials(db, query, offset, limit),
      ),
      this.listHeight(),
    );
  }

  private setQuery(q: CredentialQuery): void {
    this.query = q;
    this.reload();
  }

  override context(): ViewContext {
    const r = this.list.selected?.row;
    return r ? { value: { text: termText('key', r.access_key_id), label: 'access key' } } : {};
  }

  readonly handlers: Record<string, () => void> = {
    'credentials.open': () => {
      const r = this.list.selected?.row;
      if (r) this.app.push(chainView(r.access_key_id));
    },
    'credentials.events': () => {
      const r = this.list.selected?.row;
      if (r) this.app.push(keyEventsView(r.access_key_id));
    },
    'credentials.sort': () => {
      const next = SORTS[(SORTS.indexOf(this.query.sort ?? 'last') + 1) % SORTS.length]!;
      this.setQuery({ ...this.query, sort: next });
      this.app.message(`sorted by ${SORT_LABEL[next]}`);
    },
    'credentials.reverse': () => this.setQuery({ ...this.query, desc: !(this.query.desc ?? true) }),
    'credentials.gaps': () => {
      const next = this.query.complete === false ? undefined : false;
      this.setQuery({ ...this.query, complete: next });
      this.app.message(next === false ? 'only keys whose chain has a gap' : 'all keys');
    },
    'credentials.filter': () =>
      this.app.openModal(
        promptModal(
          this.app,
          'filter keys (text in key, kind, origin, identity, gap): ',
          this.query.text ?? '',
          (text) => {
            this.setQuery({ ...this.query, text: text.trim() || undefined });
            return null;
          },
        ),
      ),
  };

  draw(): React.ReactNode {
    const { width, list, query, total } = this;
    const cols = layout(width);
    const dir = (query.desc ?? true) ? '↓' : '↑';
    const filt = [
      query.text ? `text "${safeText(query.text, { max: 30 })}"` : '',
      query.complete === false ? 'gaps only' : '',
    ]
      .filter(Boolean)
      .join(', ');
    const head = `Credentials: ${total.toLocaleString('en-US')} key${total === 1 ? '' : 's'}${filt ? ` (${filt})` : ''} · sorted by ${SORT_LABEL[query.sort ?? 'last']} ${dir}${total ? ` · ${list.cursor + 1}/${total}` : ''}`;
    return (
      <Box flexDirection="column" height={this.height}>
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
        {list.visible.map(({ i, row: r }) => (
          <Text
            key={r.access_key_id}
            wrap="truncate"
            inverse={i === list.cursor}
            color={r.complete === 0 ? color('yellow') : undefined}
          >
            {cols.map((c) => cell(c.col.value(r), c.width)).join('│')}
          </Text>
        ))}
      </Box>
    );
  }
}

export const credentialsFactory = (init: ViewInit<CredentialsParams>, app: AppApi) =>
  new CredentialsModel(init, app);
