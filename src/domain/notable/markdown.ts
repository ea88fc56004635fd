import { RULE_FAMILIES, RULES, ruleById } from './rules.js';
import type { Catalogue } from './catalogue/catalogue.js';
import { matchSeverity, type NotableRule } from './types.js';

function rulesIn(r: NotableRule): string {
  if (r.kind !== 'event') {
    return {
      'foreign-account': 'any call',
      'access-denied-burst': 'AccessDenied*, *UnauthorizedOperation',
      'service-denied-burst': 'AccessDenied*, *UnauthorizedOperation by AWS services',
      'caller-identity-new-ip': 'GetCallerIdentity',
      'trail-selectors': 'PutEventSelectors, PutInsightSelectors, CreateTrail',
    }[r.kind];
  }
  if (r.principalIds) return `principal IDs matching \`${r.principalIds.source}\``;
  if (r.names)
    return r.names.length > 4
      ? `${r.names.slice(0, 4).join(', ')}, … (${r.names.length})`
      : r.names.join(', ');
  return r.identityTypes ? `identity ${r.identityTypes.join(', ')}` : 'any';
}

/** The rule table of docs/triage.md, generated from RULES (a test keeps the page in sync with it). */
export function rulesMarkdownTable(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '| rule | title | severity (failed only) | ATT&CK | looks at | why it matters |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of RULES) {
    const sev = `${r.severity} (${matchSeverity(r, false)})`;
    lines.push(
      `| \`${r.id}\` | ${esc(r.title)} | ${sev} | ${r.mitre.id} | ${esc(rulesIn(r))} | ${esc(r.why)} |`,
    );
  }
  return lines.join('\n');
}

/** Families and their rules, one line each (docs/triage.md). */
export function familiesMarkdown(): string {
  return RULE_FAMILIES.map(
    (f) => `- **${f.family}** (${f.rules.length}): ${f.rules.map((r) => `\`${r.id}\``).join(', ')}`,
  ).join('\n');
}

/** The catalogue coverage table: technique → ATT&CK → key events → rules (docs/triage.md). */
export function catalogueMarkdownTable(cat: Catalogue): string {
  const lines = ['| technique | ATT&CK | key events | rules |', '|---|---|---|---|'];
  for (const t of [...cat.techniques, ...cat.extra]) {
    const rules = t.rules
      .map((id) => `\`${id}\` (${ruleById(id)?.severity ?? 'missing'})`)
      .join(', ');
    lines.push(
      `| \`${t.id}\` ${t.name} | ${t.attack.join(', ')} | ${t.keyEvents.join(', ')} | ${rules} |`,
    );
  }
  return lines.join('\n');
}
