import type { IndexProgress } from '../ingest/pipeline.js';

/** Redraws at most this often: a progress bar must not slow the load it reports on. */
const MIN_INTERVAL_MS = 100;

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function fmtDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--:--';
  const m = Math.floor(s / 60);
  const sec = Math.floor(s % 60);
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
    : `${m}:${String(sec).padStart(2, '0')}`;
}

/** One status line: bar, files, events, events/s, ETA (from bytes read). Pure, for tests. */
export function progressLine(p: IndexProgress, width: number): string {
  if (p.phase === 'discovering') return 'finding files…';
  if (p.phase !== 'indexing') return `${p.phase}… (${fmtInt(p.events)} events read)`;
  const frac =
    p.bytesTotal > 0
      ? Math.min(1, p.bytesDone / p.bytesTotal)
      : p.filesTotal
        ? p.filesDone / p.filesTotal
        : 0;
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.events / secs : 0;
  const eta = frac > 0.01 ? (secs * (1 - frac)) / frac : NaN;
  const text = ` ${fmtInt(p.filesDone)}/${fmtInt(p.filesTotal)} files  ${fmtInt(p.events)} events  ${fmtInt(rate)} ev/s  ETA ${fmtDuration(eta)}`;
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
