import { groupDigits } from './group-digits.js';
import type { IndexProgress } from '../ingest/pipeline.js';

const int = (n: number): string => groupDigits(Math.round(n));

/** `m:ss`, or `XhYYm` past an hour; `--:--` when unknown. */
export function etaText(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--:--';
  const m = Math.floor(s / 60);
  const sec = Math.floor(s % 60);
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
    : `${m}:${String(sec).padStart(2, '0')}`;
}

/**
 * An index run's progress as figures (done fraction from bytes read, else files; events per
 * second; ETA) and their text, shared by the terminal progress bar and the TUI's status line.
 */
export function progressFigures(p: IndexProgress): {
  frac: number;
  files: string;
  events: string;
  rate: string;
  eta: string;
} {
  const frac =
    p.bytesTotal > 0
      ? Math.min(1, p.bytesDone / p.bytesTotal)
      : p.filesTotal
        ? p.filesDone / p.filesTotal
        : 0;
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.events / secs : 0;
  const eta = frac > 0.01 ? (secs * (1 - frac)) / frac : NaN;
  return {
    frac,
    files: `${int(p.filesDone)}/${int(p.filesTotal)}`,
    events: int(p.events),
    rate: int(rate),
    eta: etaText(eta),
  };
}
