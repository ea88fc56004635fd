import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import { registerView } from '../views.js';
import { registerCommands, type TuiCommand } from '../commands.js';
import { loadCoverage } from '../../case/coverage.js';
import { CoverageTooWideError, cellFilterText, cellGlyph } from '../../domain/coverage/build.js';
import type { Coverage, CoverageZoom } from '../../domain/coverage/types.js';
import { formatUtc } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { fit } from '../text.js';
import { color } from '../colors.js';
import { eventListView } from '../views/event-list.js';

export const COVERAGE = 'coverage';

export function coverageView(): ViewInit<Record<string, never>> {
  return { kind: COVERAGE, title: 'Coverage', params: {} };
}

const GLYPH_COLOR: Record<string, string | undefined> = {
  X: 'red',
  r: 'magenta',
  '!': 'red',
  G: 'yellow',
  b: 'yellow',
  '#': 'green',
  '+': 'green',
  o: 'cyan',
};
const t = (ms: number): string => formatUtc(ms).replace('T', ' ').replace(/:00Z$/, '');

/** Where the cursor is: a row, a cell, and the first visible cell. */
interface Pos {
  row: number;
  col: number;
  left: number;
}

/** The cells that fit beside the labels, scrolled so the cursor stays visible. */
export function visibleCells(pos: Pos, cells: number, room: number): Pos {
  const col = Math.max(0, Math.min(cells - 1, pos.col));
  let left = Math.min(pos.left, col);
  if (col >= left + room) left = col - room + 1;
  return { row: pos.row, col, left: Math.max(0, left) };
}

/** Load by the asked zoom; an hour grid too wide to draw falls back to days, and says so. */
function load(
  db: Parameters<typeof loadCoverage>[0],
  zoom: CoverageZoom,
): { cov: Coverage; note?: string } | { error: string } {
  try {
    return { cov: loadCoverage(db, zoom) };
  } catch (err) {
    if (err instanceof CoverageTooWideError && zoom === 'hour')
      return {
        cov: loadCoverage(db, 'day'),
        note: err.message.replace('use --by day', 'shown by day'),
      };
    return { error: (err as Error).message };
  }
}

export function CoverageView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<Record<string, never>>): React.JSX.Element | null {
  const { db } = app.services;
  const [zoom, setZoom] = useState<CoverageZoom>('hour');
  const [data, setData] = useState<{ zoom: CoverageZoom; r: ReturnType<typeof load> } | null>(null);
  const [pos, setPos] = useState<Pos>({ row: 0, col: 0, left: 0 });
  // one grouped scan of the events: after the first frame
  useEffect(() => {
    const timer = setTimeout(() => setData({ zoom, r: load(db, zoom) }), 0);
    return () => clearTimeout(timer);
  }, [db, zoom]);
  const cov = data && 'cov' in data.r ? data.r.cov : null;
  const labels = cov ? cov.rows.map((r) => `${safeText(r.account)} ${safeText(r.region)}`) : [];
  const labelW = Math.min(Math.max(10, ...labels.map((l) => l.length)), Math.floor(width / 2));
  const room = Math.max(1, width - labelW - 1);
  const bodyHeight = Math.max(1, height - 5);
  const cells = cov?.rows[0]?.cells.length ?? 0;
  const rows = cov?.rows.length ?? 0;
  const p = visibleCells(pos, cells, room);
  const top = p.row >= bodyHeight ? p.row - bodyHeight + 1 : 0;
  const move = (dr: number, dc: number) =>
    setPos((s) => {
      const next = visibleCells({ ...s, col: s.col + dc }, cells, room);
      return { ...next, row: Math.max(0, Math.min(rows - 1, s.row + dr)) };
    });
  const rezoom = (z: CoverageZoom) => {
    if (z === zoom || !cov) return;
    // keep the cursor on the same instant
    const at = cov.from! + p.col * cov.bucketMs;
    const bucket = z === 'day' ? 24 * 3600_000 : 3600_000;
    const from = z === 'day' ? Math.floor(cov.from! / bucket) * bucket : cov.from!;
    setPos({ row: p.row, col: Math.max(0, Math.floor((at - from) / bucket)), left: 0 });
    setZoom(z);
  };
  useCommandHandlers(app, view.key, {
    'coverage.down': () => move(1, 0),
    'coverage.up': () => move(-1, 0),
    'coverage.left': () => move(0, -1),
    'coverage.right': () => move(0, 1),
    'coverage.pageleft': () => move(0, -Math.max(1, Math.floor(room / 2))),
    'coverage.pageright': () => move(0, Math.max(1, Math.floor(room / 2))),
    'coverage.zoomin': () => rezoom('hour'),
    'coverage.zoomout': () => rezoom('day'),
    'coverage.open': () => {
      const row = cov?.rows[p.row];
      const cell = row?.cells[p.col];
      if (!cov || !row || !cell) return;
      app.push(
        eventListView(
          { text: cellFilterText(row, cell, cov.bucketMs) },
          `${safeText(row.region)} ${t(cell.start)}`,
        ),
      );
    },
  });
  if (!active) return null;
  if (!data || data.zoom !== zoom) return <Text>Reading coverage…</Text>;
  if ('error' in data.r)
    return <Text color={color('red')}>{fit(`✖ ${safeText(data.r.error)}`, width)}</Text>;
  if (!cov || cov.from === null || cells === 0)
    return <Text>The case file holds no events, log files or digests with a time.</Text>;

  const row = cov.rows[p.row];
  const cell = row?.cells[p.col];
  const windows = cell
    ? cov.blindWindows.filter(
        (b) =>
          b.account === row.account &&
          b.regions.includes(row.region) &&
          b.from < cell.start + cov.bucketMs &&
          (b.to ?? Infinity) > cell.start,
      )
    : [];
  const gaps = cell
    ? cov.gaps.filter(
        (g) =>
          g.account === row.account &&
          g.region === row.region &&
          g.from !== null &&
          g.from < cell.start + cov.bucketMs &&
          g.to > cell.start,
      )
    : [];
  const head = `by ${cov.zoom} · ${t(cov.from)} → ${t(cov.to!)} · ${cov.accounts.length} account(s), ${rows} row(s)${data.r.note ? ` · ${data.r.note}` : ''}${cov.verdictsUsed ? ' · verify verdicts' : ''}`;
  const legend =
    '# verified  + digested  o no digest  . nothing claimed  G gap  ! problem  X blind  r reduced  b bucket  ~ not read   +/- zoom  Enter events';
  const info = cell
    ? `${t(cell.start)} +${cov.zoom === 'day' ? '1d' : '1h'} · ${cell.events} events, ${cell.files} files, digest ${cell.digest}${cell.blind.length ? ` · ${cell.blind.join(', ')}` : ''}`
    : '';
  const why =
    cell?.outside && !windows[0]
      ? 'outside the carve window: not read, nothing is claimed here'
      : windows[0]
        ? safeText(windows[0].reason)
        : gaps[0]
          ? `gap: ${safeText(gaps[0].reason)}`
          : cell && cell.events === 0 && cell.blind.length === 0
            ? 'no events here (that alone is not blind)'
            : '';
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {fit(head, width)}
      </Text>
      <Text dimColor wrap="truncate">
        {fit(legend, width)}
      </Text>
      {cov.rows.slice(top, top + bodyHeight).map((r, j) => {
        const i = top + j;
        const glyphs = r.cells.slice(p.left, p.left + room).map(cellGlyph);
        return (
          <Text key={i} wrap="truncate">
            <Text inverse={i === p.row}>{fit(labels[i], labelW).padEnd(labelW)}</Text>{' '}
            {glyphs.map((g, k) => (
              <Text
                key={k}
                inverse={i === p.row && p.left + k === p.col}
                color={color(GLYPH_COLOR[g])}
              >
                {g}
              </Text>
            ))}
          </Text>
        );
      })}
      <Box flexGrow={1} />
      <Text wrap="truncate">{fit(info, width)}</Text>
      <Text wrap="truncate" dimColor>
        {fit(why, width)}
      </Text>
    </Box>
  );
}

/** The coverage view on `v` (global), its keys in its own scope. */
export function registerCoverage(): void {
  registerView({ kind: COVERAGE, component: CoverageView });
  const scope = COVERAGE;
  const cmds: TuiCommand[] = [
    {
      id: 'triage.coverage',
      keys: ['v'],
      description:
        'coverage: account × region × hour grid of events, digests, gaps and blind windows',
      scope: 'global',
      hint: 'coverage',
      order: 24,
      run: (app) => app.push(coverageView()),
    },
    {
      id: 'coverage.down',
      keys: ['down', 'j'],
      description: 'next account and region',
      scope,
      hint: 'move',
      order: 1,
    },
    { id: 'coverage.up', keys: ['up', 'k'], description: 'previous account and region', scope },
    { id: 'coverage.left', keys: ['left', 'h'], description: 'one hour (or day) earlier', scope },
    { id: 'coverage.right', keys: ['right', 'l'], description: 'one hour (or day) later', scope },
    { id: 'coverage.pageleft', keys: ['pageup', 'H'], description: 'half a screen earlier', scope },
    {
      id: 'coverage.pageright',
      keys: ['pagedown', 'L'],
      description: 'half a screen later',
      scope,
    },
    {
      id: 'coverage.zoomin',
      keys: ['+', '='],
      description: 'zoom in: one cell per hour',
      scope,
      hint: 'hours',
      order: 2,
    },
    {
      id: 'coverage.zoomout',
      keys: ['-', '_'],
      description: 'zoom out: one cell per day',
      scope,
      hint: 'days',
      order: 3,
    },
    {
      id: 'coverage.open',
      keys: ['enter'],
      description: 'list the events of the cell (its account, region and hour)',
      scope,
      hint: 'events',
      order: 4,
    },
  ];
  registerCommands(cmds);
}
