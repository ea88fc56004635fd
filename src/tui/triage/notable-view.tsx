import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewContext, ViewInit } from '../shell/app-api.js';
import { compileListFilter } from '../shell/list-filter.js';
import {
  notableRuleViews,
  notableTotals,
  outcomeText,
  RULE_SORTS,
  sortRuleViews,
  whoText,
  type NotableRuleView,
  type RuleSort,
} from '../../case/notable/report.js';
import { formatTime, NO_TIME } from '../../domain/time.js';
import { withSigmaRules } from '../../case/sigma/report.js';
import { safeText } from '../../util/safe-text.js';
import { fit } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { withNotablePin } from './list-filter.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { BaseView } from '../shell/base-view.js';
import { eventListView, NOTABLE, sameFilter, type FilterParams } from '../shell/routes.js';

export { NOTABLE };

const SEV_COLOR: Record<string, string | undefined> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: undefined,
};

const SORT_TIME: Record<RuleSort, 'firstSeen' | 'lastSeen'> = {
  severity: 'lastSeen',
  count: 'lastSeen',
  first: 'firstSeen',
  last: 'lastSeen',
};
const EVENTS_W = 22;
const WHO_W = 28;

/**
 * One rule row: severity, events (how many succeeded), first or last seen (the one the sort uses),
 * title (rule id), and who made the calls when the terminal is wide enough.
 */
export function ruleLine(r: NotableRuleView, width: number, sort: RuleSort = 'severity'): string {
  const at = r[SORT_TIME[sort]];
  const when = (at ? formatTime(at, 'table') : NO_TIME).padEnd(19);
  const head = `${r.severity.padEnd(8)} ${outcomeText(r).padStart(EVENTS_W)}  ${when}  `;
  const title = `${r.title} (${r.id})`;
  if (width < 110) return fit(head + title, width);
  const titleW = width - head.length - WHO_W - 2;
  return fit(`${head}${fit(title, titleW).padEnd(titleW)}  ${safeText(whoText(r))}`, width);
}

/** Rules with counts, severity, outcomes and who, for the filter it was opened with. */
export class NotableModel extends BaseView<FilterParams> {
  sort: RuleSort = 'severity';
  result: { rules: NotableRuleView[]; events: number; succeeded: number; error?: string };
  rules: NotableRuleView[] = [];
  declare list: ListModel<AtIndex<NotableRuleView>>;

  constructor(init: ViewInit<FilterParams>, app: AppApi) {
    super(init, app);
    const { db } = app.services;
    try {
      const compiled = compileListFilter(init.params.filter);
      this.result = {
        rules: withSigmaRules(db, compiled, notableRuleViews(db, compiled)),
        ...notableTotals(db, compiled),
      };
    } catch (err) {
      this.result = { rules: [], events: 0, succeeded: 0, error: (err as Error).message };
    }
    this.list = ListModel.empty(1);
    this.sortRules();
  }

  private sortRules(): void {
    this.rules = sortRuleViews([...this.result.rules], this.sort);
    this.list = new ListModel(itemsSource(this.rules), this.listHeight());
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 5);
  }

  override shows(init: ViewInit): boolean {
    return sameFilter((init.params as FilterParams).filter, this.params.filter);
  }

  override context(): ViewContext {
    return { filter: this.params.filter };
  }

  readonly handlers: Record<string, () => void> = {
    'notable.open': () => {
      const r = this.list.selected?.row;
      if (r)
        this.app.push(
          eventListView(
            withNotablePin(this.params.filter, r.id, `notable: ${r.id}`, r.events),
            r.title,
          ),
        );
    },
    'notable.all': () =>
      this.app.push(
        eventListView(withNotablePin(this.params.filter, null, 'notable'), 'All notable'),
      ),
    'notable.sort': () => {
      this.sort = RULE_SORTS[(RULE_SORTS.indexOf(this.sort) + 1) % RULE_SORTS.length]!;
      this.sortRules();
    },
  };

  draw(): React.ReactNode {
    const { width, height, list, sort, result } = this;
    const filter = this.params.filter;
    const rules = this.rules;
    const selected = list.selected?.row;
    const scope =
      filter.text.trim() || filter.pinned
        ? `filter: ${safeText(filter.pinned?.label ?? '')} ${safeText(filter.text)}`.trim()
        : 'all events';
    const head = result.error
      ? `✖ ${safeText(result.error)}`
      : `${rules.length} rule${rules.length === 1 ? '' : 's'} matched ${result.events.toLocaleString('en-US')} distinct event${result.events === 1 ? '' : 's'} ` +
        `(${result.succeeded.toLocaleString('en-US')} succeeded) · ${scope} · by ${sort} (s)`;
    const whenHead = sort === 'first' ? 'FIRST SEEN (UTC)' : 'LAST SEEN (UTC)';
    const columns = `${'SEVERITY'.padEnd(8)} ${'EVENTS (SUCCEEDED)'.padStart(EVENTS_W)}  ${whenHead.padEnd(19)}  RULE`;
    return (
      <Box flexDirection="column" height={height}>
        <Text bold wrap="truncate">
          {fit(head, width)}
        </Text>
        <Text bold wrap="truncate">
          {fit(width < 110 ? columns : `${columns.padEnd(width - WHO_W)}WHO`, width)}
        </Text>
        {rules.length === 0 ? (
          <Text>{result.error ? '' : 'No notable events for this filter.'}</Text>
        ) : (
          list.visible.map(({ i, row: r }) => (
            <Text
              key={r.id}
              inverse={i === list.cursor}
              color={color(SEV_COLOR[r.severity])}
              wrap="truncate"
            >
              {ruleLine(r, width, sort)}
            </Text>
          ))
        )}
        <Box flexGrow={1} />
        {selected ? (
          <>
            <Text wrap="truncate">{fit(`why: ${selected.why}`, width)}</Text>
            <Text dimColor wrap="truncate">
              {fit(
                `ATT&CK ${selected.mitre.id} ${selected.mitre.name} · Enter lists its events · a lists all notable events`,
                width,
              )}
            </Text>
          </>
        ) : null}
      </Box>
    );
  }
}

export const notableFactory = (init: ViewInit<FilterParams>, app: AppApi) =>
  new NotableModel(init, app);
