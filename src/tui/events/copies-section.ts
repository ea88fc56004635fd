import type { DetailSectionProvider } from '../shell/app-api.js';
import { safeText } from '../../util/safe-text.js';
import { compareRecords } from './compare-records.js';

/** Copies listed, and differences listed per copy, before the section says how many more. */
const MAX_COPIES = 5;
const MAX_DIFFERENCES = 8;

/**
 * Other copies of the event's eventID whose bytes differ from the stored one (another delivered
 * file, or the same file twice): both are kept at indexing, and this is where a responder sees
 * them, with the fields that differ. One of them may have been altered; the dedupe kept the first
 * read, which proves nothing about which is genuine.
 */
export const differingCopiesSection: DetailSectionProvider = (services, row, record) => {
  const copies = services.reader.differingCopies(row.id);
  if (!copies.length) return null;
  const n = copies.length;
  const lines = [
    `${n} other cop${n === 1 ? 'y' : 'ies'} of this eventID differ${n === 1 ? 's' : ''} from the one shown; all are kept, and one may have been altered (which was read first proves nothing); caveat:differs lists every such event`,
  ];
  for (const c of copies.slice(0, MAX_COPIES)) {
    lines.push(`${safeText(c.path)} #${c.record_index}:`);
    // the shown copy unreadable: there is nothing to compare with
    if (!record) continue;
    let other: Record<string, unknown>;
    try {
      other = JSON.parse(c.text) as Record<string, unknown>;
    } catch {
      lines.push('  (its text is not valid JSON)');
      continue;
    }
    const differ = compareRecords([record, other]).filter((r) => r.differs);
    if (!differ.length)
      lines.push('  same fields and values, written differently (spacing, key order)');
    for (const d of differ.slice(0, MAX_DIFFERENCES)) {
      const v = (s: string | undefined) =>
        s === undefined ? '(absent)' : safeText(s, { max: 48 });
      lines.push(`  ${safeText(d.path, { max: 40 })}: ${v(d.values[0])} → ${v(d.values[1])}`);
    }
    if (differ.length > MAX_DIFFERENCES)
      lines.push(`  … ${differ.length - MAX_DIFFERENCES} more difference(s)`);
  }
  if (n > MAX_COPIES)
    lines.push(`… ${n - MAX_COPIES} more cop${n - MAX_COPIES === 1 ? 'y' : 'ies'}`);
  return { title: 'Other copies that differ', lines };
};
