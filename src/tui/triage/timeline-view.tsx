import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewContext, ViewInit } from '../shell/app-api.js';
import type { SqlFilter } from '../../store/filter-sql.js';
import { timeSpan } from '../../store/histogram.js';
import { stackedHistogram, type StackedHistogram } from '../../store/timeline.js';
import { formatTime, formatTimeRange } from '../../domain/time.js';
import { addTerm } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';
import { compileListFilter } from '../shell/list-filter.js';
import { fit } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { BaseView } from '../shell/base-view.js';
import { eventListView, sameFilter, TIMELINE, type FilterParams } from '../shell/routes.js';
import { chartRows, GLYPH, runs, type Glyph } from './timeline-chart.js';
import {
  axisLabels,
  bucketLabel,
  bucketRange,
  bucketTerms,
  fitSpan,
  moveCursor,
  resizeTimeline,
  zoomIn,
  zoomOut,
  type TimelineState,
} from './timeline-state.js';

export { TIMELINE };

const GLYPH_COLOR: Record<Glyph, string | undefined> = {
  [GLYPH.notable]: 'magenta',
  [GLYPH.error]: 'red',
  [GLYPH.ok]: 'green',
  [GLYPH.empty]: undefined,
};
const t = (ms: number): string => formatTime(ms, 'table');

/**
 * A histogram of the filter over time: buckets across the width, the cursor on one bucket, zoom in
 * and out around it, Enter lists its events. "Fit" spans exactly the events' range.
 */
export class TimelineModel extends BaseView<FilterParams> {
  sql: SqlFilter | null = null;
  error?: string;
  state: TimelineState | null | 'empty' = null;
  hist: { key: string; h: StackedHistogram } | null = null;
  private span: { from: number; to: number } | null = null;

  constructor(init: ViewInit<FilterParams>, app: AppApi) {
    super(init, app);
    try {
      this.sql = compileListFilter(init.params.filter);
    } catch (err) {
      this.error = (err as Error).message;
      return;
    }
    const sql = this.sql;
    // The span needs one scan of the filter's rows: after the first frame.
    this.later(
      () => timeSpan(app.services.db, sql),
      (span) => {
        this.span = span;
        this.state = span ? fitSpan(span, this.buckets) : 'empty';
        this.loadHist();
      },
    );
  }

  private get buckets(): number {
    return Math.max(1, this.width);
  }

  private key(st: TimelineState): string {
    return `${st.from}/${st.bucketMs}/${st.buckets}`;
  }

  private loadHist(): void {
    const st = this.state;
    if (!st || st === 'empty' || !this.sql || this.hist?.key === this.key(st)) return;
    const sql = this.sql;
    const key = this.key(st);
    this.later(
      () => stackedHistogram(this.app.services.db, sql, st),
      (h) => {
        this.hist = { key, h };
      },
    );
  }

  /** The view shows the fitted range (at open, or after `0`): a resize fits it again. */
  private fitted = true;

  protected override resized(): void {
    if (this.state && this.state !== 'empty' && this.state.buckets !== this.buckets) {
      this.state =
        this.fitted && this.span
          ? fitSpan(this.span, this.buckets)
          : resizeTimeline(this.state, this.buckets);
      this.loadHist();
    }
  }

  override shows(init: ViewInit): boolean {
    return sameFilter((init.params as FilterParams).filter, this.params.filter);
  }

  override context(): ViewContext {
    return { filter: this.params.filter };
  }

  private update(f: (s: TimelineState) => TimelineState, fitted = false): void {
    if (!this.state || this.state === 'empty') return;
    this.fitted = fitted;
    this.state = f(this.state);
    this.loadHist();
  }

  readonly handlers: Record<string, () => void> = {
    'timeline.left': () => this.update((s) => moveCursor(s, -1)),
    'timeline.right': () => this.update((s) => moveCursor(s, 1)),
    'timeline.pageleft': () =>
      this.update((s) => moveCursor(s, -Math.max(1, Math.floor(s.buckets / 4)))),
    'timeline.pageright': () =>
      this.update((s) => moveCursor(s, Math.max(1, Math.floor(s.buckets / 4)))),
    'timeline.zoomin': () => this.update(zoomIn),
    'timeline.zoomout': () => this.update(zoomOut),
    'timeline.fit': () => {
      if (this.span) this.update(() => fitSpan(this.span!, this.buckets), true);
    },
    'timeline.open': () => {
      const st = this.state;
      if (!st || st === 'empty') return;
      const r = bucketRange(st);
      const filter = this.params.filter;
      this.app.push(
        eventListView(
          { ...filter, text: addTerm(filter.text, bucketTerms(st)) },
          `${t(r.from)} +${bucketLabel(st.bucketMs)}`,
        ),
      );
    },
  };

  draw(): React.ReactNode {
    const { width, height } = this;
    const filter = this.params.filter;
    if (this.error)
      return <Text color={color('red')}>{fit(`✖ ${safeText(this.error)}`, width)}</Text>;
    if (this.state === 'empty') return <Text>No events with a time match this filter.</Text>;
    const st = this.state;
    if (!st) return <Text>Reading the time span…</Text>;
    const h = this.hist && this.hist.key === this.key(st) ? this.hist.h : null;
    const chartHeight = Math.max(1, height - 6);
    const rows = h ? chartRows(h, chartHeight) : [];
    const r = bucketRange(st);
    const at = (arr: number[] | undefined) => (arr ? (arr[st.cursor] ?? 0) : 0);
    const scope =
      filter.text.trim() || filter.pinned
        ? `${safeText(filter.pinned?.label ?? '')} ${safeText(filter.text)}`.trim()
        : 'all events';
    const max = h ? Math.max(0, ...h.total) : 0;
    const head = `${bucketLabel(st.bucketMs)} buckets · ${formatTimeRange(st.from, st.from + st.buckets * st.bucketMs, 'table')} · tallest ${max.toLocaleString('en-US')} · ${scope}`;
    const legend = `${GLYPH.notable} notable  ${GLYPH.error} failed  ${GLYPH.ok} other   ←/→ move  +/- zoom  0 fit  Enter list the bucket`;
    const axis = ' '.repeat(st.cursor) + '▲';
    const info = `${formatTimeRange(r.from, r.to, 'table')}: ${at(h?.total).toLocaleString('en-US')} events, ${at(h?.notable)} notable, ${at(h?.errors)} other failed`;
    return (
      <Box flexDirection="column" height={height}>
        <Text bold wrap="truncate">
          {fit(head, width)}
        </Text>
        <Text dimColor wrap="truncate">
          {fit(legend, width)}
        </Text>
        {h ? (
          rows.map((row, i) => (
            <Text key={i} wrap="truncate">
              {runs(row, st.cursor).map((seg, j) => (
                <Text key={j} inverse={seg.cursor} color={color(GLYPH_COLOR[seg.glyph])}>
                  {seg.cursor && seg.glyph === GLYPH.empty ? '│' : seg.text}
                </Text>
              ))}
            </Text>
          ))
        ) : (
          <Text>Counting…</Text>
        )}
        <Box flexGrow={1} />
        <Text dimColor wrap="truncate">
          {fit(axisLabels(st, width), width)}
        </Text>
        <Text wrap="truncate">{fit(axis, width)}</Text>
        <Text wrap="truncate">{fit(info, width)}</Text>
      </Box>
    );
  }
}

export const timelineFactory = (init: ViewInit<FilterParams>, app: AppApi) =>
  new TimelineModel(init, app);
