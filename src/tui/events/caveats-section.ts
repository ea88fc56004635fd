import type { DetailSectionProvider } from '../shell/app-api.js';
import { eventCaveats } from '../../domain/caveats.js';

/**
 * What the case file knows limits this record as evidence (another copy differs, read from damaged
 * data, rebuilt from a summary or a query result, an ID or time it had to make do without), each
 * with what it means; the filter `caveat:NAME` finds the others. The copies that differ are listed
 * in a section of their own.
 */
export const caveatsSection: DetailSectionProvider = (services, row) => {
  const differs = services.reader.differingCopies(row.id).some((c) => c.sameValues !== true);
  const caveats = eventCaveats(row.flags, differs);
  if (!caveats.length) return null;
  return {
    title: 'Caveats (what this record can and cannot show)',
    lines: caveats.map((c) => `${c.name}: ${c.text}`),
  };
};
