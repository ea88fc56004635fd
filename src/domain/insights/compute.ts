import type { Database } from 'better-sqlite3';
import { getMeta, setMeta } from '../../store/db.js';
import { EventReader } from '../../store/event-reader.js';
import {
  dictText,
  evidenceSpan,
  insightEvents,
  loadInsightWindows,
  minuteCountsByAccountRegion,
  minuteCountsByName,
  saveInsightWindows,
  topIdentities,
  type InsightWindowRow,
  type MinuteCount,
} from '../../store/insights.js';
import { maxEventRowid } from '../../store/notable.js';
import { whoLabel } from '../identity.js';
import { formatUtc } from '../time.js';
import { termText, addTerm } from '../../query/index.js';
import { DEFAULT_DETECT, detectErrorWindows, detectWindows, type SparsePoint } from './detect.js';

const MINUTE = 60_000;
/** Most windows kept (by score): a report, not a dump. */
const MAX_WINDOWS = 200;
const INSIGHTS_VERSION = '2';
const META_VERSION = 'insights.version';
const META_ROWID = 'insights.rowid';
/** The span and the Insights records found in the evidence (small JSON). */
const META_CACHE = 'insights.cache';

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

interface Candidate {
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

/** Detect windows over every series (streamed one series at a time). */
function detectAll(db: Database, fromMinute: number, minutes: number): Candidate[] {
  const out: Candidate[] = [];
  const scan = (scope: Candidate['scope'], rows: Iterable<MinuteCount>): void => {
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
  };
  scan('event-name', minuteCountsByName(db, fromMinute));
  scan('account-region', minuteCountsByAccountRegion(db, fromMinute));
  // strongest first; on a tie the event-name window (the more specific) first, then earlier
  const scopeRank = (c: Candidate) => (c.scope === 'event-name' ? 0 : 1);
  return out
    .sort((a, b) => b.score - a.score || scopeRank(a) - scopeRank(b) || a.start - b.start)
    .slice(0, MAX_WINDOWS);
}

function toRow(db: Database, c: Candidate): InsightWindowRow {
  const [a, b] = c.key.split(':').map(Number);
  const eventName = c.scope === 'event-name' ? dictText(db, a) : null;
  const accountId = c.scope === 'account-region' ? dictText(db, a) : null;
  const region = c.scope === 'account-region' ? dictText(db, b) : null;
  const scope = c.scope === 'event-name' ? { eventNameRef: a } : { accountRef: a, regionRef: b };
  const top = topIdentities(db, scope, {
    from: c.start,
    to: c.end,
    errorsOnly: c.metric === 'errors',
  }).map((r) => ({ who: whoLabel(r), events: r.events }));
  return {
    scope: c.scope,
    event_name: eventName,
    account_id: accountId,
    aws_region: region,
    metric: c.metric,
    start_ms: c.start,
    end_ms: c.end,
    baseline: c.baseline,
    observed: c.observed,
    peak: c.peak,
    total: c.total,
    score: c.score,
    top_identities: JSON.stringify(top),
  };
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
  return formatUtc(ms).replace(/:00Z$/, 'Z');
}

function fromRow(r: InsightWindowRow): InsightWindow {
  const w = {
    scope: r.scope,
    eventName: r.event_name,
    accountId: r.account_id,
    region: r.aws_region,
    metric: r.metric,
    start: r.start_ms,
    end: r.end_ms,
    baseline: r.baseline,
    observed: r.observed,
    peak: r.peak,
    total: r.total,
    score: r.score,
    topIdentities: JSON.parse(r.top_identities) as { who: string; events: number }[],
  };
  return { ...w, filter: windowFilter(w) };
}

function evidenceInsights(db: Database, limit: number): EvidenceInsight[] {
  const reader = new EventReader(db);
  return insightEvents(db, limit).map((row) => {
    let details: Record<string, any> = {};
    try {
      const rec = reader.rawRecord(row);
      if (rec.insightDetails && typeof rec.insightDetails === 'object')
        details = rec.insightDetails as Record<string, any>;
    } catch {
      // a damaged chunk still lists the event, without its details
    }
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
  });
}

/**
 * The Insights report. Windows are cached in the case file and recomputed only when events were
 * added since (or the detector changed); a read-only case file computes without caching.
 */
export function getInsights(
  db: Database,
  opts: { refresh?: boolean; evidenceLimit?: number } = {},
): InsightsReport {
  const top = maxEventRowid(db);
  const fresh =
    !opts.refresh &&
    getMeta(db, META_VERSION) === INSIGHTS_VERSION &&
    getMeta(db, META_ROWID) === String(top);
  if (fresh) {
    const cached = JSON.parse(getMeta(db, META_CACHE) ?? 'null') as {
      span: InsightsReport['span'];
      evidence: EvidenceInsight[];
    } | null;
    if (cached)
      return {
        span: cached.span,
        windows: loadInsightWindows(db).map(fromRow),
        evidence: cached.evidence,
      };
  }
  // Insights records are found by a scan (no index on category): done here, cached with the windows.
  const evidence = evidenceInsights(db, opts.evidenceLimit ?? 200);
  const span = evidenceSpan(db);
  let rows: InsightWindowRow[] = [];
  if (span) {
    const fromMinute = Math.floor(span.from / MINUTE);
    const minutes = Math.floor(span.to / MINUTE) - fromMinute + 1;
    rows = detectAll(db, fromMinute, minutes).map((c) => toRow(db, c));
  }
  if (!db.readonly) {
    db.transaction(() => {
      saveInsightWindows(db, rows);
      setMeta(db, META_CACHE, JSON.stringify({ span, evidence }));
      setMeta(db, META_VERSION, INSIGHTS_VERSION);
      setMeta(db, META_ROWID, String(top));
    })();
  }
  return { span, windows: rows.map(fromRow), evidence };
}
