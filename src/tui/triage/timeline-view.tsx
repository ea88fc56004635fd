import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import type { ListFilter } from '../app-api.js';
import type { SqlFilter } from '../../store/filter-sql.js';
import { timeSpan } from '../../store/histogram.js';
import { stackedHistogram, type StackedHistogram } from '../../store/timeline.js';
import { formatUtc } from '../../domain/time.js';
import { addTerm } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';
import { compileListFilter } from '../data/event-source.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { fit } from '../text.js';
import { color } from '../colors.js';
import { eventListView } from '../views/event-list.js';
import { chartRows, GLYPH, runs, type Glyph } from './timeline-chart.js';
import {
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

export const TIMELINE = 'timeline';

export interface TimelineParams {
  filter: ListFilter;
}

export function timelineView(filter: ListFilter): ViewInit<TimelineParams> {
  return { kind: TIMELINE, title: 'Timeline', params: { filter } };
}

const GLYPH_COLOR: Record<Glyph, string | undefined> = {
  [GLYPH.notable]: 'magenta',
  [GLYPH.error]: 'red',
  [GLYPH.ok]: 'green',
  [GLYPH.empty]: undefined,
};
const t = (ms: number): string => formatUtc(ms).replace('T', ' ').replace('Z', '');

export function TimelineView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<TimelineParams>): React.JSX.Element | null {
  const { db } = app.services;
  const { filter } = view.params;
  const compiled = useMemo<{ sql: SqlFilter | null; error?: string }>(() => {
    try {
      return { sql: compileListFilter(filter) };
    } catch (err) {
      return { sql: null, error: (err as Error).message };
    }
  }, [filter]);
  const buckets = Math.max(1, width);
  const [state, setState] = useState<TimelineState | null | 'empty'>(null);
  const [hist, setHist] = useState<{ key: string; h: StackedHistogram } | null>(null);

  // The span needs one scan of the filter's rows: after the first frame.
  useEffect(() => {
    if (!compiled.sql) return;
    const timer = setTimeout(() => {
      const span = timeSpan(db, compiled.sql!);
      setState(span ? fitSpan(span, buckets) : 'empty');
    }, 0);
    return () => clearTimeout(timer);
  }, [db, compiled]);
  const st =
    state && state !== 'empty'
      ? state.buckets === buckets
        ? state
        : resizeTimeline(state, buckets)
      : null;
  const histKey = st ? `${st.from}/${st.bucketMs}/${st.buckets}` : '';
  useEffect(() => {
    if (!st || !compiled.sql) return;
    const timer = setTimeout(
      () => setHist({ key: histKey, h: stackedHistogram(db, compiled.sql!, st) }),
      0,
    );
    return () => clearTimeout(timer);
  }, [db, compiled, histKey]);

  const update = (f: (s: TimelineState) => TimelineState) =>
    setState((s) =>
      s && s !== 'empty' ? f(s.buckets === buckets ? s : resizeTimeline(s, buckets)) : s,
    );
  useCommandHandlers(app, view.key, {
    'timeline.left': () => update((s) => moveCursor(s, -1)),
    'timeline.right': () => update((s) => moveCursor(s, 1)),
    'timeline.pageleft': () =>
      update((s) => moveCursor(s, -Math.max(1, Math.floor(s.buckets / 4)))),
    'timeline.pageright': () =>
      update((s) => moveCursor(s, Math.max(1, Math.floor(s.buckets / 4)))),
    'timeline.zoomin': () => update(zoomIn),
    'timeline.zoomout': () => update(zoomOut),
    'timeline.fit': () => {
      const span = compiled.sql ? timeSpan(db, compiled.sql) : null;
      if (span) setState(fitSpan(span, buckets));
    },
    'timeline.open': () => {
      if (!st) return;
      const r = bucketRange(st);
      app.push(
        eventListView(
          { ...filter, text: addTerm(filter.text, bucketTerms(st)) },
          `${t(r.from)} +${bucketLabel(st.bucketMs)}`,
        ),
      );
    },
  });
  if (!active) return null;
  if (compiled.error)
    return <Text color={color('red')}>{fit(`✖ ${safeText(compiled.error)}`, width)}</Text>;
  if (state === 'empty') return <Text>No events with a time match this filter.</Text>;
  if (!st) return <Text>Reading the time span…</Text>;

  const h = hist && hist.key === histKey ? hist.h : null;
  const chartHeight = Math.max(1, height - 5);
  const rows = h ? chartRows(h, chartHeight) : [];
  const r = bucketRange(st);
  const at = (arr: number[] | undefined) => (arr ? (arr[st.cursor] ?? 0) : 0);
  const scope =
    filter.text.trim() || filter.pinned
      ? `${safeText(filter.pinned?.label ?? '')} ${safeText(filter.text)}`.trim()
      : 'all events';
  const max = h ? Math.max(0, ...h.total) : 0;
  const head = `${bucketLabel(st.bucketMs)} buckets · ${t(st.from)} → ${t(st.from + st.buckets * st.bucketMs)} · tallest ${max.toLocaleString('en-US')} · ${scope}`;
  const legend = `${GLYPH.notable} notable  ${GLYPH.error} failed  ${GLYPH.ok} other   ←/→ move  +/- zoom  0 fit  Enter list the bucket`;
  const axis = ' '.repeat(st.cursor) + '▲';
  const info = `${t(r.from)} – ${t(r.to)}: ${at(h?.total).toLocaleString('en-US')} events, ${at(h?.notable)} notable, ${at(h?.errors)} other failed`;
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
      <Text wrap="truncate">{fit(axis, width)}</Text>
      <Text wrap="truncate">{fit(info, width)}</Text>
    </Box>
  );
}
