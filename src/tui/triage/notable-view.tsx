import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import type { ListFilter } from '../app-api.js';
import { compileListFilter } from '../data/event-source.js';
import { notableRuleViews, type NotableRuleView } from '../../domain/notable/report.js';
import { formatUtc } from '../../domain/time.js';
import { withSigmaRules } from '../../domain/sigma/report.js';
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

const SEV_COLOR: Record<string, string | undefined> = { critical: 'red', high: 'red', medium: 'yellow', low: 'cyan', info: undefined };

/** One rule row: severity, events, last seen, title (rule id). */
export function ruleLine(r: NotableRuleView, width: number): string {
  const last = r.lastSeen ? formatUtc(r.lastSeen).replace('T', ' ').replace('Z', '') : '-';
  return fit(`${r.severity.padEnd(8)} ${String(r.events).padStart(7)}  ${last}  ${r.title} (${r.id})`, width);
}

export function NotableView({ view, app, width, height, active }: ViewProps<NotableParams>): React.JSX.Element | null {
  const { db } = app.services;
  const { filter } = view.params;
  const result = useMemo<{ rules: NotableRuleView[]; error?: string }>(() => {
    try {
      return { rules: withSigmaRules(db, compileListFilter(filter), notableRuleViews(db, compileListFilter(filter))) };
    } catch (err) {
      return { rules: [], error: (err as Error).message };
    }
  }, [db, filter]);
  const { rules } = result;
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
      if (selected) app.push(eventListView(withNotablePin(filter, selected.id, `notable: ${selected.id}`, selected.events), selected.title));
    },
    'notable.all': () => app.push(eventListView(withNotablePin(filter, null, 'notable'), 'All notable')),
  });
  if (!active) return null;

  const total = rules.reduce((s, r) => s + r.events, 0);
  const scope = filter.text.trim() || filter.pinned ? `filter: ${safeText(filter.pinned?.label ?? '')} ${safeText(filter.text)}`.trim() : 'all events';
  const head = result.error
    ? `✖ ${safeText(result.error)}`
    : `${rules.length} rules matched ${total.toLocaleString('en-US')} events · ${scope} · most recent first`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">{fit(head, width)}</Text>
      <Text bold wrap="truncate">{fit(`${'SEVERITY'.padEnd(8)} ${'EVENTS'.padStart(7)}  ${'LAST SEEN (UTC)'.padEnd(19)}  RULE`, width)}</Text>
      {rules.length === 0 ? (
        <Text>{result.error ? '' : 'No notable events for this filter.'}</Text>
      ) : (
        rules.slice(cur.top, cur.top + bodyHeight).map((r, i) => (
          <Text key={r.id} inverse={cur.top + i === cur.cursor} color={color(SEV_COLOR[r.severity])} wrap="truncate">
            {ruleLine(r, width)}
          </Text>
        ))
      )}
      <Box flexGrow={1} />
      {selected ? (
        <>
          <Text wrap="truncate">{fit(`why: ${selected.why}`, width)}</Text>
          <Text dimColor wrap="truncate">{fit(`ATT&CK ${selected.mitre.id} ${selected.mitre.name} · Enter lists its events · a lists all notable events`, width)}</Text>
        </>
      ) : null}
    </Box>
  );
}
