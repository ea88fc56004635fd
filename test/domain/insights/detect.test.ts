import { describe, expect, it } from 'vitest';
import {
  baselineOf,
  detectErrorWindows,
  detectWindows,
  type SparsePoint,
} from '../../../src/domain/insights/detect.js';

/** Deterministic PRNG so "noise" is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson sample (Knuth) for small rates, normal approximation for large ones. */
function poisson(rand: () => number, lambda: number): number {
  if (lambda > 50) {
    const u = Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * u));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

function series(n: number, valueAt: (m: number) => number): SparsePoint[] {
  const out: SparsePoint[] = [];
  for (let m = 0; m < n; m++) {
    const v = valueAt(m);
    if (v > 0) out.push({ minute: m, value: v });
  }
  return out;
}

const THREE_DAYS = 3 * 24 * 60;

describe('offline insights: call-rate windows', () => {
  it('finds no windows in flat Poisson noise at several rates (no false alarms)', () => {
    for (const [seed, lambda] of [
      [1, 0.05],
      [2, 0.5],
      [3, 3],
      [4, 20],
      [5, 200],
    ] as const) {
      const rand = rng(seed);
      const pts = series(THREE_DAYS, () => poisson(rand, lambda));
      expect(detectWindows(pts, THREE_DAYS).windows, `lambda ${lambda}`).toEqual([]);
    }
  });

  it('stays quiet across many noise series (40 seeds, rates from 0.01 to 100 per minute)', () => {
    let alarms = 0;
    for (let seed = 100; seed < 140; seed++) {
      const rand = rng(seed);
      const lambda = 0.01 * Math.pow(10, (seed % 5) * 1);
      alarms += detectWindows(
        series(THREE_DAYS, () => poisson(rand, lambda)),
        THREE_DAYS,
      ).windows.length;
    }
    expect(alarms).toBe(0);
  });

  it('finds no windows in uniform noise or a daily working-hours shape', () => {
    const rand = rng(9);
    const uniform = series(THREE_DAYS, () => Math.floor(rand() * 40));
    expect(detectWindows(uniform, THREE_DAYS).windows).toEqual([]);
    const office = series(THREE_DAYS, (m) =>
      (m / 60) % 24 >= 9 && (m / 60) % 24 < 18 ? poisson(rand, 12) : poisson(rand, 1),
    );
    expect(detectWindows(office, THREE_DAYS).windows).toEqual([]);
  });

  it('does not report a job that spikes every hour', () => {
    const rand = rng(11);
    const hourly = series(THREE_DAYS, (m) =>
      m % 60 === 5 ? 40 + Math.floor(rand() * 10) : poisson(rand, 0.2),
    );
    expect(detectWindows(hourly, THREE_DAYS).windows).toEqual([]);
  });

  it('finds a known burst on top of noise, with its start, end, baseline and observed rate', () => {
    const rand = rng(12);
    const pts = series(THREE_DAYS, (m) => poisson(rand, 2) + (m >= 2000 && m < 2006 ? 60 : 0));
    const { baseline, windows } = detectWindows(pts, THREE_DAYS);
    expect(windows).toHaveLength(1);
    expect(windows[0].startMinute).toBe(2000);
    expect(windows[0].endMinute).toBe(2006);
    expect(baseline.mean).toBeGreaterThan(1.5);
    expect(baseline.mean).toBeLessThan(2.5);
    expect(windows[0].observed).toBeGreaterThan(55);
    expect(windows[0].score).toBeGreaterThan(6);
  });

  it('finds a burst of a rarely-called API (baseline near zero) and two separate bursts as two windows', () => {
    const pts: SparsePoint[] = [
      { minute: 100, value: 1 },
      { minute: 900, value: 25 },
      { minute: 901, value: 30 },
      { minute: 3000, value: 18 },
      { minute: 4000, value: 1 },
    ];
    const { windows } = detectWindows(pts, THREE_DAYS);
    expect(windows.map((w) => [w.startMinute, w.endMinute, w.total])).toEqual([
      [900, 902, 55],
      [3000, 3001, 18],
    ]);
  });

  it('ignores a handful of calls, however rare the API', () => {
    expect(detectWindows([{ minute: 5, value: 4 }], THREE_DAYS).windows).toEqual([]);
  });

  it('keeps the burst out of its own baseline', () => {
    const pts = series(1000, (m) => (m < 500 && m >= 490 ? 500 : 1));
    expect(baselineOf(pts, 1000).mean).toBeCloseTo(1, 5);
  });
});

describe('offline insights: error-rate windows', () => {
  it('reports a surge of errors when the error rate jumps', () => {
    const rand = rng(21);
    const calls = series(THREE_DAYS, (m) => poisson(rand, 5) + (m >= 1500 && m < 1503 ? 30 : 0));
    const errors = series(THREE_DAYS, (m) => (m >= 1500 && m < 1503 ? 30 : poisson(rand, 0.05)));
    const ws = detectErrorWindows(calls, errors, THREE_DAYS);
    expect(ws).toHaveLength(1);
    expect(ws[0].startMinute).toBe(1500);
    expect(ws[0].baselineRate).toBeLessThan(0.05);
    expect(ws[0].observedRate).toBeGreaterThan(0.7);
  });

  it('does not report errors that only follow a call burst at the usual error rate', () => {
    const calls = series(THREE_DAYS, (m) => (m >= 1500 && m < 1503 ? 400 : 40));
    const errors = series(THREE_DAYS, (m) => (m >= 1500 && m < 1503 ? 200 : 20));
    expect(detectErrorWindows(calls, errors, THREE_DAYS)).toEqual([]);
  });

  it('finds nothing in flat error noise', () => {
    const rand = rng(23);
    const calls = series(THREE_DAYS, () => poisson(rand, 10));
    const errors = series(THREE_DAYS, () => poisson(rand, 1));
    expect(detectErrorWindows(calls, errors, THREE_DAYS)).toEqual([]);
  });
});
