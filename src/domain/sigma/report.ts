import type { Database } from 'better-sqlite3';
import { MATCH_ALL, type SqlFilter } from '../../store/filter-sql.js';
import { hasSigmaTables, sigmaCounts, storedRules } from '../../store/sigma.js';
import { severityRank, type MitreTechnique, type Severity } from '../notable/types.js';
import { severityOfLevel } from './types.js';

/** A Sigma rule with its counts, shaped like a built-in rule's view so both lists can be merged. */
export interface SigmaRuleView {
  id: string;
  title: string;
  severity: Severity;
  ruleSeverity: Severity;
  /** Sigma rules are judged as written: a failed call weighs as much as a success. */
  attemptsMatter: boolean;
  why: string;
  mitre: MitreTechnique;
  events: number;
  succeeded: number;
  failed: number;
  firstSeen: number | null;
  lastSeen: number | null;
  who: { label: string; events: number }[];
  moreWho: number;
  source: 'sigma';
  level: string | null;
  tags: string[];
  pack: string;
}

/** `attack.t1562.008` → T1562.008; the first technique tag is the rule's ATT&CK technique. */
export function attackTechnique(tags: readonly string[]): MitreTechnique {
  for (const t of tags) {
    const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(t);
    if (m)
      return {
        id: m[1].toUpperCase(),
        name: tags
          .filter((x) => /^attack\.[a-z-]+$/i.test(x))
          .map((x) => x.slice(7))
          .join(', '),
      };
  }
  return { id: '-', name: '' };
}

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
    const tags = JSON.parse(r.tags) as string[];
    const severity = severityOfLevel(r.level);
    out.push({
      id: c.rule_id,
      title: r.title,
      severity,
      ruleSeverity: severity,
      attemptsMatter: true,
      why: (r.description ?? r.title).split('\n')[0].trim() || r.title,
      mitre: attackTechnique(tags),
      events: c.events,
      succeeded: c.events - c.failed,
      failed: c.failed,
      firstSeen: c.first_ms,
      lastSeen: c.last_ms,
      who: [],
      moreWho: 0,
      source: 'sigma',
      level: r.level,
      tags,
      pack: r.pack,
    });
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
