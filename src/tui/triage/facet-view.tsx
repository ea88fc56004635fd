import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewContext, ViewInit } from '../shell/app-api.js';
import type { ValueCounts } from '../../store/stats.js';
import { queryClientFor } from '../query/query-service.js';
import { QueryCancelled } from '../query/query-client.js';
import { safeText } from '../../util/safe-text.js';
import { compileListFilter } from '../shell/list-filter.js';
import { cell, fit } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { FACET_FIELDS, facetTerm, withFacet } from './facet-fields.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { BaseView } from '../shell/base-view.js';
import { eventListView, FACET, sameFilter, type FacetParams } from '../shell/routes.js';

export { FACET };
/** Values listed per facet: the most frequent ones (the header says how many there are). */
const FACET_LIMIT = 1000;

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

type FacetValue = ValueCounts['values'][number];

/** Value counts of one field for a filter; ←/→ switch the field in place. */
export class FacetModel extends BaseView<FacetParams> {
  field: number;
  data: { counts: ValueCounts; total: number } | { error: string } | null = null;
  declare list: ListModel<AtIndex<FacetValue>>;

  constructor(init: ViewInit<FacetParams>, app: AppApi) {
    super(init, app);
    this.field = Math.max(
      0,
      FACET_FIELDS.findIndex((f) => f.column === init.params.column),
    );
    this.list = ListModel.empty(1);
    this.load();
  }

  get f() {
    return FACET_FIELDS[this.field] ?? FACET_FIELDS[0]!;
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 3);
  }

  private load(): void {
    this.cancelPending();
    this.data = null;
    this.title = `Facet: ${this.f.label}`;
    this.list = ListModel.empty(this.listHeight());
    let sql;
    try {
      sql = compileListFilter(this.params.filter);
    } catch (err) {
      this.data = { error: (err as Error).message };
      return;
    }
    // both scan every matching event: on the query thread, so keys stay live
    const queries = queryClientFor(this.app.services);
    const counting = queries.run('valueCounts', {
      filter: sql,
      key: this.f.key,
      limit: FACET_LIMIT,
    });
    const totalling = queries.run('count', { filter: sql });
    this.later(
      Promise.all([counting.result, totalling.result]),
      ([counts, total]) => {
        this.data = { counts, total };
        this.list = new ListModel(itemsSource(counts.values), this.listHeight());
      },
      (err) => {
        if (!(err instanceof QueryCancelled)) this.data = { error: err.message };
      },
      () => {
        counting.cancel();
        totalling.cancel();
      },
    );
  }

  override shows(init: ViewInit): boolean {
    const p = init.params as FacetParams;
    return sameFilter(p.filter, this.params.filter) && (p.column === this.f.column || !p.column);
  }

  override context(): ViewContext {
    const v = this.list.selected?.row;
    return {
      filter: this.params.filter,
      ...(v ? { value: { text: facetTerm(this.f, v.value), label: this.f.label } } : {}),
    };
  }

  private switchTo(i: number): void {
    this.field = (i + FACET_FIELDS.length) % FACET_FIELDS.length;
    this.load();
  }

  private apply(negate: boolean): void {
    const selected = this.list.selected?.row;
    if (!selected) return;
    const filter = this.params.filter;
    const text = withFacet(filter.text, this.f, selected.value, negate);
    const label = `${negate ? 'not ' : ''}${safeText(selected.value ?? '(missing)', { max: 40 })}`;
    this.app.push(eventListView({ ...filter, text }, label));
  }

  readonly handlers: Record<string, () => void> = {
    'facet.next': () => this.switchTo(this.field + 1),
    'facet.prev': () => this.switchTo(this.field - 1),
    'facet.open': () => this.apply(false),
    'facet.exclude': () => this.apply(true),
  };

  draw(): React.ReactNode {
    const { width, height, list, data } = this;
    const tabs = `◀ ${this.f.label} ▶`;
    let head: string;
    if (!data) head = `${tabs} · counting…`;
    else if ('error' in data) head = `${tabs} · ✖ ${safeText(data.error)}`;
    else {
      const n = data.counts.values.length;
      const shown =
        n < data.counts.distinct
          ? `top ${n} of ${data.counts.distinct.toLocaleString('en-US')}`
          : `${data.counts.distinct.toLocaleString('en-US')}`;
      const one = data.counts.distinct === 1;
      head = `${tabs} · ${shown} value${one ? '' : 's'} · ${data.total.toLocaleString('en-US')} event${data.total === 1 ? '' : 's'}`;
    }
    const total = data && 'total' in data ? data.total : 0;
    return (
      <Box flexDirection="column" height={height}>
        <Text bold wrap="truncate">
          {fit(head, width)}
        </Text>
        <Text bold wrap="truncate">
          {fit(`${'EVENTS'.padStart(10)} ${'SHARE'.padStart(6)} ${''.padEnd(10)} VALUE`, width)}
        </Text>
        {list.visible.map(({ i, row: v }) => (
          <Text key={i} inverse={i === list.cursor} wrap="truncate">
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
}

export const facetFactory = (init: ViewInit<FacetParams>, app: AppApi) => new FacetModel(init, app);
