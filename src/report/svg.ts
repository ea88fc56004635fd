import type { Coverage, CoverageCell } from '../domain/coverage/types.js';
import { formatTime } from '../domain/time.js';
import { htmlText } from './escape.js';
import type { Volume } from './model.js';

/**
 * The report's charts as self-contained SVG text (no fonts, scripts or links to load). Fixed
 * colours, so the browser test can find each chart's pixels; numbers with fixed decimals, so the
 * output is byte-for-byte stable.
 */

export const CHART_COLORS = {
  bar: '#3b6ea5',
  notable: { 4: '#b30000', 3: '#e4572e', 2: '#f0a202', 1: '#8d8d8d', 0: '#8d8d8d' } as Record<
    number,
    string
  >,
  verified: '#2e7d32',
  digested: '#66bb6a',
  noDigest: '#90a4ae',
  digestOnly: '#c8e6c9',
  empty: '#eeeeee',
  gap: '#ff9800',
  problem: '#d62728',
  blind: '#222222',
  reduced: '#7b3fa0',
  bucket: '#e6c300',
  outside: '#ffffff',
} as const;

const n1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
const label = (ms: number) => formatTime(ms, 'table', { zone: true, trimZeroSeconds: true });

export function volumeSvg(v: Volume): string {
  const W = 960;
  const H = 220;
  const left = 56;
  const top = 24;
  const plotW = W - left - 12;
  const plotH = H - top - 40;
  const max = Math.max(1, ...v.events);
  const bw = plotW / v.events.length;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Event volume over time with notable events marked">`,
  );
  parts.push(
    `<title>Event volume over time (${v.events.length} buckets of ${v.bucketMs / 60_000} min); notable events marked</title>`,
  );
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#444444" stroke-width="1"/>`,
  );
  v.events.forEach((count, i) => {
    if (count === 0) return;
    const h = Math.max(1, (count / max) * (plotH - 14));
    parts.push(
      `<rect x="${n1(left + i * bw + 0.5)}" y="${n1(top + plotH - h)}" width="${n1(Math.max(1, bw - 1))}" height="${n1(h)}" fill="${CHART_COLORS.bar}"><title>${label(v.from + i * v.bucketMs)}: ${count} events</title></rect>`,
    );
  });
  v.notable.forEach((sev, i) => {
    if (sev < 0) return;
    const x = left + i * bw + bw / 2;
    const color = CHART_COLORS.notable[sev] ?? CHART_COLORS.notable[0];
    parts.push(
      `<path d="M${n1(x - 6)} ${top - 2} L${n1(x + 6)} ${top - 2} L${n1(x)} ${top + 10} Z" fill="${color}"><title>${label(v.from + i * v.bucketMs)}: ${v.notableEvents[i]} notable events</title></path>`,
    );
  });
  const text = (x: number, y: number, s: string, anchor = 'start') =>
    `<text x="${n1(x)}" y="${n1(y)}" font-family="sans-serif" font-size="11" fill="#333333" text-anchor="${anchor}">${htmlText(s)}</text>`;
  parts.push(text(left - 6, top + 14, String(max), 'end'));
  parts.push(text(left - 6, top + plotH, '0', 'end'));
  parts.push(text(left, H - 14, label(v.from)));
  parts.push(text(left + plotW, H - 14, label(v.from + v.events.length * v.bucketMs), 'end'));
  parts.push('</svg>');
  return parts.join('\n');
}

export function cellColor(c: CoverageCell): string {
  if (c.blind[0] === 'logging-stopped' || c.blind[0] === 'trail-deleted') return CHART_COLORS.blind;
  if (c.blind[0] === 'selectors-reduced') return CHART_COLORS.reduced;
  if (c.digest === 'problem') return CHART_COLORS.problem;
  if (c.digest === 'gap') return CHART_COLORS.gap;
  if (c.blind.length) return CHART_COLORS.bucket;
  if (c.outside) return CHART_COLORS.outside;
  if (c.events > 0 || c.files > 0)
    return c.digest === 'verified'
      ? CHART_COLORS.verified
      : c.digest === 'digested'
        ? CHART_COLORS.digested
        : CHART_COLORS.noDigest;
  return c.digest === 'none' ? CHART_COLORS.empty : CHART_COLORS.digestOnly;
}

export const COVERAGE_LEGEND: readonly [string, string][] = [
  [CHART_COLORS.verified, 'events or files, digest verified'],
  [CHART_COLORS.digested, 'events or files, covered by a digest'],
  [CHART_COLORS.noDigest, 'events or files, no digest in the evidence'],
  [CHART_COLORS.digestOnly, 'digest, no events'],
  [CHART_COLORS.empty, 'no events, files or digest (nothing claimed)'],
  [CHART_COLORS.gap, 'digest gap'],
  [CHART_COLORS.problem, 'verify found a problem'],
  [CHART_COLORS.blind, 'blind: logging stopped or trail deleted'],
  [CHART_COLORS.reduced, 'selectors reduced'],
  [CHART_COLORS.bucket, 'trail bucket lifecycle or policy changed'],
  [CHART_COLORS.outside, 'outside the carve window (not read)'],
];

/** The coverage grid: one row per account and region, one cell per hour (or day). */
export function coverageSvg(c: Coverage): string {
  const cells = c.rows[0]?.cells.length ?? 0;
  const labelW = 230;
  const cw = cells ? Math.max(2, Math.min(48, 700 / cells)) : 24;
  const ch = 18;
  const top = 10;
  // wide enough for the two-column legend whatever the grid's width
  const W = Math.max(700, Math.ceil(labelW + cells * cw + 12));
  const gridH = c.rows.length * ch;
  const legendTop = top + gridH + 48;
  const H = legendTop + Math.ceil(COVERAGE_LEGEND.length / 2) * 18 + 8;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Coverage by account, region and ${c.zoom}">`,
  );
  parts.push(`<title>Coverage: account × region × ${c.zoom}</title>`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  const text = (x: number, y: number, s: string, anchor = 'start') =>
    `<text x="${n1(x)}" y="${n1(y)}" font-family="sans-serif" font-size="11" fill="#333333" text-anchor="${anchor}">${htmlText(s)}</text>`;
  c.rows.forEach((r, j) => {
    const y = top + j * ch;
    parts.push(text(labelW - 6, y + 13, `${r.account} ${r.region}`, 'end'));
    r.cells.forEach((cell, i) => {
      const tip = `${label(cell.start)}: ${cell.events} events, ${cell.files} files, digest ${cell.digest}${cell.blind.length ? `, ${cell.blind.join(', ')}` : ''}`;
      parts.push(
        `<rect x="${n1(labelW + i * cw)}" y="${y}" width="${n1(Math.max(1, cw - 1))}" height="${ch - 2}" fill="${cellColor(cell)}" stroke="#dddddd" stroke-width="0.5"><title>${htmlText(tip)}</title></rect>`,
      );
    });
  });
  if (c.from !== null && c.to !== null) {
    parts.push(text(labelW, top + gridH + 14, label(c.from)));
    // a narrow grid puts the end under the start rather than over it
    const narrow = cells * cw < 260;
    parts.push(
      text(
        narrow ? labelW : labelW + cells * cw,
        top + gridH + (narrow ? 28 : 14),
        `${narrow ? 'to ' : ''}${label(c.to)}`,
        narrow ? 'start' : 'end',
      ),
    );
  }
  COVERAGE_LEGEND.forEach(([color, what], i) => {
    const x = 10 + (i % 2) * 340;
    const y = legendTop + Math.floor(i / 2) * 18;
    parts.push(
      `<rect x="${x}" y="${y}" width="12" height="12" fill="${color}" stroke="#999999" stroke-width="0.5"/>`,
    );
    parts.push(text(x + 18, y + 10, what));
  });
  parts.push('</svg>');
  return parts.join('\n');
}
