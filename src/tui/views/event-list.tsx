import React, { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewProps, ViewInit } from '../views.js';
import type { ListFilter } from '../app-api.js';
import type { EventRow } from '../../store/event-row.js';
import type { Histogram } from '../../store/histogram.js';
import { MATCH_ALL, type SqlFilter } from '../../store/filter-sql.js';
import { evidenceEndMs } from '../../store/event-pages.js';
import { formatUtc } from '../../domain/time.js';
import { addTerm, parseFilter, sinceEcho } from '../../query/index.js';
import { safeText, terminalText } from '../../util/safe-text.js';
import { compileListFilter, eventSource } from '../data/event-source.js';
import { EMPTY_SOURCE, idSource } from '../data/id-source.js';
import { queryClientFor } from '../data/query-service.js';
import { QueryCancelled } from '../query-client.js';
import {
  moveBy,
  openWindowUncounted,
  pageBy,
  resize,
  selectedRow,
  toEnd,
  toStart,
  visibleRows,
  withTotal,
  UNKNOWN_TOTAL,
  type ListWindow,
} from '../state/list-window.js';
import { EventTable } from '../components/event-table.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { useSyncState } from '../use-sync-state.js';
import { sparkline } from '../sparkline.js';
import { displayWidth, fit } from '../text.js';
import { color } from '../colors.js';
import { filterBarModal, filterProblem } from '../modals/filter-bar.js';
import { fuzzyModal } from '../modals/fuzzy.js';
import { columnsModal } from '../modals/columns.js';
import { exportModal } from '../modals/export.js';
import { eventDetailView } from './event-detail.js';

/** The term the `A` toggle adds: events made by an AWS service (byService, declared in query/fields.ts). */
export const HIDE_SERVICE_CALLERS = '-byService:true';

/** Add the term, or take it out when it is there as a term of its own. */
export function toggleServiceCallers(text: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.includes(HIDE_SERVICE_CALLERS))
    return words.filter((w) => w !== HIDE_SERVICE_CALLERS).join(' ');
  return addTerm(text, HIDE_SERVICE_CALLERS);
}

/** A filter's run on the query thread. */
type Probe =
  | { sql: SqlFilter; status: 'running'; cancel: () => void; started: number }
  | { sql: SqlFilter; status: 'ids'; ids: number[] }
  | { sql: SqlFilter; status: 'broad' }
  | { sql: SqlFilter; status: 'cancelled' | 'error'; message: string };

/**
 * A filter matching at most this many events is materialised as ids (at most ~2 MB); one matching
 * more pages quickly by keyset, since its matches are dense in the time index.
 */
export const MATERIALISE_MAX = 200_000;

/** The start of each `since:` window, shown beside the filter (it counts back from the end of the evidence). */
function sinceText(db: Parameters<typeof evidenceEndMs>[0], text: string): string {
  if (!/since:|last:/i.test(text)) return '';
  try {
    return sinceEcho(parseFilter(text), evidenceEndMs(db), (ms) =>
      formatUtc(ms).replace(/:00Z$/, 'Z'),
    );
  } catch {
    return '';
  }
}

export const EVENT_LIST = 'events';

export interface EventListParams {
  filter: ListFilter;
}

/** A list of events for a filter. `title` is the breadcrumb (root: "Events"; pivots: what they pin). */
export function eventListView(filter: ListFilter, title = 'Events'): ViewInit<EventListParams> {
  return { kind: EVENT_LIST, title, params: { filter } };
}

/** Header lines above the table, and the table's own header + rule. */
const HEADER_LINES = 3;
const TABLE_CHROME = 2;

const num = (n: number) => n.toLocaleString('en-US');

/** Events in each open case file (it does not change while the TUI runs). */
const caseTotals = new WeakMap<object, number>();

export function EventList({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<EventListParams>): React.JSX.Element | null {
  const { db } = app.services;
  const { filter } = view.params;
  const order = app.settings.order;
  const rowsHeight = Math.max(1, height - HEADER_LINES - TABLE_CHROME);

  const compiled = useMemo<{ sql: SqlFilter; error?: string }>(() => {
    try {
      return { sql: compileListFilter(filter) };
    } catch (err) {
      return { sql: { where: '0', params: [] }, error: filterProblem(err).message };
    }
  }, [filter]);
  // A filter runs on the query thread first (keys stay live, Esc cancels): a selective one comes
  // back as its matching ids, read by primary key from then on; a broad one pages by keyset here.
  const queries = queryClientFor(app.services);
  const [probe, setProbe] = useState<Probe | null>(null);
  const probing = compiled.sql.where.trim() !== '1' && !compiled.error;
  useEffect(() => {
    if (!probing) return;
    const sql = compiled.sql;
    const started = Date.now();
    const job = queries.run('ids', { filter: sql, limit: MATERIALISE_MAX + 1 });
    setProbe({ sql, status: 'running', cancel: job.cancel, started });
    job.result.then(
      (ids) =>
        setProbe((p) =>
          p?.sql === sql
            ? ids.length > MATERIALISE_MAX
              ? { sql, status: 'broad' }
              : { sql, status: 'ids', ids }
            : p,
        ),
      (err: Error) =>
        setProbe((p) =>
          p?.sql === sql
            ? {
                sql,
                status: err instanceof QueryCancelled ? 'cancelled' : 'error',
                message: err.message,
              }
            : p,
        ),
    );
    return () => job.cancel();
  }, [compiled]);
  const current: Probe | null = probing
    ? probe?.sql === compiled.sql
      ? probe
      : { sql: compiled.sql, status: 'running', cancel: () => {}, started: Date.now() }
    : null;
  const src = useMemo(() => {
    if (!current || current.status === 'broad') return eventSource(db, compiled.sql, order);
    if (current.status === 'ids') return idSource(db, current.ids, order);
    return EMPTY_SOURCE;
  }, [db, compiled, order, current?.status, current?.status === 'ids' ? current.ids : null]);
  const echo = useMemo(() => sinceText(db, filter.text), [db, filter.text]);

  const [getState, setState] = useSyncState<{ src: typeof src; win: ListWindow<EventRow> }>(() => ({
    src,
    win: openWindowUncounted(src, rowsHeight),
  }));
  if (getState().src !== src) setState({ src, win: openWindowUncounted(src, rowsHeight) });
  else if (getState().win.height !== rowsHeight)
    setState((s) => ({ ...s, win: resize(s.win, src, rowsHeight) }));
  const win = getState().win;
  const update = (f: (w: ListWindow<EventRow>) => ListWindow<EventRow>) =>
    setState((s) => ({ ...s, win: f(s.win) }));

  // "N of M events": the case file's total, counted once, on the query thread.
  const [caseTotal, setCaseTotal] = useState<number | undefined>(() => caseTotals.get(db));
  useEffect(() => {
    if (caseTotal !== undefined) return;
    const job = queries.run('count', { filter: MATCH_ALL });
    job.result.then(
      (n) => {
        caseTotals.set(db, n);
        setCaseTotal(n);
      },
      () => {},
    );
    return () => job.cancel();
  }, [db, caseTotal]);

  // The count waits for the first frame: the rows come first. An id list knows its length.
  useEffect(() => {
    if (
      getState().win.total !== UNKNOWN_TOTAL ||
      (current && current.status !== 'broad' && current.status !== 'ids')
    )
      return;
    if (current?.status === 'ids') {
      const n = src.count();
      setState((st) => (st.src === src ? { ...st, win: withTotal(st.win, n) } : st));
      return;
    }
    const job = queries.run('count', { filter: compiled.sql });
    job.result.then(
      (n) => setState((st) => (st.src === src ? { ...st, win: withTotal(st.win, n) } : st)),
      () => {},
    );
    return () => job.cancel();
  }, [src]);

  // The sparkline and span scan every matching row: on the query thread too.
  const [hist, setHist] = useState<{ key: SqlFilter; h: Histogram | null } | null>(null);
  const sparkWidth = Math.max(10, width);
  const ready = !current || current.status === 'ids' || current.status === 'broad';
  useEffect(() => {
    if (!ready) return;
    const key = compiled.sql;
    const job = queries.run('histogram', { filter: key, buckets: sparkWidth });
    job.result.then(
      (h) => setHist({ key, h }),
      (err) => {
        if (!(err instanceof QueryCancelled)) setHist({ key, h: null });
      },
    );
    return () => job.cancel();
  }, [db, compiled, sparkWidth, ready]);

  // the last filter that finished running: where Esc returns to when a new one is cancelled
  const lastGood = useRef<string | null>(null);
  if (!current || current.status === 'ids' || current.status === 'broad')
    lastGood.current = filter.text;

  app.report(view.key, () => ({ selected: selectedRow(getState().win), filter }));

  useCommandHandlers(app, view.key, {
    'events.down': () => update((w) => moveBy(w, src, 1)),
    'events.up': () => update((w) => moveBy(w, src, -1)),
    'events.pagedown': () => update((w) => pageBy(w, src, 1)),
    'events.pageup': () => update((w) => pageBy(w, src, -1)),
    'events.first': () => update((w) => toStart(w, src)),
    'events.last': () => update((w) => toEnd(w, src)),
    'events.cancel': () => {
      if (current?.status === 'running') {
        current.cancel();
        // the list goes back to where it was before this filter, or the view closes
        const previous = lastGood.current;
        if (previous !== null && previous !== filter.text)
          app.updateView(view.key, {
            params: { ...view.params, filter: { ...filter, text: previous } },
          });
        else if (app.stackDepth() > 1) app.pop();
        app.message('filter cancelled');
      } else if (app.stackDepth() === 1) app.message('at the top: q quits');
      else app.pop();
    },
    'events.open': () => {
      const row = selectedRow(getState().win);
      if (row) app.push(eventDetailView(row));
    },
    'events.filter': () =>
      app.openModal(
        filterBarModal(filter.text, (text) => {
          const next = { ...filter, text };
          try {
            compileListFilter(next);
          } catch (err) {
            return filterProblem(err);
          }
          app.updateView(view.key, { params: { ...view.params, filter: next } });
          return null;
        }),
      ),
    'events.fuzzy': () =>
      app.openModal(
        fuzzyModal((term) => {
          const text = addTerm(filter.text, term);
          app.updateView(view.key, { params: { ...view.params, filter: { ...filter, text } } });
        }),
      ),
    'events.services': () => {
      // a visible filter term, so counts, pivots and the echo all say what is hidden
      const text = toggleServiceCallers(filter.text);
      app.updateView(view.key, { params: { ...view.params, filter: { ...filter, text } } });
      app.message(
        text.includes(HIDE_SERVICE_CALLERS)
          ? 'AWS service callers hidden (-byService:true)'
          : 'AWS service callers shown',
      );
    },
    'events.columns': () => app.openModal(columnsModal(width)),
    'events.sort': () => {
      const next = order === 'desc' ? 'asc' : 'desc';
      app.setSettings({ order: next });
      app.message(next === 'desc' ? 'newest first' : 'oldest first');
    },
    'events.export': () => app.openModal(exportModal(app, compiled.sql, src.count())),
  });

  if (!active) return null;

  const h = hist && hist.key === compiled.sql ? hist.h : undefined;
  const span = h ? { from: h.from, to: h.to } : h === null ? 'no timed events' : '…';
  const counted = win.total !== UNKNOWN_TOTAL;
  const filtered = compiled.sql.where.trim() !== '1';
  const all = filtered ? caseTotal : undefined;
  const noun = win.total === 1 ? 'event' : 'events';
  const shown =
    current?.status === 'running'
      ? 'running the filter… (Esc cancels)'
      : current?.status === 'cancelled'
        ? 'filter cancelled'
        : current?.status === 'error'
          ? `the filter failed: ${safeText(current.message, { max: 60 })}`
          : counted
            ? `${num(win.total)} ${noun}${all !== undefined ? ` of ${num(all)}` : ''}`
            : 'counting events…';
  const line1 = headerLine(app.services.title, shown, span, width);
  const spark = h ? sparkline(h.counts) : '';
  const where = filter.pinned ? `[${safeText(filter.pinned.label)}] ` : '';
  // terminalText, not safeText: backslashes stay as typed, so the echo pastes back as the same filter
  const filterText = filter.text.trim()
    ? terminalText(filter.text) + (echo ? ` (${echo})` : '')
    : filter.pinned
      ? ''
      : '(none: all events)';
  const pos = win.total ? `${num(win.cursor + 1)}/${counted ? num(win.total) : '…'}` : '0/0';
  const right = ` ${order === 'desc' ? '↓ newest first' : '↑ oldest first'} · ${pos}`;
  const left = `filter: ${where}${filterText}`;
  const line3 = fit(left, Math.max(0, width - right.length)) + right;

  const rows = visibleRows(win);
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate" bold>
        {fit(line1, width)}
      </Text>
      <Text wrap="truncate" color={color('green')}>
        {fit(spark, width)}
      </Text>
      <Text wrap="truncate" color={compiled.error ? color('red') : color('yellow')}>
        {compiled.error ? fit(`✖ ${safeText(compiled.error)}`, width) : line3}
      </Text>
      {win.total === 0 ? (
        <Text>
          {compiled.error ? '' : 'No events match this filter. f edits it, / searches values.'}
        </Text>
      ) : (
        <EventTable
          rows={rows}
          selected={win.cursor - win.top}
          width={width}
          height={rowsHeight}
          columns={app.settings.columns}
          markedIds={new Set(app.marks.map((m) => m.id))}
        />
      )}
    </Box>
  );
}

function fmt(ms: number): string {
  return formatUtc(ms)
    .replace('T', ' ')
    .replace(/:\d\dZ$/, 'Z');
}

/** `2026-03-10 00:00Z → 03-12 23:58Z`: the end without what it shares with the start. */
function compactSpan(from: number, to: number): string {
  const a = fmt(from);
  const b = fmt(to);
  if (a.slice(0, 10) === b.slice(0, 10)) return `${a} → ${b.slice(11)}`;
  if (a.slice(0, 4) === b.slice(0, 4)) return `${a} → ${b.slice(5)}`;
  return `${a} → ${b}`;
}

/** Narrowest the case file's name is cut to before the span is. */
const MIN_TITLE = 8;

/**
 * `case file · N events [of M] · span`, fitted to `width`: the span is written compactly when the
 * line is too wide, then the (already safe) title is cut, so the count and the span stay visible.
 */
export function headerLine(
  title: string,
  shown: string,
  span: { from: number; to: number } | string,
  width: number,
): string {
  const full = typeof span === 'string' ? span : `${fmt(span.from)} → ${fmt(span.to)}`;
  const line = (t: string, sp: string) => `${t} · ${shown} · ${sp}`;
  if (displayWidth(line(title, full)) <= width) return line(title, full);
  const short = typeof span === 'string' ? span : compactSpan(span.from, span.to);
  const room = width - displayWidth(line('', short));
  if (room >= displayWidth(title)) return line(title, short);
  if (room >= MIN_TITLE) return line(fit(title, room), short);
  return line(fit(title, MIN_TITLE), short);
}
