import { formatUtc } from '../../domain/time.js';

/**
 * Timeline state: which time range the screen shows, in how many buckets of which size, and where
 * the cursor is. Bucket sizes are "nice" (whole seconds, minutes, hours, days) so a bucket turns
 * into an exact `after:` / `before:` filter. Pure: tested without rendering.
 */
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
export const NICE_BUCKETS: readonly number[] = [
  S,
  2 * S,
  5 * S,
  10 * S,
  15 * S,
  30 * S,
  M,
  2 * M,
  5 * M,
  10 * M,
  15 * M,
  30 * M,
  H,
  2 * H,
  3 * H,
  6 * H,
  12 * H,
  D,
  2 * D,
  7 * D,
  14 * D,
  30 * D,
];

export interface TimelineState {
  /** Start of bucket 0 (a multiple of bucketMs). */
  from: number;
  bucketMs: number;
  buckets: number;
  cursor: number;
}

const align = (t: number, step: number): number => Math.floor(t / step) * step;

/** The smallest nice bucket that fits [from, to] into `buckets` columns. */
export function fitSpan(span: { from: number; to: number }, buckets: number): TimelineState {
  const n = Math.max(1, buckets);
  const need = span.to - span.from + 1;
  const bucketMs =
    NICE_BUCKETS.find((b) => b * (n - 1) >= need) ?? NICE_BUCKETS[NICE_BUCKETS.length - 1];
  const from = align(span.from, bucketMs);
  return {
    from,
    bucketMs,
    buckets: n,
    cursor: Math.min(n - 1, Math.floor((span.to - from) / bucketMs)),
  };
}

/** Keep the cursor's instant under the cursor while the bucket size changes. */
function rescale(s: TimelineState, bucketMs: number): TimelineState {
  const at = s.from + s.cursor * s.bucketMs + Math.floor(s.bucketMs / 2);
  const from = align(at - s.cursor * bucketMs, bucketMs);
  const cursor = Math.min(s.buckets - 1, Math.max(0, Math.floor((at - from) / bucketMs)));
  return { ...s, from, bucketMs, cursor };
}

export function zoomIn(s: TimelineState): TimelineState {
  const i = NICE_BUCKETS.indexOf(s.bucketMs);
  return i > 0 ? rescale(s, NICE_BUCKETS[i - 1]) : s;
}

export function zoomOut(s: TimelineState): TimelineState {
  const i = NICE_BUCKETS.indexOf(s.bucketMs);
  return i >= 0 && i < NICE_BUCKETS.length - 1 ? rescale(s, NICE_BUCKETS[i + 1]) : s;
}

/** Move the cursor; past either edge the range pans, so the cursor can reach any time. */
export function moveCursor(s: TimelineState, delta: number): TimelineState {
  const c = s.cursor + delta;
  if (c < 0) return { ...s, from: s.from + c * s.bucketMs, cursor: 0 };
  if (c >= s.buckets)
    return { ...s, from: s.from + (c - s.buckets + 1) * s.bucketMs, cursor: s.buckets - 1 };
  return { ...s, cursor: c };
}

/** A new width: same start and bucket size, cursor kept on screen. */
export function resizeTimeline(s: TimelineState, buckets: number): TimelineState {
  const n = Math.max(1, buckets);
  return { ...s, buckets: n, cursor: Math.min(s.cursor, n - 1) };
}

export function bucketRange(s: TimelineState, i = s.cursor): { from: number; to: number } {
  const from = s.from + i * s.bucketMs;
  return { from, to: from + s.bucketMs };
}

/** Filter terms selecting exactly one bucket (after: is inclusive, before: exclusive). */
export function bucketTerms(s: TimelineState, i = s.cursor): string {
  const r = bucketRange(s, i);
  return `after:${formatUtc(r.from)} before:${formatUtc(r.to)}`;
}

export function bucketLabel(ms: number): string {
  if (ms % D === 0) return `${ms / D}d`;
  if (ms % H === 0) return `${ms / H}h`;
  if (ms % M === 0) return `${ms / M}m`;
  return `${ms / S}s`;
}
