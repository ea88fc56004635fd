// Offline Insights: windows where a series departs from its baseline, their shapes and the
// filter that lists each window's events. Pure: the case layer (case/insights.ts) streams the
// per-minute counts and caches the result.
import { formatTime } from '../time.js';
import { termText, addTerm } from '../../query/index.js';
import { DEFAULT_DETECT, detectErrorWindows, detectWindows, type SparsePoint } from './detect.js';

const MINUTE = 60_000;
/** Most windows kept (by score): a report, not a dump. */
export const MAX_WINDOWS = 200;
/** Bump when detection or the cached shapes change: cached windows are then recomputed. */
export const INSIGHTS_VERSION = '2';

/** Calls and errors of one series in one minute (`key` names the series, `minute` counts from the start). */
export interface SeriesMinute {
  key: string;
  minute: number;
  calls: number;
  errors: number;
}

export interface InsightWindow {
  scope: 'event-name' | 'account-region';
  eventName: string | null;
  accountId: string | null;
  region: string | null;
  metric: 'calls' | 'errors';
  start: number;
  /** Exclusive. */
  end: number;
  /** Calls per minute (calls), or error rate 0..1 (errors). */
  baseline: number;
  observed: number;
  /** Busiest minute (calls or errors). */
  peak: number;
  total: number;
  score: number;
  topIdentities: { who: string; events: number }[];
  /** The filter that lists the window's events (`trailscope query`, the TUI's filter bar). */
  filter: string;
}

export interface EvidenceInsight {
  eventId: string;
  time: number;
  state: string | null;
  insightType: string | null;
  eventName: string | null;
  eventSource: string | null;
  baselineAverage: number | null;
  insightAverage: number | null;
}

export interface InsightsReport {
  span: { from: number; to: number } | null;
  windows: InsightWindow[];
  /** CloudTrail Insights records that were part of the evidence. */
  evidence: EvidenceInsight[];
}

/** A detected window before its series is named (dict ids in `key`). */
export interface InsightCandidate {
  scope: InsightWindow['scope'];
  key: string;
  metric: InsightWindow['metric'];
  start: number;
  end: number;
  baseline: number;
  observed: number;
  peak: number;
  total: number;
  score: number;
}

/**
 * Windows that depart from their series' baseline, for series streamed one after another (rows
 * ordered by series then minute): memory is one series at a time.
 */
export function detectSeries(
  scope: InsightCandidate['scope'],
  rows: Iterable<SeriesMinute>,
  fromMinute: number,
  minutes: number,
): InsightCandidate[] {
  const out: InsightCandidate[] = [];
  let key: string | null = null;
  let calls: SparsePoint[] = [];
  let errors: SparsePoint[] = [];
  const flush = (): void => {
    if (key === null) return;
    const { baseline, windows } = detectWindows(calls, minutes, DEFAULT_DETECT);
    for (const w of windows) {
      out.push({
        scope,
        key,
        metric: 'calls',
        start: (fromMinute + w.startMinute) * MINUTE,
        end: (fromMinute + w.endMinute) * MINUTE,
        baseline: baseline.mean,
        observed: w.observed,
        peak: w.peak,
        total: w.total,
        score: w.score,
      });
    }
    for (const w of detectErrorWindows(calls, errors, minutes, DEFAULT_DETECT)) {
      out.push({
        scope,
        key,
        metric: 'errors',
        start: (fromMinute + w.startMinute) * MINUTE,
        end: (fromMinute + w.endMinute) * MINUTE,
        baseline: w.baselineRate,
        observed: w.observedRate,
        peak: w.peak,
        total: w.total,
        score: w.score,
      });
    }
  };
  for (const r of rows) {
    if (r.key !== key) {
      flush();
      key = r.key;
      calls = [];
      errors = [];
    }
    calls.push({ minute: r.minute, value: r.calls });
    if (r.errors > 0) errors.push({ minute: r.minute, value: r.errors });
  }
  flush();
  return out;
}

/** Strongest first; on a tie the event-name window (the more specific) first, then earlier. */
export function strongestWindows(
  candidates: InsightCandidate[],
  max = MAX_WINDOWS,
): InsightCandidate[] {
  const scopeRank = (c: InsightCandidate) => (c.scope === 'event-name' ? 0 : 1);
  return candidates
    .sort((a, b) => b.score - a.score || scopeRank(a) - scopeRank(b) || a.start - b.start)
    .slice(0, max);
}
/** The query-language filter for a window: its series, its time range, and errors for error windows. */
export function windowFilter(
  w: Pick<
    InsightWindow,
    'scope' | 'eventName' | 'accountId' | 'region' | 'metric' | 'start' | 'end'
  >,
): string {
  let f = '';
  if (w.scope === 'event-name') f = addTerm(f, termText('name', w.eventName));
  else {
    f = addTerm(f, termText('recipient', w.accountId));
    f = addTerm(f, termText('region', w.region));
  }
  if (w.metric === 'errors') f = addTerm(f, 'error:*');
  f = addTerm(f, `after:${minuteText(w.start)}`);
  return addTerm(f, `before:${minuteText(w.end)}`);
}

function minuteText(ms: number): string {
  return formatTime(ms, 'iso', { trimZeroSeconds: true });
}

/** An Insights record's statistics as the report lists them (missing or odd fields are null). */
export function evidenceInsight(
  row: {
    event_id: string;
    time_ms: number;
    event_name: string | null;
    event_source: string | null;
  },
  details: Record<string, any>,
): EvidenceInsight {
  const stats = details.insightContext?.statistics ?? {};
  const num = (v: unknown): number | null =>
    typeof v === 'number' && Number.isFinite(v) ? v : null;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    eventId: row.event_id,
    time: row.time_ms,
    state: str(details.state),
    insightType: str(details.insightType),
    eventName: str(details.eventName) ?? row.event_name,
    eventSource: str(details.eventSource) ?? row.event_source,
    baselineAverage: num(stats.baseline?.average),
    insightAverage: num(stats.insight?.average),
  };
}
