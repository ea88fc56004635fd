/**
 * Offline Insights: rate anomalies on per-minute series, in the spirit of CloudTrail Insights
 * (API call rate and error rate against a baseline), computed from the evidence alone.
 *
 * A series is sparse: only minutes with a non-zero value are listed; the others are zeros, which
 * matter for the baseline (an API called in one minute of three days has a baseline near zero).
 * Pure functions: no SQL, no clock.
 */

export interface SparsePoint {
  /** Minute index from the start of the evidence (0-based). */
  minute: number;
  value: number;
}

export interface DetectOptions {
  /** How many (robust) standard deviations above the baseline a minute must be. */
  k: number;
  /** A minute below this value is never anomalous (a few calls are never a burst). */
  minValue: number;
  /** And it must be at least this many times the baseline. */
  minRatio: number;
  /** Anomalous minutes this close (in minutes) join into one window. */
  mergeGap: number;
  /** With this many windows or more in one series, spikes recur: only those well above the usual spike stay. */
  recurring: number;
}

export const DEFAULT_DETECT: DetectOptions = {
  k: 6,
  minValue: 10,
  minRatio: 3,
  mergeGap: 2,
  recurring: 3,
};

export interface Baseline {
  /** Mean per minute, after setting aside the outlying minutes. */
  mean: number;
  /** Standard deviation used for the threshold: never below the Poisson sqrt(mean). */
  sd: number;
  threshold: number;
}

export interface Window {
  startMinute: number;
  /** Exclusive. */
  endMinute: number;
  total: number;
  /** Mean per minute inside the window. */
  observed: number;
  peak: number;
  /** Peak in baseline standard deviations. */
  score: number;
}

function moments(points: readonly SparsePoint[], n: number): { mean: number; sd: number } {
  let sum = 0;
  let sq = 0;
  for (const p of points) {
    sum += p.value;
    sq += p.value * p.value;
  }
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 0 ? Math.max(0, sq / n - mean * mean) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * Baseline of a series of `n` minutes: mean and deviation with outlying minutes set aside (sigma
 * clipping, a few rounds), so the burst being looked for does not raise its own bar.
 */
export function baselineOf(
  points: readonly SparsePoint[],
  n: number,
  opts: DetectOptions = DEFAULT_DETECT,
): Baseline {
  let kept = points;
  let clipped = 0;
  let b = { mean: 0, sd: 0, threshold: 0 };
  for (let round = 0; round < 4; round++) {
    const m = moments(kept, n - clipped);
    const sd = Math.max(m.sd, Math.sqrt(m.mean));
    // + k: small counts have a heavier tail than the normal curve (Poisson), so keep a margin
    const threshold = Math.max(
      m.mean + opts.k * sd + opts.k,
      opts.minValue,
      opts.minRatio * m.mean,
    );
    b = { mean: m.mean, sd, threshold };
    const next = kept.filter((p) => p.value <= threshold);
    if (next.length === kept.length) break;
    clipped += kept.length - next.length;
    kept = next;
  }
  return b;
}

/** Windows of minutes above the baseline's threshold, merged across small gaps. */
export function detectWindows(
  points: readonly SparsePoint[],
  n: number,
  opts: DetectOptions = DEFAULT_DETECT,
): { baseline: Baseline; windows: Window[] } {
  const baseline = baselineOf(points, n, opts);
  const hot = points
    .filter((p) => p.value > baseline.threshold)
    .sort((a, b) => a.minute - b.minute);
  const windows: Window[] = [];
  let cur: SparsePoint[] = [];
  const close = (): void => {
    if (cur.length === 0) return;
    const start = cur[0].minute;
    const end = cur[cur.length - 1].minute + 1;
    const total = cur.reduce((s, p) => s + p.value, 0);
    const peak = Math.max(...cur.map((p) => p.value));
    windows.push({
      startMinute: start,
      endMinute: end,
      total,
      observed: total / (end - start),
      peak,
      score: baseline.sd > 0 ? (peak - baseline.mean) / baseline.sd : peak,
    });
    cur = [];
  };
  for (const p of hot) {
    if (cur.length && p.minute - cur[cur.length - 1].minute > opts.mergeGap) close();
    cur.push(p);
  }
  close();
  return { baseline, windows: dropRecurring(windows, opts) };
}

/** A job that spikes every hour is the series' normal shape: keep only spikes well above the usual one. */
function dropRecurring(windows: Window[], opts: DetectOptions): Window[] {
  if (windows.length < opts.recurring) return windows;
  const peaks = windows.map((w) => w.peak).sort((a, b) => a - b);
  const median = peaks[Math.floor(peaks.length / 2)];
  return windows.filter((w) => w.peak >= opts.minRatio * median);
}

export interface ErrorWindow extends Window {
  /** Error rate over the whole series (0..1), and inside the window. */
  baselineRate: number;
  observedRate: number;
  calls: number;
}

/**
 * Error-rate anomalies: minutes with unusually many errors where the error *rate* also departs
 * from the series' usual rate (a call burst with the usual share of errors is a call-rate anomaly,
 * not an error-rate one).
 */
export function detectErrorWindows(
  calls: readonly SparsePoint[],
  errors: readonly SparsePoint[],
  n: number,
  opts: DetectOptions = DEFAULT_DETECT,
): ErrorWindow[] {
  const { windows } = detectWindows(errors, n, opts);
  if (windows.length === 0) return [];
  const callsAt = new Map(calls.map((p) => [p.minute, p.value]));
  const sum = (pts: readonly SparsePoint[], w?: Window): number =>
    pts.reduce(
      (s, p) => s + (!w || (p.minute >= w.startMinute && p.minute < w.endMinute) ? p.value : 0),
      0,
    );
  const out: ErrorWindow[] = [];
  const allCalls = sum(calls);
  const allErrors = sum(errors);
  for (const w of windows) {
    let wCalls = 0;
    for (let m = w.startMinute; m < w.endMinute; m++) wCalls += callsAt.get(m) ?? 0;
    const outsideCalls = allCalls - wCalls;
    const baselineRate = outsideCalls > 0 ? (allErrors - w.total) / outsideCalls : 0;
    const observedRate = wCalls > 0 ? w.total / wCalls : 0;
    if (observedRate >= Math.max(2 * baselineRate, baselineRate + 0.25)) {
      out.push({ ...w, baselineRate, observedRate, calls: wCalls });
    }
  }
  return out;
}
