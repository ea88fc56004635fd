import { lookupField, fieldNames } from '../query/fields.js';
import { closest } from '../query/suggest.js';
import { countKeyForField, type CountKey } from '../store/stats.js';

function countKeyOf(field: string): CountKey {
  const f = lookupField(field);
  const key = f && countKeyForField(f);
  if (!key) throw new Error(`no count for field ${field}`);
  return key;
}

/** The sections of `trailscope stats`, in order: label, JSON key, what to count. */
export const SUMMARY_SECTIONS: readonly { title: string; key: string; count: CountKey }[] = [
  { title: 'event names', key: 'name', count: countKeyOf('name') },
  { title: 'event sources', key: 'source', count: countKeyOf('source') },
  { title: 'identities', key: 'identity', count: countKeyOf('who') },
  { title: 'access keys', key: 'key', count: countKeyOf('key') },
  { title: 'source IPs', key: 'ip', count: countKeyOf('ip') },
  { title: 'regions', key: 'region', count: countKeyOf('region') },
  { title: 'accounts', key: 'account', count: countKeyOf('account') },
  { title: 'error codes', key: 'error', count: countKeyOf('error') },
  { title: 'user agents', key: 'ua', count: countKeyOf('ua') },
];

/** What `--by FIELD` counts (the field's own declaration, see countKeyForField), or an error message. */
export function countKeyFor(name: string): { key: CountKey; label: string } | { error: string } {
  const n = name.trim();
  const f = lookupField(n);
  if (!f) {
    const s = closest(n, fieldNames());
    return { error: `unknown field "${n}"${s ? ` — did you mean "${s}"?` : ''}` };
  }
  const key = countKeyForField(f);
  if (!key)
    return {
      error: `"${f.name}" values cannot be counted (try name, who, ip, key, error, resource...)`,
    };
  return { key, label: f.name };
}
