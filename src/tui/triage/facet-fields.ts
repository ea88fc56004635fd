import type { CountKey } from '../../store/stats.js';
import { addTerm, termText } from '../../query/index.js';

/**
 * Table columns that have a frequency sheet (`F`): how to count their values, and the filter field
 * a value becomes. Pure data.
 */
export interface FacetField {
  /** Event table column id. */
  column: string;
  label: string;
  key: CountKey;
  /** Filter field for a value (null: chosen per value, see `facetTerm`). */
  field: string | null;
}

export const FACET_FIELDS: readonly FacetField[] = [
  { column: 'name', label: 'event name', key: { kind: 'dict', field: 'event_name' }, field: 'name' },
  { column: 'who', label: 'identity', key: { kind: 'identity' }, field: null },
  { column: 'ip', label: 'source IP', key: { kind: 'dict', field: 'source_ip' }, field: 'ip' },
  { column: 'service', label: 'service', key: { kind: 'dict', field: 'event_source' }, field: 'source' },
  { column: 'region', label: 'region', key: { kind: 'dict', field: 'aws_region' }, field: 'region' },
  { column: 'error', label: 'error code', key: { kind: 'dict', field: 'error_code' }, field: 'error' },
  { column: 'account', label: 'account', key: { kind: 'dict', field: 'account_id' }, field: 'account' },
  { column: 'key', label: 'access key', key: { kind: 'dict', field: 'access_key_id' }, field: 'key' },
  { column: 'ua', label: 'user agent', key: { kind: 'dict', field: 'user_agent' }, field: 'ua' },
  { column: 'type', label: 'identity type', key: { kind: 'dict', field: 'identity_type' }, field: 'type' },
  { column: 'arn', label: 'ARN', key: { kind: 'dict', field: 'arn' }, field: 'arn' },
  { column: 'recipient', label: 'recipient account', key: { kind: 'dict', field: 'recipient_account_id' }, field: 'recipient' },
  { column: 'category', label: 'category', key: { kind: 'dict', field: 'category' }, field: 'category' },
];

export function facetForColumn(column: string): FacetField | undefined {
  return FACET_FIELDS.find((f) => f.column === column);
}

/**
 * The filter term for one value (`-` excludes). The identity facet groups by ARN, else the
 * invoking service, else the principal ID: the term uses whichever field the value is.
 */
export function facetTerm(f: FacetField, value: string | number | null, negate = false): string {
  const v = value === null ? null : String(value);
  let field = f.field;
  if (field === null) field = v === null ? 'arn' : v.startsWith('arn:') ? 'arn' : /\.amazonaws\.com$/.test(v) ? 'invokedBy' : 'principal';
  return termText(field, v, { negate });
}

/** The filter with one more facet term. */
export function withFacet(filter: string, f: FacetField, value: string | number | null, negate = false): string {
  return addTerm(filter, facetTerm(f, value, negate));
}
