import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import type { ListFilter } from '../app-api.js';
import { compileListFilter } from '../data/event-source.js';
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
import { formatUtc } from '../../domain/time.js';
import { withSigmaRules } from '../../case/sigma/report.js';
import { safeText } from '../../util/safe-text.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { fit } from '../text.js';
import { color } from '../colors.js';
import { eventListView } from '../views/event-list.js';
import { useCursor } from './use-cursor.js';
import { withNotablePin } from './list-filter.js';

export const NOTABLE = 'notable';

export interface NotableParams {
  filter: ListFilter;
}

export function notableView(filter: ListFilter): ViewInit<NotableParams> {
  return { kind: NOTABLE, title: 'Notable', params: { filter } };
}

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
  const when = at ? formatUtc(at).replace('T', ' ').replace('Z', '') : '-'.padEnd(19);
  const head = `${r.severity.padEnd(8)} ${outcomeText(r).padStart(EVENTS_W)}  ${when}  `;
  const title = `${r.title} (${r.id})`;
  if (width < 110) return fit(head + title, width);
  const titleW = width - head.length - WHO_W - 2;
  return fit(`${head}${fit(title, titleW).padEnd(titleW)}  ${safeText(whoText(r))}`, width);
}

export function NotableView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<NotableParams>): React.JSX.Element | null {
  const { db } = app.services;
  const { filter } = view.params;
  const [sort, setSort] = useState<RuleSort>('severity');
  const result = useMemo<{
    rules: NotableRuleView[];
    events: number;
    succeeded: number;
    error?: string;
  }>(() => {
    try {
      const compiled = compileListFilter(filter);
      return {
        rules: withSigmaRules(db, compiled, notableRuleViews(db, compiled)),
        ...notableTotals(db, compiled),
      };
    } catch (err) {
      return { rules: [], events: 0, succeeded: 0, error: (err as Error).message };
    }
  }, [db, filter]);
  const rules = useMemo(() => sortRuleViews([...result.rules], sort), [result.rules, sort]);
  const bodyHeight = Math.max(1, height - 5);
  const cur = useCursor(rules.length, bodyHeight);
  const selected = rules[cur.cursor];

  useCommandHandlers(app, view.key, {
    'notable.down': () => cur.move(1),
    'notable.up': () => cur.move(-1),
    'notable.pagedown': () => cur.page(1),
    'notable.pageup': () => cur.page(-1),
    'notable.first': () => cur.first(),
    'notable.last': () => cur.last(),
    'notable.open': () => {
      if (selected)
        app.push(
          eventListView(
            withNotablePin(filter, selected.id, `notable: ${selected.id}`, selected.events),
            selected.title,
          ),
        );
    },
    'notable.all': () =>
      app.push(eventListView(withNotablePin(filter, null, 'notable'), 'All notable')),
    'notable.sort': () => {
      setSort((s) => RULE_SORTS[(RULE_SORTS.indexOf(s) + 1) % RULE_SORTS.length]);
      cur.first();
    },
  });
  if (!active) return null;

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
        rules.slice(cur.top, cur.top + bodyHeight).map((r, i) => (
          <Text
            key={r.id}
            inverse={cur.top + i === cur.cursor}
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
