import type { IndexProgress } from '../../ingest/pipeline.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--:--';
  const m = Math.floor(s / 60);
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
    : `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

/** The status line while an index run fills the case file: files, events, rate, ETA. Pure. */
export function liveLine(p: IndexProgress | null): string {
  if (!p || p.phase === 'discovering') return 'indexing: finding files…';
  if (p.phase !== 'indexing')
    return `indexing: ${p.phase}… (${int(p.events)} events read; rules, chains and insights next)`;
  const frac =
    p.bytesTotal > 0
      ? Math.min(1, p.bytesDone / p.bytesTotal)
      : p.filesTotal
        ? p.filesDone / p.filesTotal
        : 0;
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.events / secs : 0;
  const eta = frac > 0.01 ? (secs * (1 - frac)) / frac : NaN;
  return `indexing ${int(p.filesDone)}/${int(p.filesTotal)} files · ${int(p.events)} events · ${int(rate)} ev/s · ETA ${duration(eta)} · Ctrl-C stops`;
}
