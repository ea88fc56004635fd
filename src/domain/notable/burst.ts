/**
 * Sliding-window burst detection for one series of timestamps (one identity's denied calls, in
 * time order). Streaming: memory is the events inside one window, whatever the series length.
 */
export class BurstDetector<T> {
  private window: { t: number; item: T; flagged: boolean }[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly threshold: number,
    private readonly onFlag: (item: T) => void,
  ) {}

  /** Feed the next event (times must not decrease). */
  push(t: number, item: T): void {
    const w = this.window;
    w.push({ t, item, flagged: false });
    let drop = 0;
    while (drop < w.length && w[drop].t <= t - this.windowMs) drop++;
    if (drop > 0) this.window = w.slice(drop);
    if (this.window.length >= this.threshold) {
      for (const e of this.window) {
        if (!e.flagged) {
          e.flagged = true;
          this.onFlag(e.item);
        }
      }
    }
  }

  /** Start a new series (next identity). */
  reset(): void {
    this.window = [];
  }
}

/** Convenience for tests and small inputs: the indexes of `times` (sorted) that fall in a burst. */
export function burstIndexes(
  times: readonly number[],
  windowMs: number,
  threshold: number,
): number[] {
  const out: number[] = [];
  const d = new BurstDetector<number>(windowMs, threshold, (i) => out.push(i));
  times.forEach((t, i) => d.push(t, i));
  return out.sort((a, b) => a - b);
}
