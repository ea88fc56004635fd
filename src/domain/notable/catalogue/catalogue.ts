import { SEVERITIES, type NotableRule } from '../types.js';

/**
 * The public catalogue of AWS attack techniques the built-in rules answer for, pinned to one
 * release (stratus-red-team-aws.json beside this file), and the checks that keep rules and
 * catalogue in step.
 */

export interface CatalogueEntry {
  id: string;
  name: string;
  tactics: string[];
  /** MITRE ATT&CK technique ids. */
  attack: string[];
  /** The events a detonation writes that the rules must flag. */
  keyEvents: string[];
  /** Built-in rule ids that flag those events. */
  rules: string[];
}

export interface Catalogue {
  catalogue: string;
  repository: string;
  commit: string;
  file: string;
  note: string;
  techniques: CatalogueEntry[];
  /** Patterns beyond the catalogue that issue 14 names (foreign grants, S3 ransomware). */
  extra: CatalogueEntry[];
}

/** Rules that catch many things generically; a technique covered only by them has no rule of its own. */
const GENERIC = new Set(['access-denied-burst', 'service-denied-burst', 'foreign-account-caller']);

const MEDIUM = SEVERITIES.indexOf('medium');

/**
 * What is wrong between the catalogue and the rules: a technique without a rule of its own at
 * medium or above, a rule id that does not exist, a rule whose event names miss every key event.
 */
export function catalogueProblems(cat: Catalogue, rules: readonly NotableRule[]): string[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const problems: string[] = [];
  for (const t of [...cat.techniques, ...cat.extra]) {
    if (t.rules.length === 0) problems.push(`${t.id}: no rule`);
    for (const id of t.rules)
      if (!byId.has(id)) problems.push(`${t.id}: rule ${id} does not exist`);
    const own = t.rules
      .map((id) => byId.get(id))
      .filter((r): r is NotableRule => !!r && !GENERIC.has(r.id));
    if (!own.some((r) => SEVERITIES.indexOf(r.severity) <= MEDIUM))
      problems.push(`${t.id}: no rule of its own at medium or above`);
    for (const r of own) {
      if (r.kind === 'event' && r.names && !r.names.some((n) => t.keyEvents.includes(n)))
        problems.push(`${t.id}: ${r.id} looks at none of ${t.keyEvents.join(', ')}`);
    }
  }
  return problems;
}
