import { termText } from '../../query/index.js';
import { formatTime } from '../time.js';
import { BLIND_ORDER, blindWindows } from './blind.js';
import { digestGaps, digestWindows, logFilePlace } from './digests.js';
import type {
  Coverage,
  CoverageCell,
  CoverageRow,
  CoverageZoom,
  EventCount,
  EvidenceFile,
  LoggingChangeEvent,
  StoredVerdicts,
} from './types.js';

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Events with no recipient account are grouped under this label (and filtered with `recipient:""`). */
export const NO_ACCOUNT = '(none)';
/** More cells per row than a grid can usefully show (about 14 months of hours). */
export const MAX_CELLS = 10_000;

export interface CoverageInputs {
  zoom: CoverageZoom;
  eventCounts: readonly EventCount[];
  files: readonly EvidenceFile[];
  changes: readonly LoggingChangeEvent[];
  /** Stored verify verdicts, when `verify` stored them; absent: digests count as `digested`, never `verified`. */
  verdicts?: StoredVerdicts | null;
}

interface CarveSpec {
  from: number | null;
  to: number | null;
  where: string | null;
}

/** The windows the indexed files were read under: null when any was read whole (then nothing is outside). */
export function carveWindows(files: readonly EvidenceFile[]): {
  windows: { from: number | null; to: number | null }[] | null;
  wheres: string[];
} {
  const specs: (CarveSpec | null)[] = [];
  for (const f of files) {
    if (f.status !== 'indexed') continue;
    let spec: CarveSpec | null = null;
    try {
      spec = f.carve ? (JSON.parse(f.carve) as CarveSpec) : null;
    } catch {
      spec = null;
    }
    specs.push(spec);
  }
  const wheres = [...new Set(specs.map((s) => s?.where).filter((w): w is string => !!w))].sort();
  if (specs.length === 0 || specs.some((s) => s === null || (s.from === null && s.to === null)))
    return { windows: null, wheres };
  const seen = new Map<string, { from: number | null; to: number | null }>();
  for (const s of specs) seen.set(`${s!.from}/${s!.to}`, { from: s!.from, to: s!.to });
  return {
    windows: [...seen.values()].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity)),
    wheres,
  };
}

const inCarve = (
  windows: { from: number | null; to: number | null }[] | null,
  a: number,
  b: number,
): boolean =>
  windows === null || windows.some((w) => overlaps(w.from ?? -Infinity, w.to ?? Infinity, a, b));

export class CoverageTooWideError extends Error {
  constructor(readonly cells: number) {
    super(`the evidence spans ${cells.toLocaleString('en-US')} hours: use --by day`);
  }
}

const BAD_DIGEST = new Set([
  'hash-mismatch',
  'invalid-signature',
  'unknown-key',
  'key-not-valid-then',
  'malformed',
]);
const BAD_FILE = new Set(['modified', 'missing-from-evidence']);

const floorTo = (ms: number, step: number): number => Math.floor(ms / step) * step;
const overlaps = (from: number, to: number, s: number, e: number): boolean => from < e && to > s;

/** The account × region × hour (or day) grid. Pure: the store supplies counts, files and changes. */
export function buildCoverage(input: CoverageInputs): Coverage {
  const bucketMs = input.zoom === 'day' ? DAY_MS : HOUR_MS;
  const windows = digestWindows(input.files);
  const carve = carveWindows(input.files);
  // a gap wholly outside what was read is "outside the carve window", never "missing"
  const allGaps = digestGaps(input.files);
  const gaps = allGaps.filter((g) => inCarve(carve.windows, g.from ?? -Infinity, g.to));
  const carveInfo = {
    carveWindows: carve.windows,
    filteredAtIngest: carve.wheres,
    gapsOutsideCarve: allGaps.length - gaps.length,
  };
  const rowKey = (a: string, r: string) => `${a}\u0000${r}`;
  const rowSet = new Map<string, { account: string; region: string }>();
  const addRow = (account: string, region: string) => {
    const k = rowKey(account, region);
    if (!rowSet.has(k)) rowSet.set(k, { account, region });
  };

  let lo = Infinity;
  let hi = -Infinity;
  const see = (ms: number) => {
    if (ms < lo) lo = ms;
    if (ms > hi) hi = ms;
  };
  for (const c of input.eventCounts) {
    addRow(c.account ?? NO_ACCOUNT, c.region ?? '(unknown)');
    see(c.hour);
  }
  let filesWithoutPlace = 0;
  const placed: { account: string; region: string; delivered: number; path: string }[] = [];
  for (const f of input.files) {
    if (f.digest || f.status === 'digest') continue;
    if (f.status !== 'indexed') continue;
    const p = logFilePlace(f.path);
    if (!p) {
      filesWithoutPlace++;
      continue;
    }
    placed.push({ ...p, path: f.path });
    addRow(p.account, p.region);
    see(p.delivered);
  }
  for (const w of windows) {
    addRow(w.account, w.region);
    see(w.from);
    see(w.to - 1);
  }

  const regionsOf = (account: string) =>
    [...rowSet.values()].filter((r) => r.account === account).map((r) => r.region);
  const trailBuckets = new Map<string, Set<string>>();
  for (const w of windows)
    trailBuckets.set(w.bucket, (trailBuckets.get(w.bucket) ?? new Set()).add(w.account));
  const blind = blindWindows({ events: input.changes, regionsOf, trailBuckets });
  for (const b of blind) for (const r of b.regions) addRow(b.account, r);

  const verdictsUsed =
    !!input.verdicts && (input.verdicts.files.length > 0 || input.verdicts.digests.length > 0);
  const rowsSorted = [...rowSet.values()].sort(
    (a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
  );
  const accounts = [...new Set(rowsSorted.map((r) => r.account))];
  const regions = [...new Set(rowsSorted.map((r) => r.region))].sort();
  if (!Number.isFinite(lo)) {
    return {
      zoom: input.zoom,
      from: null,
      to: null,
      bucketMs,
      accounts,
      regions,
      rows: rowsSorted.map((r) => ({ ...r, cells: [] })),
      blindWindows: blind,
      gaps,
      verdictsUsed,
      filesWithoutPlace,
      ...carveInfo,
    };
  }
  const from = floorTo(lo, bucketMs);
  const to = floorTo(hi, bucketMs) + bucketMs;
  const n = Math.round((to - from) / bucketMs);
  if (n > MAX_CELLS) throw new CoverageTooWideError(n);

  const digestVerdict = new Map((input.verdicts?.digests ?? []).map((d) => [d.path, d.verdict]));
  const fileVerdict = new Map((input.verdicts?.files ?? []).map((f) => [f.path, f.verdict]));

  const rows: CoverageRow[] = rowsSorted.map((r) => {
    const cells: CoverageCell[] = Array.from({ length: n }, (_, i) => ({
      start: from + i * bucketMs,
      events: 0,
      files: 0,
      digest: 'none',
      blind: [],
      outside: !inCarve(carve.windows, from + i * bucketMs, from + (i + 1) * bucketMs),
    }));
    const fileOk = new Array<boolean>(n).fill(true);
    for (const c of input.eventCounts) {
      if ((c.account ?? NO_ACCOUNT) !== r.account || (c.region ?? '(unknown)') !== r.region)
        continue;
      cells[Math.floor((c.hour - from) / bucketMs)].events += c.events;
    }
    for (const p of placed) {
      if (p.account !== r.account || p.region !== r.region) continue;
      const i = Math.floor((p.delivered - from) / bucketMs);
      cells[i].files++;
    }
    // a modified file, or one a digest lists that the evidence lacks (stored as `missing:KEY`), marks its hour
    for (const [path, v] of fileVerdict) {
      if (!BAD_FILE.has(v)) continue;
      const p = logFilePlace(path);
      if (
        p &&
        p.account === r.account &&
        p.region === r.region &&
        p.delivered >= from &&
        p.delivered < to
      )
        fileOk[Math.floor((p.delivered - from) / bucketMs)] = false;
    }
    // each digest, gap and window marks the cells it overlaps (a day is as bad as its worst hour)
    const covered = new Array<boolean>(n).fill(false);
    const allValid = new Array<boolean>(n).fill(true);
    const bad = new Array<boolean>(n).fill(false);
    const inGap = new Array<boolean>(n).fill(false);
    const kinds = Array.from({ length: n }, () => new Set<string>());
    const span = (a: number, b: number, mark: (i: number) => void) => {
      const first = Math.max(0, Math.floor((a - from) / bucketMs));
      const last = Math.min(n - 1, Math.ceil((b - from) / bucketMs) - 1);
      for (let i = first; i <= last; i++)
        if (overlaps(a, b, from + i * bucketMs, from + (i + 1) * bucketMs)) mark(i);
    };
    for (const w of windows) {
      if (w.account !== r.account || w.region !== r.region) continue;
      const v = digestVerdict.get(w.path);
      span(w.from, w.to, (i) => {
        covered[i] = true;
        if (v !== 'valid') allValid[i] = false;
        if (v !== undefined && BAD_DIGEST.has(v)) bad[i] = true;
      });
    }
    for (const g of gaps) {
      if (g.account === r.account && g.region === r.region && g.from !== null)
        span(g.from, g.to, (i) => (inGap[i] = true));
    }
    for (const b of blind) {
      if (b.account === r.account && b.regions.includes(r.region))
        span(b.from, b.to ?? to, (i) => kinds[i].add(b.kind));
    }
    for (let i = 0; i < n; i++) {
      const cell = cells[i];
      const claims = !cell.outside;
      cell.digest =
        claims && (bad[i] || !fileOk[i])
          ? 'problem'
          : claims && inGap[i]
            ? 'gap'
            : covered[i]
              ? verdictsUsed && allValid[i]
                ? 'verified'
                : 'digested'
              : 'none';
      cell.blind = BLIND_ORDER.filter((k) => kinds[i].has(k));
    }
    return { ...r, cells };
  });
  return {
    zoom: input.zoom,
    from,
    to,
    bucketMs,
    accounts,
    regions,
    rows,
    blindWindows: blind,
    gaps,
    verdictsUsed,
    filesWithoutPlace,
    ...carveInfo,
  };
}

/** The event-list filter for one cell: its account (recipient), region and time range. */
export function cellFilterText(
  row: { account: string; region: string },
  cell: { start: number },
  bucketMs: number,
): string {
  const acct = termText('recipient', row.account === NO_ACCOUNT ? null : row.account);
  const region = termText('region', row.region === '(unknown)' ? null : row.region);
  return `${acct} ${region} after:${formatTime(cell.start)} before:${formatTime(cell.start + bucketMs)}`;
}

/** One character per cell, for the terminal grid and the text output (legend in CELL_LEGEND). */
export function cellGlyph(cell: CoverageCell): string {
  if (cell.blind[0] === 'logging-stopped' || cell.blind[0] === 'trail-deleted') return 'X';
  if (cell.blind[0] === 'selectors-reduced') return 'r';
  if (cell.digest === 'problem') return '!';
  if (cell.digest === 'gap') return 'G';
  if (cell.blind.length) return 'b';
  if (cell.outside) return '~';
  if (cell.events > 0 || cell.files > 0)
    return cell.digest === 'verified' ? '#' : cell.digest === 'digested' ? '+' : 'o';
  return cell.digest === 'none' ? '.' : '-';
}

export const CELL_LEGEND: readonly [string, string][] = [
  ['#', 'events or files, digest verified'],
  ['+', 'events or files, covered by a digest'],
  ['o', 'events or files, no digest in the evidence'],
  ['-', 'covered by a digest, no events'],
  ['.', 'no events, no files, no digest (nothing is claimed)'],
  ['G', 'digest gap: the digests say this hour is missing'],
  ['!', 'verify found a problem (modified file, bad digest)'],
  ['X', 'blind: logging stopped or trail deleted (successful change)'],
  ['r', 'selectors reduced what the trail records'],
  ['b', "the trail's bucket lifecycle or policy changed"],
  ['~', 'outside the carve window: not read, nothing claimed'],
];
