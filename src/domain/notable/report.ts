import type { Database } from 'better-sqlite3';
import { MATCH_ALL, type SqlFilter } from '../../store/filter-sql.js';
import type { EventRow } from '../../store/event-row.js';
import { pageNotableEvents, pageRuleEvents, ruleCounts, ruleSummary, rulesOfEvent, type RuleCount } from '../../store/notable.js';
import { whoLabel } from '../identity.js';
import { RULES, ruleById } from './rules.js';
import { severityRank, type MitreTechnique, type NotableRule, type Severity } from './types.js';

/** A rule with its counts, as the notable view and `trailscope notable` show it. */
export interface NotableRuleView {
  id: string;
  title: string;
  severity: Severity;
  why: string;
  mitre: MitreTechnique;
  events: number;
  firstSeen: number | null;
  lastSeen: number | null;
}

export interface NotableEventView {
  rowid: number;
  eventId: string;
  time: number;
  eventName: string | null;
  eventSource: string | null;
  who: string;
  sourceIp: string | null;
  region: string | null;
  accountId: string | null;
  errorCode: string | null;
  /** Highest severity among the rules it matched. */
  severity: Severity;
  rules: string[];
}

function view(rule: NotableRule, c: RuleCount): NotableRuleView {
  return {
    id: rule.id, title: rule.title, severity: rule.severity, why: rule.why, mitre: rule.mitre,
    events: c.events, firstSeen: c.first_ms, lastSeen: c.last_ms,
  };
}

/**
 * Rules that matched at least one event (of the filter, when given), most recently active first,
 * then most severe. Without a filter this reads the cached summary: one row per rule.
 */
export function notableRuleViews(db: Database, filter?: SqlFilter): NotableRuleView[] {
  const counts = !filter || filter.where.trim() === '1' ? ruleSummary(db) : ruleCounts(db, filter);
  const out: NotableRuleView[] = [];
  for (const c of counts) {
    const rule = ruleById(c.rule_id);
    if (rule && c.events > 0) out.push(view(rule, c));
  }
  return out.sort(
    (a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0) || severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id),
  );
}

function highest(rules: readonly string[]): Severity {
  let best: Severity = 'info';
  for (const id of rules) {
    const r = ruleById(id);
    if (r && severityRank(r.severity) > severityRank(best)) best = r.severity;
  }
  return best;
}

export function eventView(row: EventRow, rules: string[]): NotableEventView {
  return {
    rowid: row.id, eventId: row.event_id, time: row.time_ms, eventName: row.event_name, eventSource: row.event_source,
    who: whoLabel(row), sourceIp: row.source_ip, region: row.aws_region, accountId: row.account_id, errorCode: row.error_code,
    severity: highest(rules), rules,
  };
}

/** Notable events, newest first: of one rule, or of any rule; restricted to a filter. */
export function notableEvents(
  db: Database,
  opts: { filter?: SqlFilter; rule?: string; limit: number; minSeverity?: Severity },
): NotableEventView[] {
  const filter = opts.filter ?? MATCH_ALL;
  if (opts.rule) {
    return pageRuleEvents(db, opts.rule, filter, { limit: opts.limit }).map((row) => eventView(row, rulesOfEvent(db, row.id)));
  }
  const minSeverity = opts.minSeverity ? severityRank(opts.minSeverity) : 0;
  return pageNotableEvents(db, filter, { limit: opts.limit, minSeverity }).map(({ row, rules }) => eventView(row, rules));
}

/** Why an event is notable: each matched rule, most severe first (the event detail shows these). */
export function explainNotable(db: Database, rowid: number): NotableRule[] {
  return rulesOfEvent(db, rowid)
    .map((id) => ruleById(id))
    .filter((r): r is NotableRule => r !== undefined)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

export { RULES };
