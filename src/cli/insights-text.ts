import type { EvidenceInsight, InsightWindow } from '../domain/insights/windows.js';
import { formatTime } from '../domain/time.js';
import { safeText } from '../util/safe-text.js';
import { renderTable, type TableColumn } from './output/table.js';

function rate(w: InsightWindow, v: number): string {
  return w.metric === 'errors'
    ? `${Math.round(v * 100)}% errors`
    : `${v < 10 ? v.toFixed(2) : Math.round(v)}/min`;
}

export function seriesLabel(
  w: Pick<InsightWindow, 'scope' | 'eventName' | 'accountId' | 'region'>,
): string {
  return w.scope === 'event-name'
    ? safeText(w.eventName ?? '?', { max: 60 })
    : `${safeText(w.accountId ?? '?', { max: 20 })} ${safeText(w.region ?? '?', { max: 20 })}`;
}

export function durationText(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 60 ? `${min}m` : `${Math.floor(min / 60)}h${String(min % 60).padStart(2, '0')}m`;
}

export function formatWindows(windows: readonly InsightWindow[], width?: number): string[] {
  const cols: TableColumn[] = [
    { header: 'START' },
    { header: 'FOR' },
    { header: 'METRIC' },
    { header: 'SERIES', flex: 1, min: 10 },
    { header: 'BASELINE', align: 'right' },
    { header: 'OBSERVED', align: 'right' },
    { header: 'TOTAL', align: 'right' },
    { header: 'TOP IDENTITIES', flex: 2, min: 10 },
  ];
  const rows = windows.map((w) => [
    formatTime(w.start),
    durationText(w.end - w.start),
    w.metric === 'calls' ? 'call rate' : 'error rate',
    seriesLabel(w),
    rate(w, w.baseline),
    rate(w, w.observed),
    String(w.total),
    w.topIdentities.map((t) => `${safeText(t.who, { max: 60 })} (${t.events})`).join(', '),
  ]);
  return renderTable(cols, rows, { width });
}

export function formatEvidenceInsights(list: readonly EvidenceInsight[], width?: number): string[] {
  const cols: TableColumn[] = [
    { header: 'TIME' },
    { header: 'STATE' },
    { header: 'TYPE' },
    { header: 'EVENT', flex: 1, min: 10 },
    { header: 'BASELINE', align: 'right' },
    { header: 'INSIGHT', align: 'right' },
  ];
  const num = (v: number | null): string =>
    v === null ? '-' : v < 10 ? v.toFixed(2) : String(Math.round(v));
  const rows = list.map((i) => [
    formatTime(i.time),
    safeText(i.state ?? '-', { max: 10 }),
    safeText(i.insightType ?? '-', { max: 40 }),
    safeText(i.eventName ?? '-', { max: 60 }),
    num(i.baselineAverage),
    num(i.insightAverage),
  ]);
  return renderTable(cols, rows, { width });
}
