import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewInit } from '../shell/app-api.js';
import { loadCoverage } from '../../case/coverage.js';
import { CoverageTooWideError, cellFilterText, cellGlyph } from '../../domain/coverage/build.js';
import type { Coverage, CoverageZoom } from '../../domain/coverage/types.js';
import { formatTime, formatTimeRange } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';
import { fit } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { BaseView } from '../shell/base-view.js';
import { COVERAGE, eventListView } from '../shell/routes.js';

export { COVERAGE };

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
const t = (ms: number): string => formatTime(ms, 'table', { trimZeroSeconds: true });

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

type CoverageRow = Coverage['rows'][number];

/**
 * Account × region rows (the list kernel moves between them) by hour or day cells (←/→): events,
 * files, digest status, gaps and blind windows; Enter lists the cell's events.
 */
export class CoverageModel extends BaseView<Record<string, never>> {
  zoom: CoverageZoom = 'hour';
  data: { zoom: CoverageZoom; r: ReturnType<typeof load> } | null = null;
  col = 0;
  left = 0;
  declare list: ListModel<AtIndex<CoverageRow>>;

  constructor(init: ViewInit<Record<string, never>>, app: AppApi) {
    super(init, app);
    this.list = ListModel.empty(1);
    this.load();
  }

  private load(row = 0): void {
    const zoom = this.zoom;
    // one grouped scan of the events: after the first frame
    this.later(
      () => load(this.app.services.db, zoom),
      (r) => {
        this.data = { zoom, r };
        this.list = new ListModel(itemsSource(this.cov?.rows ?? []), this.listHeight());
        this.list.moveTo(row);
      },
    );
  }

  get cov(): Coverage | null {
    return this.data && 'cov' in this.data.r ? this.data.r.cov : null;
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 5);
  }

  override shows(): boolean {
    return true;
  }

  private labels(): string[] {
    return this.cov ? this.cov.rows.map((r) => `${safeText(r.account)} ${safeText(r.region)}`) : [];
  }
  private labelW(): number {
    return Math.min(
      Math.max(10, ...this.labels().map((l) => l.length)),
      Math.floor(this.width / 2),
    );
  }
  private room(): number {
    return Math.max(1, this.width - this.labelW() - 1);
  }
  private cells(): number {
    return this.cov?.rows[0]?.cells.length ?? 0;
  }
  private moveCol(dc: number): void {
    const p = visibleCells(
      { row: 0, col: this.col + dc, left: this.left },
      this.cells(),
      this.room(),
    );
    this.col = p.col;
    this.left = p.left;
  }
  private rezoom(z: CoverageZoom): void {
    const cov = this.cov;
    if (z === this.zoom || !cov) return;
    // keep the cursor on the same instant
    const at = cov.from! + this.col * cov.bucketMs;
    const bucket = z === 'day' ? 24 * 3600_000 : 3600_000;
    const from = z === 'day' ? Math.floor(cov.from! / bucket) * bucket : cov.from!;
    this.col = Math.max(0, Math.floor((at - from) / bucket));
    this.left = 0;
    this.zoom = z;
    this.load(this.list.cursor);
  }

  readonly handlers: Record<string, () => void> = {
    'coverage.left': () => this.moveCol(-1),
    'coverage.right': () => this.moveCol(1),
    'coverage.pageleft': () => this.moveCol(-Math.max(1, Math.floor(this.room() / 2))),
    'coverage.pageright': () => this.moveCol(Math.max(1, Math.floor(this.room() / 2))),
    'coverage.zoomin': () => this.rezoom('hour'),
    'coverage.zoomout': () => this.rezoom('day'),
    'coverage.open': () => {
      const cov = this.cov;
      const row = this.list.selected?.row;
      const cell = row?.cells[this.col];
      if (!cov || !row || !cell) return;
      this.app.push(
        eventListView(
          { text: cellFilterText(row, cell, cov.bucketMs) },
          `${safeText(row.region)} ${t(cell.start)}`,
        ),
      );
    },
  };

  draw(): React.ReactNode {
    const { width, height, data, list } = this;
    if (!data || data.zoom !== this.zoom) return <Text>Reading coverage…</Text>;
    if ('error' in data.r)
      return <Text color={color('red')}>{fit(`✖ ${safeText(data.r.error)}`, width)}</Text>;
    const cov = this.cov;
    const cells = this.cells();
    if (!cov || cov.from === null || cells === 0)
      return <Text>The case file holds no events, log files or digests with a time.</Text>;
    const labels = this.labels();
    const labelW = this.labelW();
    const room = this.room();
    const p = visibleCells({ row: list.cursor, col: this.col, left: this.left }, cells, room);
    const row = list.selected?.row;
    const cell = row?.cells[p.col];
    const windows =
      cell && row
        ? cov.blindWindows.filter(
            (b) =>
              b.account === row.account &&
              b.regions.includes(row.region) &&
              b.from < cell.start + cov.bucketMs &&
              (b.to ?? Infinity) > cell.start,
          )
        : [];
    const gaps =
      cell && row
        ? cov.gaps.filter(
            (g) =>
              g.account === row.account &&
              g.region === row.region &&
              g.from !== null &&
              g.from < cell.start + cov.bucketMs &&
              g.to > cell.start,
          )
        : [];
    const head = `by ${cov.zoom} · ${formatTimeRange(cov.from, cov.to!, 'table', { trimZeroSeconds: true })} · ${cov.accounts.length} account(s), ${cov.rows.length} row(s)${data.r.note ? ` · ${data.r.note}` : ''}${cov.verdictsUsed ? ' · verify verdicts' : ''}`;
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
        {list.visible.map(({ i, row: r }) => {
          const glyphs = r.cells.slice(p.left, p.left + room).map(cellGlyph);
          return (
            <Text key={i} wrap="truncate">
              <Text inverse={i === list.cursor}>{fit(labels[i] ?? '', labelW).padEnd(labelW)}</Text>{' '}
              {glyphs.map((g, k) => (
                <Text
                  key={k}
                  inverse={i === list.cursor && p.left + k === p.col}
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
}

export const coverageFactory = (init: ViewInit<Record<string, never>>, app: AppApi) =>
  new CoverageModel(init, app);
