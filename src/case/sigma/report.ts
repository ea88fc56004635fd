// Sigma rules' results read from the case file, shaped to merge with the built-in rules' views.
import type { Database } from 'better-sqlite3';
import { MATCH_ALL, type SqlFilter } from '../../store/filter-sql.js';
import { hasSigmaTables, sigmaCounts, storedRules } from '../../store/sigma.js';
import { severityRank, type Severity } from '../../domain/notable/types.js';
import { severityOfLevel } from '../../domain/sigma/types.js';
import { sigmaRuleView, type SigmaRuleView } from '../../domain/sigma/views.js';

export { attackTechnique, type SigmaRuleView } from '../../domain/sigma/views.js';

/** Sigma rules that matched events of the filter. */
export function sigmaRuleViews(db: Database, filter: SqlFilter = MATCH_ALL): SigmaRuleView[] {
  if (!hasSigmaTables(db)) return [];
  const meta = new Map(
    storedRules(db)
      .filter((r) => r.rule_id && r.status === 'loaded')
      .map((r) => [r.rule_id as string, r]),
  );
  const out: SigmaRuleView[] = [];
  for (const c of sigmaCounts(db, filter)) {
    const r = meta.get(c.rule_id);
    if (!r) continue;
    out.push(sigmaRuleView({ ...r, rule_id: c.rule_id }, c));
  }
  return out;
}

/** Built-in and Sigma rule views together (Sigma rules after built-in ones of the same severity). */
export function withSigmaRules<T extends { severity: Severity; events: number }>(
  db: Database,
  filter: SqlFilter | undefined,
  builtIn: T[],
): (T | SigmaRuleView)[] {
  const sigma = sigmaRuleViews(db, filter ?? MATCH_ALL);
  if (sigma.length === 0) return builtIn;
  return [...builtIn, ...sigma].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/** Raise each event's severity to that of the Sigma rules it matched (built-in rules are judged elsewhere). */
export function withSigmaSeverity<T extends { rules: string[]; severity: Severity }>(
  db: Database,
  events: T[],
): T[] {
  if (!events.some((e) => e.rules.some((r) => r.startsWith('sigma:'))) || !hasSigmaTables(db))
    return events;
  const level = new Map(
    storedRules(db)
      .filter((r) => r.rule_id)
      .map((r) => [r.rule_id as string, severityOfLevel(r.level)]),
  );
  return events.map((e) => {
    let best = e.severity;
    for (const id of e.rules) {
      const s = level.get(id);
      if (s && severityRank(s) > severityRank(best)) best = s;
    }
    return best === e.severity ? e : { ...e, severity: best };
  });
}
