import { safeText } from '../util/safe-text.js';
import type { EventRow } from '../store/event-row.js';
import type { TuiServices } from './app-api.js';

/**
 * Extra sections of the event detail view, contributed by other parts (credential origin, notable
 * rules matched). A provider returns already-safe lines, or null when it has nothing to say.
 */
export type DetailSectionProvider = (
  services: TuiServices,
  row: EventRow,
  record: Record<string, unknown> | null,
) => { title: string; lines: string[] } | null;

const providers: DetailSectionProvider[] = [];

export function registerDetailSection(p: DetailSectionProvider): void {
  providers.push(p);
}

export function detailSections(
  services: TuiServices,
  row: EventRow,
  record: Record<string, unknown> | null,
): { title: string; lines: string[] }[] {
  const out: { title: string; lines: string[] }[] = [];
  for (const p of providers) {
    try {
      const s = p(services, row, record);
      if (s) out.push(s);
    } catch (err) {
      out.push({
        title: 'section failed',
        lines: [`(${safeText((err as Error)?.message ?? err)})`],
      });
    }
  }
  return out;
}
