import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import {
  getInsights,
  type EvidenceInsight,
  type InsightWindow,
  type InsightsReport,
} from '../../case/insights.js';
import { formatUtc } from '../../domain/time.js';
import { safeText, terminalText } from '../../util/safe-text.js';
import { durationText, seriesLabel } from '../../cli/insights-text.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { fit } from '../text.js';
import { color } from '../colors.js';
import { eventListView } from '../views/event-list.js';
import { eventDetailView } from '../views/event-detail.js';
import { useCursor } from './use-cursor.js';

export const INSIGHTS = 'insights';

export function insightsView(): ViewInit<Record<string, never>> {
  return { kind: INSIGHTS, title: 'Insights', params: {} };
}

type Item = { kind: 'window'; w: InsightWindow } | { kind: 'evidence'; e: EvidenceInsight };

const t = (ms: number): string =>
  formatUtc(ms)
    .replace('T', ' ')
    .replace(/:\d\dZ$/, '');
const rate = (w: InsightWindow, v: number): string =>
  w.metric === 'errors' ? `${Math.round(v * 100)}%` : v < 10 ? v.toFixed(1) : String(Math.round(v));

export function itemLine(it: Item, width: number): string {
  if (it.kind === 'evidence') {
    const e = it.e;
    const stats =
      e.baselineAverage !== null && e.insightAverage !== null
        ? ` baseline ${e.baselineAverage.toFixed(1)} → ${e.insightAverage.toFixed(1)}`
        : '';
    return fit(
      `${t(e.time)}  CloudTrail ${safeText(e.insightType ?? 'Insight')} ${safeText(e.state ?? '')}  ${safeText(e.eventName ?? '?')}${stats}`,
      width,
    );
  }
  const w = it.w;
  const what = w.metric === 'calls' ? 'calls/min' : 'errors';
  const top = w.topIdentities
    .map((x) => `${safeText(x.who, { max: 40 })} (${x.events})`)
    .join(', ');
  return fit(
    `${t(w.start)} ${durationText(w.end - w.start).padStart(5)}  ${seriesLabel(w)}  ${what} ${rate(w, w.baseline)} → ${rate(w, w.observed)}  ${top}`,
    width,
  );
}

export function InsightsView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<Record<string, never>>): React.JSX.Element | null {
  const { db, reader } = app.services;
  const [report, setReport] = useState<InsightsReport | { error: string } | null>(null);
  // First open after an index run computes (a grouped scan); later opens read the cache.
  useEffect(() => {
    const timer = setTimeout(() => {
      try {
        setReport(getInsights(db));
      } catch (err) {
        setReport({ error: (err as Error).message });
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [db]);
  const items: Item[] =
    report && 'windows' in report
      ? [
          ...report.windows.map((w) => ({ kind: 'window' as const, w })),
          ...report.evidence.map((e) => ({ kind: 'evidence' as const, e })),
        ]
      : [];
  const bodyHeight = Math.max(1, height - 3);
  const cur = useCursor(items.length, bodyHeight);
  const selected = items[cur.cursor];

  useCommandHandlers(app, view.key, {
    'insights.down': () => cur.move(1),
    'insights.up': () => cur.move(-1),
    'insights.pagedown': () => cur.page(1),
    'insights.pageup': () => cur.page(-1),
    'insights.first': () => cur.first(),
    'insights.last': () => cur.last(),
    'insights.open': () => {
      if (!selected) return;
      if (selected.kind === 'window') {
        app.push(
          eventListView(
            { text: selected.w.filter },
            `${seriesLabel(selected.w)} ${t(selected.w.start)}`,
          ),
        );
      } else {
        const row = reader.rowByEventId(selected.e.eventId);
        if (row) app.push(eventDetailView(row));
      }
    },
  });
  if (!active) return null;
  if (report === null) return <Text>Computing per-minute baselines…</Text>;
  if ('error' in report)
    return <Text color={color('red')}>{fit(`✖ ${safeText(report.error)}`, width)}</Text>;

  const head =
    `${report.windows.length} anomalous windows (strongest first)` +
    (report.evidence.length
      ? ` · ${report.evidence.length} CloudTrail Insights events in the evidence`
      : '') +
    (report.span ? ` · evidence ${t(report.span.from)} → ${t(report.span.to)}` : '');
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {fit(head, width)}
      </Text>
      <Text bold wrap="truncate">
        {fit('START (UTC)       FOR  SERIES  BASELINE → OBSERVED  TOP IDENTITIES', width)}
      </Text>
      {items.length === 0 ? (
        <Text>No rate or error-rate anomalies, and no Insights events in the evidence.</Text>
      ) : (
        items.slice(cur.top, cur.top + bodyHeight).map((it, i) => (
          <Text
            key={cur.top + i}
            inverse={cur.top + i === cur.cursor}
            color={color(
              it.kind === 'evidence' ? 'magenta' : it.w.metric === 'errors' ? 'red' : undefined,
            )}
            wrap="truncate"
          >
            {itemLine(it, width)}
          </Text>
        ))
      )}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate">
        {fit(
          selected?.kind === 'window'
            ? `Enter: ${terminalText(selected.w.filter)}`
            : selected
              ? 'Enter: open the Insights event'
              : '',
          width,
        )}
      </Text>
    </Box>
  );
}
