import { RULES } from './rules.js';
import type { NotableRule } from './types.js';

function rulesIn(r: NotableRule): string {
  if (r.kind !== 'event') {
    return { 'foreign-account': 'any call', 'access-denied-burst': 'AccessDenied*, *UnauthorizedOperation', 'caller-identity-new-ip': 'GetCallerIdentity' }[r.kind];
  }
  if (r.names) return r.names.length > 4 ? `${r.names.slice(0, 4).join(', ')}, … (${r.names.length})` : r.names.join(', ');
  return r.identityTypes ? `identity ${r.identityTypes.join(', ')}` : 'any';
}

/** The README's rule table, generated from RULES (a test keeps the README in sync with it). */
export function rulesMarkdownTable(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| rule | severity | ATT&CK | looks at | why it matters |', '|---|---|---|---|---|'];
  for (const r of RULES) {
    lines.push(`| \`${r.id}\` | ${r.severity} | ${r.mitre.id} | ${esc(rulesIn(r))} | ${esc(r.why)} |`);
  }
  return lines.join('\n');
}
