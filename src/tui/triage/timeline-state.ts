import { formatTime } from '../../domain/time.js';

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

/**
 * Fit [from, to] exactly into `buckets` columns: buckets of whole seconds starting at the first
 * event's second, so the chart spans the events' range and each bucket is still an exact
 * `after:`/`before:` filter. Zooming goes to the nice sizes from there.
 */
export function fitSpan(span: { from: number; to: number }, buckets: number): TimelineState {
  const n = Math.max(1, buckets);
  const from = align(span.from, S);
  const need = span.to - from + 1;
  const bucketMs = Math.max(S, Math.ceil(need / n / S) * S);
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

/** The next nice bucket size below the current one (a fitted size zooms to the nice sizes). */
export function zoomIn(s: TimelineState): TimelineState {
  const smaller = NICE_BUCKETS.filter((b) => b < s.bucketMs);
  return smaller.length ? rescale(s, smaller[smaller.length - 1]!) : s;
}

export function zoomOut(s: TimelineState): TimelineState {
  const larger = NICE_BUCKETS.find((b) => b > s.bucketMs);
  return larger ? rescale(s, larger) : s;
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
  return `after:${formatTime(r.from)} before:${formatTime(r.to)}`;
}

export function bucketLabel(ms: number): string {
  if (ms % D === 0) return `${ms / D}d`;
  if (ms % H === 0) return `${ms / H}h`;
  if (ms % M === 0) return `${ms / M}m`;
  if (ms < M) return `${ms / S}s`;
  // a fitted size: the two largest units (`2h13m`, `4d6h`)
  const parts: [number, string][] = [
    [D, 'd'],
    [H, 'h'],
    [M, 'm'],
    [S, 's'],
  ];
  let rest = ms;
  const out: string[] = [];
  for (const [u, l] of parts) {
    if (rest >= u && out.length < 2) {
      out.push(`${Math.floor(rest / u)}${l}`);
      rest %= u;
    } else if (out.length) break;
  }
  return out.join('');
}

/**
 * Time labels under the chart, one every `every` columns or so, each at the column whose bucket
 * starts at that time: hours and minutes within a day, the date as well across days.
 */
export function axisLabels(s: TimelineState, width: number, every = 16): string {
  const span = s.buckets * s.bucketMs;
  const withDate = span > D || formatTime(s.from, 'date') !== formatTime(s.from + span, 'date');
  const label = (ms: number): string =>
    formatTime(ms, withDate ? 'short-minute' : s.bucketMs < M ? 'clock' : 'clock-minute');
  const cols = Math.min(width, s.buckets);
  const out = new Array<string>(cols).fill(' ');
  let next = 0;
  for (let c = 0; c < cols; c++) {
    if (c < next) continue;
    const text = '╵' + label(s.from + c * s.bucketMs);
    if (c + text.length > cols) break;
    for (let k = 0; k < text.length; k++) out[c + k] = text[k]!;
    next = c + Math.max(every, text.length + 2);
  }
  return out.join('');
}
