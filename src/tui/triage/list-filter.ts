import type { ListFilter } from '../shell/app-api.js';
import { andFilters } from '../../store/filter-sql.js';
import { notablePin } from '../../store/notable.js';

/** The list filter plus "matched this rule" (kept alongside any pivot already pinned). */
export function withNotablePin(
  filter: ListFilter,
  ruleId: string | null,
  label: string,
  matches?: number,
): ListFilter {
  const pin = notablePin(ruleId, matches);
  if (!filter.pinned) return { text: filter.text, pinned: { label, ...pin } };
  const both = andFilters(filter.pinned, pin);
  return {
    text: filter.text,
    pinned: { ...both, label: `${filter.pinned.label} · ${label}` },
  };
}
