import type { IndexProgress } from '../ingest/pipeline.js';
import { progressFigures } from '../util/progress-text.js';

/** Redraws at most this often: a progress bar must not slow the load it reports on. */
const MIN_INTERVAL_MS = 100;

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** One status line: bar, files, events, events/s, ETA (from bytes read). Pure, for tests. */
export function progressLine(p: IndexProgress, width: number): string {
  if (p.phase === 'discovering') return 'finding files…';
  if (p.phase !== 'indexing') return `${p.phase}… (${fmtInt(p.events)} events read)`;
  const f = progressFigures(p);
  const frac = f.frac;
  const text = ` ${f.files} files  ${f.events} events  ${f.rate} ev/s  ETA ${f.eta}`;
  const barWidth = Math.max(10, Math.min(40, width - text.length - 3));
  const filled = Math.round(frac * barWidth);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${text}`;
  return line.length > width - 1 ? line.slice(0, Math.max(0, width - 1)) : line;
}

/** A progress bar on a TTY stream (stderr): overwritten in place, erased at the end. */
export class ProgressBar {
  private last = 0;
  private shown = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(p: IndexProgress): void {
    const now = Date.now();
    if (now - this.last < MIN_INTERVAL_MS && p.phase === 'indexing') return;
    this.last = now;
    const width = this.out.columns || 80;
    this.out.write(`\r\x1b[2K${progressLine(p, width)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
