// How notable rules and events are shown: views built from counts and rows, their order and
// their one-line texts. Pure: the case layer (case/notable/report.ts) reads the counts.
import type { EventRow } from '../event.js';
import { whoLabel } from '../identity.js';
import { ruleById } from './rules.js';
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

/** A rule's view from its counts (callers are filled in by the case layer). */
export function ruleView(
  rule: NotableRule,
  c: { events: number; succeeded?: number | null; first_ms: number | null; last_ms: number | null },
): NotableRuleView {
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
