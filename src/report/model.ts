import type { Database } from 'better-sqlite3';
import { coverageInputs } from '../case/coverage.js';
import { MAX_CELLS, HOUR_MS, buildCoverage } from '../domain/coverage/build.js';
import type { Coverage } from '../domain/coverage/types.js';
import { ruleById } from '../domain/notable/rules.js';
import {
  SEVERITIES,
  severityOfRank,
  severityRank,
  type Severity,
} from '../domain/notable/types.js';
import { whoLabel } from '../domain/identity.js';
import type { CaveatName } from '../domain/caveats.js';
import { traceSubject } from '../domain/lineage.js';
import { traceJson, type TraceJson } from '../domain/lineage-json.js';
import { bringUpToDate } from '../case/derived.js';
import { CredentialStore, ensureCredentialSchema } from '../store/credentials.js';
import { EventReader } from '../store/event-reader.js';
import { allNotes } from '../store/notes.js';
import {
  caseTotals,
  caveatCounts,
  distinctValues,
  keysOfEvents,
  keysOfNotable,
  missingFiles,
  reportFiles,
  ruleOutcomes,
  volumeBuckets,
  type CaseTotals,
  type ReportFile,
} from '../store/report.js';

/**
 * Everything the report says, gathered once from the case file: plain data that the Markdown and
 * HTML renderers turn into text. Deterministic: only what the case file holds, in fixed orders;
 * no clock, no host name, no case-file path.
 */

export interface Finding {
  id: string;
  title: string;
  severity: Severity;
  why: string;
  mitre: string;
  events: number;
  succeeded: number;
  failed: number;
  first: number;
  last: number;
}

export interface NotedEvent {
  eventId: string;
  time: number | null;
  eventName: string | null;
  who: string | null;
  region: string | null;
  sourceIp: string | null;
  errorCode: string | null;
  note: string;
  tags: string[];
  writtenAt: string;
  orphan: boolean;
}

export interface Volume {
  from: number;
  bucketMs: number;
  events: number[];
  /** Highest notable severity rank per bucket (-1 none). */
  notable: number[];
  notableEvents: number[];
}

export interface ReportModel {
  totals: CaseTotals;
  /** Events whose record has a caveat (domain/caveats.ts), per caveat, zeros included. */
  caveats: { name: CaveatName; events: number }[];
  accounts: string[];
  callerAccounts: string[];
  regions: string[];
  files: ReportFile[];
  missingFiles: string[];
  verdictsStored: boolean;
  coverage: Coverage;
  findings: Finding[];
  notes: NotedEvent[];
  chains: TraceJson[];
  volume: Volume | null;
}

/** Up to this many credential chains: the keys of noted events first, then of high and critical findings. */
export const MAX_CHAINS = 20;
const STEPS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  24 * HOUR_MS,
  7 * 24 * HOUR_MS,
];
/** The volume chart's bucket count at most. */
export const VOLUME_BUCKETS = 120;

function volume(db: Database, totals: CaseTotals): Volume | null {
  if (totals.first === null || totals.last === null) return null;
  const span = totals.last - totals.first + 1;
  const bucketMs =
    STEPS.find((s) => span / s <= VOLUME_BUCKETS) ??
    Math.ceil(span / VOLUME_BUCKETS / (24 * HOUR_MS)) * 24 * HOUR_MS;
  const from = Math.floor(totals.first / bucketMs) * bucketMs;
  const n = Math.floor((totals.last - from) / bucketMs) + 1;
  const v: Volume = {
    from,
    bucketMs,
    events: new Array(n).fill(0),
    notable: new Array(n).fill(-1),
    notableEvents: new Array(n).fill(0),
  };
  for (const b of volumeBuckets(db, from, bucketMs)) {
    if (b.bucket < 0 || b.bucket >= n) continue;
    v.events[b.bucket] = b.events;
    v.notable[b.bucket] = b.notable;
    v.notableEvents[b.bucket] = b.notableEvents;
  }
  return v;
}

function findings(db: Database): Finding[] {
  return ruleOutcomes(db)
    .map((o): Finding => {
      const rule = ruleById(o.ruleId);
      return {
        id: o.ruleId,
        title: rule?.title ?? o.ruleId,
        severity: rule?.severity ?? 'info',
        why: rule?.why ?? '',
        mitre: rule ? `${rule.mitre.id} ${rule.mitre.name}` : '',
        events: o.events,
        succeeded: o.succeeded,
        failed: o.events - o.succeeded,
        first: o.first,
        last: o.last,
      };
    })
    .sort(
      (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id),
    );
}

function notes(db: Database): NotedEvent[] {
  const reader = new EventReader(db);
  return (
    allNotes(db)
      .map((n): NotedEvent => {
        const row = n.orphan ? undefined : reader.rowByEventId(n.eventId);
        return {
          eventId: n.eventId,
          time: row ? row.time_ms : null,
          eventName: row?.event_name ?? null,
          who: row ? whoLabel(row) : null,
          region: row?.aws_region ?? null,
          sourceIp: row?.source_ip ?? null,
          errorCode: row?.error_code ?? null,
          note: n.text,
          tags: n.tags,
          writtenAt: n.writtenAt,
          orphan: n.orphan,
        };
      })
      // the timeline is in event time; orphans (their event is not in the case) last
      .sort(
        (a, b) =>
          (a.time ?? Infinity) - (b.time ?? Infinity) ||
          a.eventId.localeCompare(b.eventId) ||
          a.writtenAt.localeCompare(b.writtenAt),
      )
  );
}

function chains(db: Database, notedIds: readonly string[]): TraceJson[] {
  // `report` brought them up to date on open; a model built on a writable connection does it here
  if (!db.readonly) bringUpToDate(db, ['credentials']);
  ensureCredentialSchema(db);
  const keys = [
    ...new Set([
      ...keysOfEvents(db, notedIds),
      ...keysOfNotable(db, severityRank('high'), MAX_CHAINS),
    ]),
  ].slice(0, MAX_CHAINS);
  const store = new CredentialStore(db);
  const out: TraceJson[] = [];
  for (const k of keys) {
    const t = traceSubject(store, k);
    if (t) out.push(traceJson(t));
  }
  return out;
}

/** Coverage by hour when the grid stays readable (two weeks), else by day. */
function coverage(db: Database): Coverage {
  const inputs = coverageInputs(db);
  const byDay = buildCoverage({ zoom: 'day', ...inputs });
  if (
    byDay.from !== null &&
    byDay.to !== null &&
    (byDay.to - byDay.from) / HOUR_MS <= Math.min(14 * 24, MAX_CELLS)
  )
    return buildCoverage({ zoom: 'hour', ...inputs });
  return byDay;
}

export function buildReportModel(db: Database): ReportModel {
  const totals = caseTotals(db);
  const files = reportFiles(db);
  const noted = notes(db);
  return {
    totals,
    caveats: caveatCounts(db),
    accounts: distinctValues(db, 'recipient_account_id'),
    callerAccounts: distinctValues(db, 'account_id'),
    regions: distinctValues(db, 'aws_region'),
    files,
    missingFiles: missingFiles(db),
    verdictsStored: files.some((f) => f.verdict !== null),
    coverage: coverage(db),
    findings: findings(db),
    notes: noted,
    chains: chains(
      db,
      noted.filter((n) => !n.orphan).map((n) => n.eventId),
    ),
    volume: volume(db, totals),
  };
}

export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;
export { severityOfRank };
