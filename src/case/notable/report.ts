// The notable report read from the case file: rule counts, their callers, notable events.
import type { Database } from 'better-sqlite3';
import { MATCH_ALL, type SqlFilter } from '../../store/filter-sql.js';
import {
  eventRows,
  notableEventCount,
  pageNotableEvents,
  pageRuleEvents,
  ruleCallers,
  ruleCounts,
  ruleSummary,
  rulesOfEvent,
  type RuleWho,
} from '../../store/notable.js';
import { whoLabel } from '../../domain/identity.js';
import { RULES, ruleById } from '../../domain/notable/rules.js';
import { severityRank, type NotableRule, type Severity } from '../../domain/notable/types.js';
import {
  eventView,
  ruleView,
  sortRuleViews,
  type NotableEventView,
  type NotableRuleView,
  type RuleSort,
} from '../../domain/notable/views.js';

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
    if (rule && c.events > 0) out.push(ruleView(rule, c));
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

// One import for callers of the notable report: the pure views beside the reads that fill them.
export {
  eventView,
  outcomeText,
  RULE_SORTS,
  sortRuleViews,
  whoText,
  type NotableEventView,
  type NotableRuleView,
  type RuleSort,
} from '../../domain/notable/views.js';
export { RULES };
