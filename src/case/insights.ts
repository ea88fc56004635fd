// The Insights report over the case file: per-minute counts streamed from the store, windows
// detected by domain/insights/windows.ts, cached in the case file with a stamp.
import type { Database } from 'better-sqlite3';
import { getMeta, setMeta } from '../store/db.js';
import { EventReader } from '../store/event-reader.js';
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
} from '../store/insights.js';
import { maxEventRowid } from '../store/notable.js';
import { whoLabel } from '../domain/identity.js';
import {
  detectSeries,
  evidenceInsight,
  strongestWindows,
  windowFilter,
  type EvidenceInsight,
  type InsightCandidate,
  type InsightsReport,
  type InsightWindow,
} from '../domain/insights/windows.js';
import { STAMPS, stampFresh, writeStamp } from './derived-stamps.js';

export type { EvidenceInsight, InsightsReport, InsightWindow } from '../domain/insights/windows.js';

const MINUTE = 60_000;
/** The span and the Insights records found in the evidence (small JSON). */
const META_CACHE = 'insights.cache';

/** Detect windows over every series (streamed one series at a time). */
function detectAll(db: Database, fromMinute: number, minutes: number): InsightCandidate[] {
  return strongestWindows([
    ...detectSeries('event-name', minuteCountsByName(db, fromMinute), fromMinute, minutes),
    ...detectSeries(
      'account-region',
      minuteCountsByAccountRegion(db, fromMinute),
      fromMinute,
      minutes,
    ),
  ]);
}

function toRow(db: Database, c: InsightCandidate): InsightWindowRow {
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
    return evidenceInsight(row, details);
  });
}

/** What a refresh computes: read-only, so it can run on a thread of its own during an index run. */
export interface ComputedInsights {
  span: InsightsReport['span'];
  evidence: EvidenceInsight[];
  rows: InsightWindowRow[];
  /** The last event's rowid it saw: the stamp it is fresh to. */
  top: number;
}

export function computeInsights(db: Database, evidenceLimit = 200): ComputedInsights {
  const top = maxEventRowid(db);
  // Insights records are found by a scan (no index on category): done here, cached with the windows.
  const evidence = evidenceInsights(db, evidenceLimit);
  const span = evidenceSpan(db);
  let rows: InsightWindowRow[] = [];
  if (span) {
    const fromMinute = Math.floor(span.from / MINUTE);
    const minutes = Math.floor(span.to / MINUTE) - fromMinute + 1;
    rows = detectAll(db, fromMinute, minutes).map((c) => toRow(db, c));
  }
  return { span, evidence, rows, top };
}

/** Cache what computeInsights found, stamped fresh to the events it saw. */
export function saveInsights(db: Database, c: ComputedInsights): void {
  db.transaction(() => {
    saveInsightWindows(db, c.rows);
    setMeta(db, META_CACHE, JSON.stringify({ span: c.span, evidence: c.evidence }));
    writeStamp(db, STAMPS.insights, c.top);
  })();
}

/**
 * The Insights report. Windows are cached in the case file and recomputed only when events were
 * added since (or the detector changed); a read-only case file computes without caching.
 */
export function getInsights(
  db: Database,
  opts: { refresh?: boolean; evidenceLimit?: number } = {},
): InsightsReport {
  const fresh = !opts.refresh && stampFresh(db, STAMPS.insights);
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
  const c = computeInsights(db, opts.evidenceLimit);
  if (!db.readonly) saveInsights(db, c);
  return { span: c.span, windows: c.rows.map(fromRow), evidence: c.evidence };
}
