/** What the benchmark measures and how it is reported: one figure per line of the table. */

export interface Target {
  /** `max`: the measured value must be at most `value`; `min`: at least. */
  kind: 'max' | 'min';
  value: number;
}

export interface Figure {
  /** Issue section, e.g. "index (#2)". */
  section: string;
  name: string;
  unit: string;
  /** null when it could not be measured (see `note`). */
  measured: number | null;
  target?: Target;
  note?: string;
}

export type Verdict = 'pass' | 'OVER' | 'n/a' | '-';

export function verdict(f: Figure): Verdict {
  if (f.measured === null) return 'n/a';
  if (!f.target) return '-';
  const ok = f.target.kind === 'max' ? f.measured <= f.target.value : f.measured >= f.target.value;
  return ok ? 'pass' : 'OVER';
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function formatTarget(f: Figure): string {
  if (!f.target) return '';
  return `${f.target.kind === 'max' ? '<=' : '>='} ${num(f.target.value)} ${f.unit}`;
}

export function formatMeasured(f: Figure): string {
  return f.measured === null ? '—' : `${num(f.measured)} ${f.unit}`;
}

/** A plain-text table: section, figure, target, measured, verdict, note. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    formatTarget(f),
    formatMeasured(f),
    verdict(f),
    f.note ?? '',
  ]);
  const head = ['area', 'figure', 'target', 'measured', 'verdict', 'note'];
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  // The note column is last and left unpadded so long notes don't widen every line.
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Median, p95 and max of a sample (ms or anything else). */
export function summarize(samples: readonly number[]): {
  median: number;
  p95: number;
  max: number;
  n: number;
} {
  if (samples.length === 0) return { median: NaN, p95: NaN, max: NaN, n: 0 };
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] as number, n: s.length };
}

/** Time a synchronous call in milliseconds. */
export function timeMs<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** The same table as Markdown, for the README's Performance section. */
export function formatMarkdown(figures: readonly Figure[]): string {
  const esc = (t: string): string => t.replace(/\|/g, '\\|');
  const rows = figures.map(
    (f) =>
      `| ${esc(f.section)} | ${esc(f.name)} | ${esc(formatTarget(f))} | ${esc(formatMeasured(f))} | ${verdict(f)} | ${esc(f.note ?? '')} |`,
  );
  return [
    '| area | figure | target | measured | verdict | note |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
