import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import type { ListFilter } from '../app-api.js';
import type { ValueCounts } from '../../store/stats.js';
import { queryClientFor } from '../data/query-service.js';
import { QueryCancelled } from '../query-client.js';
import { safeText } from '../../util/safe-text.js';
import { compileListFilter } from '../data/event-source.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { cell, fit } from '../text.js';
import { color } from '../colors.js';
import { eventListView } from '../views/event-list.js';
import { useCursor } from './use-cursor.js';
import { FACET_FIELDS, withFacet } from './facet-fields.js';

export const FACET = 'facet';
/** Values listed per facet: the most frequent ones (the header says how many there are). */
const FACET_LIMIT = 1000;

export interface FacetParams {
  filter: ListFilter;
  /** Index in FACET_FIELDS. */
  field: number;
}

export function facetView(filter: ListFilter, column = 'name'): ViewInit<FacetParams> {
  const field = Math.max(
    0,
    FACET_FIELDS.findIndex((f) => f.column === column),
  );
  return { kind: FACET, title: `Facet: ${FACET_FIELDS[field].label}`, params: { filter, field } };
}

export function facetLine(
  value: string | number | null,
  count: number,
  total: number,
  width: number,
): string {
  const pct = total ? (count / total) * 100 : 0;
  const bar = '█'.repeat(Math.round(pct / 10)).padEnd(10);
  const head = `${count.toLocaleString('en-US').padStart(10)} ${pct.toFixed(1).padStart(5)}% ${bar} `;
  return head + cell(value === null ? '(missing)' : value, Math.max(1, width - head.length));
}

export function FacetView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<FacetParams>): React.JSX.Element | null {
  const { db } = app.services;
  const { filter, field } = view.params;
  const f = FACET_FIELDS[field] ?? FACET_FIELDS[0];
  const [data, setData] = useState<
    { field: number; counts: ValueCounts; total: number } | { field: number; error: string } | null
  >(null);
  useEffect(() => {
    // both scan every matching event: on the query thread, so keys stay live
    let sql;
    try {
      sql = compileListFilter(filter);
    } catch (err) {
      setData({ field, error: (err as Error).message });
      return;
    }
    const queries = queryClientFor(app.services);
    const counting = queries.run('valueCounts', { filter: sql, key: f.key, limit: FACET_LIMIT });
    const totalling = queries.run('count', { filter: sql });
    Promise.all([counting.result, totalling.result]).then(
      ([counts, total]) => setData({ field, counts, total }),
      (err: Error) => {
        if (!(err instanceof QueryCancelled)) setData({ field, error: err.message });
      },
    );
    return () => {
      counting.cancel();
      totalling.cancel();
    };
  }, [db, filter, field]);
  const current = data && data.field === field ? data : null;
  const values = current && 'counts' in current ? current.counts.values : [];
  const bodyHeight = Math.max(1, height - 3);
  const cur = useCursor(values.length, bodyHeight);
  const selected = values[cur.cursor];
  const switchTo = (i: number) => {
    const n = (i + FACET_FIELDS.length) % FACET_FIELDS.length;
    app.updateView(view.key, {
      title: `Facet: ${FACET_FIELDS[n].label}`,
      params: { ...view.params, field: n },
    });
    cur.first();
  };
  const apply = (negate: boolean) => {
    if (!selected) return;
    const text = withFacet(filter.text, f, selected.value, negate);
    const label = `${negate ? 'not ' : ''}${safeText(selected.value ?? '(missing)', { max: 40 })}`;
    app.push(eventListView({ ...filter, text }, label));
  };
  useCommandHandlers(app, view.key, {
    'facet.down': () => cur.move(1),
    'facet.up': () => cur.move(-1),
    'facet.pagedown': () => cur.page(1),
    'facet.pageup': () => cur.page(-1),
    'facet.first': () => cur.first(),
    'facet.last': () => cur.last(),
    'facet.next': () => switchTo(field + 1),
    'facet.prev': () => switchTo(field - 1),
    'facet.open': () => apply(false),
    'facet.exclude': () => apply(true),
  });
  if (!active) return null;
  const tabs = `◀ ${f.label} ▶`;
  let head: string;
  if (!current) head = `${tabs} · counting…`;
  else if ('error' in current) head = `${tabs} · ✖ ${safeText(current.error)}`;
  else {
    const shown =
      values.length < current.counts.distinct
        ? `top ${values.length} of ${current.counts.distinct.toLocaleString('en-US')}`
        : `${current.counts.distinct.toLocaleString('en-US')}`;
    head = `${tabs} · ${shown} values · ${current.total.toLocaleString('en-US')} events`;
  }
  const total = current && 'total' in current ? current.total : 0;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {fit(head, width)}
      </Text>
      <Text bold wrap="truncate">
        {fit(`${'EVENTS'.padStart(10)} ${'SHARE'.padStart(6)} ${''.padEnd(10)} VALUE`, width)}
      </Text>
      {values.slice(cur.top, cur.top + bodyHeight).map((v, i) => (
        <Text key={cur.top + i} inverse={cur.top + i === cur.cursor} wrap="truncate">
          {facetLine(v.value, v.count, total, width)}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate" color={color(undefined)}>
        {fit('Enter: only this value · -: all but this value · ←/→: other column', width)}
      </Text>
    </Box>
  );
}
