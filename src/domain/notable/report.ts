import type { Database } from 'better-sqlite3';
import { MATCH_ALL, type SqlFilter } from '../../store/filter-sql.js';
import type { EventRow } from '../../store/event-row.js';
import {
  eventRows,
  notableEventCount,
  pageNotableEvents,
  pageRuleEvents,
  ruleCallers,
  ruleCounts,
  ruleSummary,
  rulesOfEvent,
  type RuleCount,
  type RuleWho,
} from '../../store/notable.js';
import { whoLabel } from '../identity.js';
import { RULES, ruleById } from './rules.js';
import {
  matchSeverity,
  severityRank,
  type MitreTechnique,
  type NotableRule,
  type Severity,
} from './types.js';

/** A rule with its counts, as the notable view and `trailscope notable` show it. */
export interface NotableRuleView {
  id: string;
  title: string;
  /** The rule's severity, one step lower when every match failed (unless attempts matter). */
  severity: Severity;
  /** The severity the rule states for calls that succeeded. */
  ruleSeverity: Severity;
  attemptsMatter: boolean;
  why: string;
  mitre: MitreTechnique;
  /** Distinct events matched. */
  events: number;
  succeeded: number;
  failed: number;
  firstSeen: number | null;
  lastSeen: number | null;
  /** The callers behind the matches, most active first (at most three). */
  who: { label: string; events: number }[];
  /** Callers beyond the three listed. */
  moreWho: number;
}

export const RULE_SORTS = ['severity', 'count', 'first', 'last'] as const;
export type RuleSort = (typeof RULE_SORTS)[number];

/** Events matched and how many of them succeeded: `3 (0 succeeded)`. */
export function outcomeText(r: Pick<NotableRuleView, 'events' | 'succeeded'>): string {
  return `${r.events.toLocaleString('en-US')} (${r.succeeded.toLocaleString('en-US')} succeeded)`;
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
  const succeeded = c.succeeded ?? 0;
  return {
    id: rule.id,
    title: rule.title,
    severity: matchSeverity(rule, succeeded > 0),
    ruleSeverity: rule.severity,
    attemptsMatter: !!rule.attemptsMatter,
    why: rule.why,
    mitre: rule.mitre,
    events: c.events,
    succeeded,
    failed: c.events - succeeded,
    firstSeen: c.first_ms,
    lastSeen: c.last_ms,
    who: [],
    moreWho: 0,
  };
}

/** Top callers of a rule: `alice 3, ci-deploy 1, +2 more` (evidence text: the caller sanitises it). */
export function whoText(r: Pick<NotableRuleView, 'who' | 'moreWho'>): string {
  const parts = r.who.map((w) => `${w.label} ${w.events.toLocaleString('en-US')}`);
  if (r.moreWho > 0) parts.push(`+${r.moreWho} more`);
  return parts.join(', ');
}

const BY: Record<RuleSort, (a: NotableRuleView, b: NotableRuleView) => number> = {
  severity: (a, b) => severityRank(b.severity) - severityRank(a.severity) || b.events - a.events,
  count: (a, b) => b.events - a.events || severityRank(b.severity) - severityRank(a.severity),
  first: (a, b) => (a.firstSeen ?? Infinity) - (b.firstSeen ?? Infinity),
  last: (a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0),
};

/** Order rule views: most severe first by default; ties by the other keys, then id. */
export function sortRuleViews(
  rules: NotableRuleView[],
  sort: RuleSort = 'severity',
): NotableRuleView[] {
  return rules.sort(
    (a, b) => BY[sort](a, b) || BY.severity(a, b) || BY.last(a, b) || a.id.localeCompare(b.id),
  );
}

const WHO_SHOWN = 3;

/** Fill each view's top callers (labelled as every table labels a caller). */
function addCallers(db: Database, views: NotableRuleView[], filter: SqlFilter): void {
  const byRule = new Map(views.map((v) => [v.id, v]));
  const seen = new Map<string, number>();
  const shown: RuleWho[] = [];
  // callers arrive grouped by rule, most active first
  for (const c of ruleCallers(db, filter)) {
    const v = byRule.get(c.rule_id);
    if (!v) continue;
    const n = seen.get(c.rule_id) ?? 0;
    seen.set(c.rule_id, n + 1);
    if (n < WHO_SHOWN) shown.push(c);
    else v.moreWho++;
  }
  const rows = new Map(
    eventRows(
      db,
      shown.map((c) => c.sample),
    ).map((r) => [r.id, r]),
  );
  for (const c of shown) {
    const row = rows.get(c.sample);
    if (row) byRule.get(c.rule_id)!.who.push({ label: whoLabel(row), events: c.events });
  }
}

/**
 * Rules that matched at least one event (of the filter, when given), most severe first (or as
 * `sort` says), each with who made its calls. Without a filter the counts come from the cached
 * summary: one row per rule.
 */
export function notableRuleViews(
  db: Database,
  filter?: SqlFilter,
  sort: RuleSort = 'severity',
): NotableRuleView[] {
  const all = !filter || filter.where.trim() === '1';
  const counts = all ? ruleSummary(db) : ruleCounts(db, filter);
  const out: NotableRuleView[] = [];
  for (const c of counts) {
    const rule = ruleById(c.rule_id);
    if (rule && c.events > 0) out.push(view(rule, c));
  }
  addCallers(db, out, filter ?? MATCH_ALL);
  return sortRuleViews(out, sort);
}

/** Distinct notable events of the filter (an event two rules matched is one event). */
export function notableTotals(
  db: Database,
  filter?: SqlFilter,
): { events: number; succeeded: number } {
  return notableEventCount(db, filter ?? MATCH_ALL);
}

/** The severity an event's matches carry: each rule's, one step lower when the call failed. */
function highest(rules: readonly string[], ok: boolean): Severity {
  let best: Severity = 'info';
  for (const id of rules) {
    const r = ruleById(id);
    const sev = r ? matchSeverity(r, ok) : null;
    if (sev && severityRank(sev) > severityRank(best)) best = sev;
  }
  return best;
}

export function eventView(row: EventRow, rules: string[]): NotableEventView {
  return {
    rowid: row.id,
    eventId: row.event_id,
    time: row.time_ms,
    eventName: row.event_name,
    eventSource: row.event_source,
    who: whoLabel(row),
    sourceIp: row.source_ip,
    region: row.aws_region,
    accountId: row.account_id,
    errorCode: row.error_code,
    severity: highest(rules, row.error_code === null && row.error_message === null),
    rules,
  };
}

/** Notable events, newest first: of one rule, or of any rule; restricted to a filter. */
export function notableEvents(
  db: Database,
  opts: { filter?: SqlFilter; rule?: string; limit: number; minSeverity?: Severity },
): NotableEventView[] {
  const filter = opts.filter ?? MATCH_ALL;
  if (opts.rule) {
    return pageRuleEvents(db, opts.rule, filter, { limit: opts.limit }).map((row) =>
      eventView(row, rulesOfEvent(db, row.id)),
    );
  }
  const minSeverity = opts.minSeverity ? severityRank(opts.minSeverity) : 0;
  return pageNotableEvents(db, filter, { limit: opts.limit, minSeverity }).map(({ row, rules }) =>
    eventView(row, rules),
  );
}

/** Why an event is notable: each matched rule, most severe first (the event detail shows these). */
export function explainNotable(db: Database, rowid: number): NotableRule[] {
  return rulesOfEvent(db, rowid)
    .map((id) => ruleById(id))
    .filter((r): r is NotableRule => r !== undefined)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

export { RULES };
