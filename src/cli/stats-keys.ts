import { lookupField, fieldNames } from '../query/fields.js';
import { closest } from '../query/suggest.js';
import type { CountKey } from '../store/stats.js';

/** The sections of `trailscope stats`, in order: label, JSON key, what to count. */
export const SUMMARY_SECTIONS: readonly { title: string; key: string; count: CountKey }[] = [
  { title: 'event names', key: 'name', count: { kind: 'dict', field: 'event_name' } },
  { title: 'event sources', key: 'source', count: { kind: 'dict', field: 'event_source' } },
  { title: 'identities', key: 'identity', count: { kind: 'identity' } },
  { title: 'access keys', key: 'key', count: { kind: 'dict', field: 'access_key_id' } },
  { title: 'source IPs', key: 'ip', count: { kind: 'dict', field: 'source_ip' } },
  { title: 'regions', key: 'region', count: { kind: 'dict', field: 'aws_region' } },
  { title: 'accounts', key: 'account', count: { kind: 'dict', field: 'account_id' } },
  { title: 'error codes', key: 'error', count: { kind: 'dict', field: 'error_code' } },
  { title: 'user agents', key: 'ua', count: { kind: 'dict', field: 'user_agent' } },
];

/** What `--by FIELD` counts, or an error message for the user. */
export function countKeyFor(name: string): { key: CountKey; label: string } | { error: string } {
  const n = name.trim();
  if (/^(identity|who)$/i.test(n)) return { key: { kind: 'identity' }, label: 'identity' };
  const f = lookupField(n);
  if (!f) {
    const s = closest(n, ['identity', ...fieldNames()]);
    return { error: `unknown field "${n}"${s ? ` — did you mean "${s}"?` : ''}` };
  }
  const t = f.target;
  switch (t.type) {
    case 'dict':
      return { key: { kind: 'dict', field: t.dictField }, label: f.name };
    case 'ip':
      return { key: { kind: 'dict', field: 'source_ip' }, label: f.name };
    case 'column':
    case 'bool':
      return { key: { kind: 'column', column: t.column }, label: f.name };
    case 'resource':
      return { key: { kind: 'resource', part: t.part }, label: f.name };
    default:
      return { error: `"${f.name}" values cannot be counted (try name, who, ip, key, error, resource...)` };
  }
}
