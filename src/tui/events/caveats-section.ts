import type { DetailSectionProvider } from '../shell/app-api.js';
import { flagCaveats } from '../../domain/caveats.js';

/**
 * What the case file knows limits this record as evidence (read from damaged data, rebuilt from a
 * summary or a query result, an ID or time it had to make do without), each with what it means;
 * the filter `caveat:NAME` finds the others. Differing copies have a section of their own.
 */
export const caveatsSection: DetailSectionProvider = (_services, row) => {
  const caveats = flagCaveats(row.flags);
  if (!caveats.length) return null;
  return {
    title: 'Caveats (what this record can and cannot show)',
    lines: caveats.map((c) => `${c.name}: ${c.text}`),
  };
};
