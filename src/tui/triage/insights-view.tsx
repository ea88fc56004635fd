import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewInit } from '../shell/app-api.js';
import {
  getInsights,
  type EvidenceInsight,
  type InsightWindow,
  type InsightsReport,
} from '../../case/insights.js';
import { formatTime, formatTimeRange } from '../../domain/time.js';
import { safeText, terminalText } from '../../util/safe-text.js';
import { durationText, seriesLabel } from '../../cli/insights-text.js';
import { fit } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { BaseView } from '../shell/base-view.js';
import { eventDetailView, eventListView, INSIGHTS } from '../shell/routes.js';

export { INSIGHTS };

type Item = { kind: 'window'; w: InsightWindow } | { kind: 'evidence'; e: EvidenceInsight };

const t = (ms: number): string => formatTime(ms, 'minute');
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

/** Call-rate and error-rate anomalies, and the Insights events in the evidence. */
export class InsightsModel extends BaseView<Record<string, never>> {
  report: InsightsReport | { error: string } | null = null;
  items: Item[] = [];
  declare list: ListModel<AtIndex<Item>>;

  constructor(init: ViewInit<Record<string, never>>, app: AppApi) {
    super(init, app);
    this.list = ListModel.empty(1);
    // First open after an index run computes (a grouped scan); later opens read the cache.
    this.later(
      () => {
        try {
          return getInsights(app.services.db) as InsightsReport | { error: string };
        } catch (err) {
          return { error: (err as Error).message };
        }
      },
      (r) => {
        this.report = r;
        this.items =
          'windows' in r
            ? [
                ...r.windows.map((w) => ({ kind: 'window' as const, w })),
                ...r.evidence.map((e) => ({ kind: 'evidence' as const, e })),
              ]
            : [];
        this.list = new ListModel(itemsSource(this.items), this.listHeight());
      },
    );
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 3);
  }

  override shows(): boolean {
    return true;
  }

  readonly handlers: Record<string, () => void> = {
    'insights.open': () => {
      const selected = this.list.selected?.row;
      if (!selected) return;
      if (selected.kind === 'window') {
        this.app.push(
          eventListView(
            { text: selected.w.filter },
            `${seriesLabel(selected.w)} ${t(selected.w.start)}`,
          ),
        );
      } else {
        const row = this.app.services.reader.rowByEventId(selected.e.eventId);
        if (row) this.app.push(eventDetailView(row));
      }
    },
  };

  draw(): React.ReactNode {
    const { width, height, list, report, items } = this;
    if (report === null) return <Text>Computing per-minute baselines…</Text>;
    if ('error' in report)
      return <Text color={color('red')}>{fit(`✖ ${safeText(report.error)}`, width)}</Text>;
    const selected = list.selected?.row;
    const head =
      `${report.windows.length} anomalous windows (strongest first)` +
      (report.evidence.length
        ? ` · ${report.evidence.length} CloudTrail Insights events in the evidence`
        : '') +
      (report.span ? ` · evidence ${formatTimeRange(report.span.from, report.span.to)}` : '');
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
          list.visible.map(({ i, row: it }) => (
            <Text
              key={i}
              inverse={i === list.cursor}
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
}

export const insightsFactory = (init: ViewInit<Record<string, never>>, app: AppApi) =>
  new InsightsModel(init, app);
