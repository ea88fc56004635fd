import { formatTime } from '../../domain/time.js';
import type { HistogramBucket, Totals, ValueCounts } from '../../store/stats.js';
import { safeText } from '../../util/safe-text.js';

const n = (x: number): string => x.toLocaleString('en-US');
/** On a terminal a value is cut here; piped (a file, `grep`, a script) it is never cut, as `query` does. */
const TERMINAL_MAX_VALUE = 100;
const defaultMax = (): number => (process.stdout.isTTY ? TERMINAL_MAX_VALUE : Infinity);

function valueText(v: string | number | null, max: number): string {
  return v === null ? '(none)' : safeText(String(v), Number.isFinite(max) ? { max } : {});
}

function countLines(counts: ValueCounts, max: number, indent = '  '): string[] {
  const w = Math.max(1, ...counts.values.map((v) => n(v.count).length));
  return counts.values.map((v) => `${indent}${n(v.count).padStart(w)}  ${valueText(v.value, max)}`);
}

export function formatSummary(
  t: Totals,
  sections: readonly { title: string; counts: ValueCounts }[],
  maxValue = defaultMax(),
): string {
  const lines = [
    `events     ${n(t.events)}${t.events ? ` (${n(t.errors)} errors)` : ''}`,
    `time span  ${t.firstMs === null ? '-' : `${formatTime(t.firstMs)} … ${formatTime(t.lastMs!)}`}`,
  ];
  if (t.untimed) lines.push(`untimed    ${n(t.untimed)} (eventTime did not parse)`);
  for (const s of sections) {
    if (s.counts.values.length === 0) continue;
    const more =
      s.counts.distinct > s.counts.values.length
        ? ` (top ${s.counts.values.length} of ${n(s.counts.distinct)})`
        : '';
    lines.push('', `${s.title}${more}`, ...countLines(s.counts, maxValue));
  }
  return lines.join('\n') + '\n';
}

export function formatValueCounts(
  label: string,
  events: number,
  counts: ValueCounts,
  maxValue = defaultMax(),
): string {
  const more = counts.distinct > counts.values.length ? `, top ${counts.values.length} shown` : '';
  const lines = [
    `${label}: ${n(counts.distinct)} distinct values in ${n(events)} events${more}`,
    ...countLines(counts, maxValue),
  ];
  return lines.join('\n') + '\n';
}

/** One line per bucket: start, events, errors, and a bar scaled to the busiest bucket. */
export function formatHistogram(
  buckets: readonly HistogramBucket[],
  intervalMs: number,
  width: number,
): string {
  if (buckets.length === 0) return 'no events with a time\n';
  const max = Math.max(...buckets.map((b) => b.events));
  const ew = Math.max(6, n(max).length);
  const errw = Math.max(6, ...buckets.map((b) => n(b.errors).length));
  const timeText = (ms: number): string =>
    intervalMs % 86_400_000 === 0
      ? formatTime(ms, 'date')
      : formatTime(ms, 'iso', { trimZeroSeconds: intervalMs % 60_000 === 0 });
  const tw = timeText(buckets[0].startMs).length;
  const barMax = Math.max(10, width - tw - ew - errw - 6);
  const lines = [`${'start'.padEnd(tw)}  ${'events'.padStart(ew)}  ${'errors'.padStart(errw)}`];
  for (const b of buckets) {
    const bar = max ? '█'.repeat(Math.round((b.events / max) * barMax)) : '';
    lines.push(
      `${timeText(b.startMs).padEnd(tw)}  ${n(b.events).padStart(ew)}  ${n(b.errors).padStart(errw)}  ${bar}`.trimEnd(),
    );
  }
  return lines.join('\n') + '\n';
}
