// How a Sigma rule is shown beside the built-in rules: its view and its ATT&CK technique. Pure:
// the case layer (case/sigma/report.ts) reads the rules and counts.
import type { MitreTechnique } from '../notable/types.js';
import type { NotableRuleView } from '../notable/views.js';
import { severityOfLevel } from './types.js';

/**
 * A Sigma rule with its counts: a built-in rule's view (so both lists merge), plus where it comes
 * from. Sigma rules are judged as written (`attemptsMatter`): a failed call weighs as a success.
 */
export interface SigmaRuleView extends NotableRuleView {
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

/** A stored rule's view from its counts within a filter. */
export function sigmaRuleView(
  rule: {
    rule_id: string;
    title: string;
    description: string | null;
    level: string | null;
    tags: string;
    pack: string;
  },
  c: { events: number; failed: number; first_ms: number | null; last_ms: number | null },
): SigmaRuleView {
  const tags = JSON.parse(rule.tags) as string[];
  const severity = severityOfLevel(rule.level);
  return {
    id: rule.rule_id,
    title: rule.title,
    severity,
    ruleSeverity: severity,
    attemptsMatter: true,
    why: (rule.description ?? rule.title).split('\n')[0].trim() || rule.title,
    mitre: attackTechnique(tags),
    events: c.events,
    succeeded: c.events - c.failed,
    failed: c.failed,
    firstSeen: c.first_ms,
    lastSeen: c.last_ms,
    who: [],
    moreWho: 0,
    source: 'sigma',
    level: rule.level,
    tags,
    pack: rule.pack,
  };
}
