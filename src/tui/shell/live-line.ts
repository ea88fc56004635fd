import { groupDigits } from '../../util/group-digits.js';
import type { IndexProgress } from '../../ingest/pipeline.js';
import { progressFigures } from '../../util/progress-text.js';

const int = (n: number) => groupDigits(Math.round(n));

/** The status line while an index run fills the case file: files, events, rate, ETA. Pure. */
export function liveLine(p: IndexProgress | null): string {
  if (!p || p.phase === 'discovering') return 'indexing: finding files…';
  if (p.phase !== 'indexing')
    return `indexing: ${p.phase}… (${int(p.events)} events read; rules, chains and insights next)`;
  const f = progressFigures(p);
  return `indexing ${f.files} files · ${f.events} events · ${f.rate} ev/s · ETA ${f.eta} · Ctrl-C stops`;
}
