import { countKeyForField, type CountKey } from '../../store/stats.js';
import { addTerm, lookupField, termText } from '../../query/index.js';

/**
 * Table columns that have a frequency sheet (`F`): the filter field whose values they count. The
 * count key and the filter term both come from that field's declaration, so the list a facet value
 * opens holds exactly the events the facet counted. Pure data.
 */
export interface FacetField {
  /** Event table column id. */
  column: string;
  label: string;
  key: CountKey;
  /** The filter field a value becomes. */
  field: string;
}

const facet = (column: string, label: string, field: string): FacetField => {
  const def = lookupField(field);
  const key = def && countKeyForField(def);
  if (!key) throw new Error(`facet ${column}: field ${field} cannot be counted`);
  return { column, label, key, field: def.name };
};

export const FACET_FIELDS: readonly FacetField[] = [
  facet('name', 'event name', 'name'),
  facet('who', 'identity', 'who'),
  facet('ip', 'source IP', 'ip'),
  facet('service', 'service', 'source'),
  facet('region', 'region', 'region'),
  facet('error', 'error code', 'error'),
  facet('account', 'account', 'account'),
  facet('key', 'access key', 'key'),
  facet('ua', 'user agent', 'ua'),
  facet('type', 'identity type', 'type'),
  facet('arn', 'ARN', 'arn'),
  facet('session', 'role session', 'session'),
  facet('recipient', 'recipient account', 'recipient'),
  facet('category', 'category', 'category'),
  // buckets, objects and other resources: one value per resource (query/resource-form.ts)
  facet('resource', 'resource', 'resource'),
  // what limits each record as evidence (domain/caveats.ts): an event under each of its caveats
  facet('caveat', 'caveat', 'caveat'),
];

export function facetForColumn(column: string): FacetField | undefined {
  return FACET_FIELDS.find((f) => f.column === column);
}

/** The filter term selecting exactly the events counted under one value (`-` excludes them). */
export function facetTerm(f: FacetField, value: string | number | null, negate = false): string {
  return termText(f.field, value, { negate });
}

/** The filter with one more facet term. */
export function withFacet(
  filter: string,
  f: FacetField,
  value: string | number | null,
  negate = false,
): string {
  return addTerm(filter, facetTerm(f, value, negate));
}
