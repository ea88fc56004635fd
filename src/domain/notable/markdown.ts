import { RULES } from './rules.js';
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
  if (r.names)
    return r.names.length > 4
      ? `${r.names.slice(0, 4).join(', ')}, … (${r.names.length})`
      : r.names.join(', ');
  return r.identityTypes ? `identity ${r.identityTypes.join(', ')}` : 'any';
}

/** The README's rule table, generated from RULES (a test keeps the README in sync with it). */
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
