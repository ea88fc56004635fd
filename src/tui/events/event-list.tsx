import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ListFilter, ViewContext, ViewInit } from '../shell/app-api.js';
import type { EventRow } from '../../store/event-row.js';
import type { Histogram } from '../../store/histogram.js';
import type { RowSource } from '../kit/row-source.js';
import { MATCH_ALL, type SqlFilter } from '../../store/filter-sql.js';
import { evidenceEndMs } from '../../store/event-pages.js';
import { formatTime, formatTimeRange } from '../../domain/time.js';
import { addTerm, parseFilter, sinceEcho } from '../../query/index.js';
import { HIDE_SERVICE_CALLERS, toggleServiceCallers } from '../shell/list-filter.js';
import { safeText, terminalText } from '../../util/safe-text.js';
import { compileListFilter, eventSource } from './event-source.js';
import { EMPTY_SOURCE, idSource } from './id-source.js';
import { queryClientFor } from '../query/query-service.js';
import { QueryCancelled } from '../query/query-client.js';
import { ListModel } from '../kit/list-model.js';
import { BaseView } from '../shell/base-view.js';
import { EventTable } from './event-table.js';
import { sparkline } from '../kit/sparkline.js';
import { groupDigits } from '../../util/group-digits.js';
import { displayWidth, fit, wrap } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { filterBarModal, filterProblem } from './filter-bar.js';
import { fuzzyModal } from './fuzzy.js';
import { columnsModal } from './columns-modal.js';
import { exportModal } from './export-modal.js';
import {
  eventDetailView,
  eventListView,
  EVENT_LIST,
  type EventListParams,
} from '../shell/routes.js';
import { rowValue } from './columns.js';

export { HIDE_SERVICE_CALLERS, toggleServiceCallers } from '../shell/list-filter.js';

/** A filter's run on the query thread. */
type Probe =
  | { status: 'running'; cancel: () => void }
  | { status: 'ids'; ids: number[] }
  | { status: 'broad' }
  | { status: 'cancelled' | 'error'; message: string };

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
      formatTime(ms, 'iso', { trimZeroSeconds: true }),
    );
  } catch {
    return '';
  }
}

/** Header lines above the table, and the table's own header + rule. */
const HEADER_LINES = 3;
const TABLE_CHROME = 2;

const num = (n: number) => groupDigits(n);

/** Events in each open case file (it does not change while the TUI runs). */
const caseTotals = new WeakMap<object, number>();

/**
 * A list of events for a filter. A filter runs on the query thread first (keys stay live, Esc
 * cancels): a selective one comes back as its matching ids, read by primary key from then on; a
 * broad one pages by keyset on this thread.
 */
export class EventListModel extends BaseView<EventListParams> {
  filter: ListFilter;
  sql: SqlFilter = MATCH_ALL;
  error?: string;
  probe: Probe | null = null;
  declare list: ListModel<EventRow>;
  private order: 'asc' | 'desc';
  private echo = '';
  private hist: Histogram | null | undefined = undefined;
  private histWidth = 0;
  caseTotal: number | undefined;
  /** The last filter that finished running: where Esc returns to when a new one is cancelled. */
  private lastGood: string | null = null;
  /** `w`: the selected row drawn whole, one field per line, under the table. */
  wrapped = false;

  constructor(init: ViewInit<EventListParams>, app: AppApi) {
    super(init, app);
    this.filter = init.params.filter;
    this.order = app.settings.order;
    this.caseTotal = caseTotals.get(app.services.db);
    this.list = ListModel.empty(1);
    this.start();
    if (this.caseTotal === undefined) this.countCase();
  }

  /** The case file's events, for "N events of TOTAL" under a filter (kept for the next list). */
  private countCase(): void {
    const job = this.queries.run('count', { filter: MATCH_ALL });
    this.later(
      job.result,
      (n) => {
        caseTotals.set(this.app.services.db, n);
        this.caseTotal = n;
      },
      undefined,
      job.cancel,
    );
  }

  override get params(): EventListParams {
    return { filter: this.filter };
  }

  private get queries() {
    return queryClientFor(this.app.services);
  }

  protected override listHeight(): number {
    return Math.max(
      1,
      this.height - HEADER_LINES - TABLE_CHROME - (this.wrapped ? this.wrapLines() : 0),
    );
  }

  private wrapLines(): number {
    return Math.min(8, Math.max(3, Math.floor(this.height / 3)));
  }

  override layout(width: number, height: number): void {
    if (this.app.settings.order !== this.order) {
      this.order = this.app.settings.order;
      this.width = width;
      this.height = height;
      this.openSource();
      return;
    }
    super.layout(width, height);
    // the sparkline is one bucket per column: asked again for the real width (the first ask was
    // made before the first layout)
    if (this.ready && this.histWidth !== Math.max(10, width)) this.loadHistogram();
  }

  /** Where the cursor stays when the list is reloaded under it (new events from an index run). */
  private keepCursor: number | null = null;

  /** A reload for new events is under way (its queries have not all come back). */
  private refreshing = 0;

  /**
   * An index run added events: the same filter again, the cursor where it was, the old rows shown
   * until the new ones come. Nothing running is cancelled (cancelling restarts the query thread),
   * and a reload waits for the previous one.
   */
  private refreshAgain = false;
  private refreshStarted = 0;

  /** The run ended: the whole list again (its count, sparkline and rows), the cursor kept. */
  liveEnded(): void {
    this.refreshing = 0;
    this.refreshAgain = false;
    this.keepCursor = this.list.cursor;
    this.start();
    // the last reload may have counted the case file before the run's last events landed (after
    // start, which cancels what is in flight)
    this.countCase();
  }

  liveRefresh(): void {
    if (this.error) return;
    // one reload at a time (one that has not come back in 5 s is given up); one asked for
    // meanwhile follows it
    if (this.refreshing > 0 && Date.now() - this.refreshStarted < 5000) {
      this.refreshAgain = true;
      return;
    }
    this.refreshStarted = Date.now();
    const done = () => {
      this.refreshing = Math.max(0, this.refreshing - 1);
      if (this.refreshAgain && this.refreshing === 0) {
        this.refreshAgain = false;
        setTimeout(() => this.liveRefresh(), 0);
      }
    };
    this.refreshing = 1;
    this.countCase();
    if (this.sql.where.trim() === '1') {
      this.keepCursor = this.list.cursor;
      try {
        this.openSource(done);
      } catch {
        // the run was between two states of the case file (a checkpoint): try again shortly
        this.keepCursor = null;
        this.refreshing = 0;
        setTimeout(() => this.liveRefresh(), 500);
      }
      return;
    }
    const job = this.queries.run('ids', { filter: this.sql, limit: MATERIALISE_MAX + 1 });
    this.later(
      job.result,
      (ids) => {
        this.probe = ids.length > MATERIALISE_MAX ? { status: 'broad' } : { status: 'ids', ids };
        this.keepCursor = this.list.cursor;
        this.openSource(done);
      },
      done,
    );
  }

  /** Compile the filter and start its run (a new filter: everything below is redone). */
  private start(): void {
    this.cancelPending();
    this.error = undefined;
    this.probe = null;
    this.hist = undefined;
    try {
      this.sql = compileListFilter(this.filter);
    } catch (err) {
      this.sql = { where: '0', params: [] };
      this.error = filterProblem(err).message;
    }
    this.echo = sinceText(this.app.services.db, this.filter.text);
    const probing = this.sql.where.trim() !== '1' && !this.error;
    if (probing) {
      const job = this.queries.run('ids', { filter: this.sql, limit: MATERIALISE_MAX + 1 });
      this.probe = { status: 'running', cancel: job.cancel };
      this.later(
        job.result,
        (ids) => {
          this.probe = ids.length > MATERIALISE_MAX ? { status: 'broad' } : { status: 'ids', ids };
          this.openSource();
        },
        (err) => {
          this.probe = {
            status: err instanceof QueryCancelled ? 'cancelled' : 'error',
            message: err.message,
          };
        },
        job.cancel,
      );
    }
    this.openSource();
  }

  private source(): RowSource<EventRow> {
    const { db } = this.app.services;
    if (!this.probe || this.probe.status === 'broad') return eventSource(db, this.sql, this.order);
    if (this.probe.status === 'ids') return idSource(db, this.probe.ids, this.order);
    return EMPTY_SOURCE;
  }

  private get ready(): boolean {
    return !this.probe || this.probe.status === 'ids' || this.probe.status === 'broad';
  }

  /** The rows first; the count and the sparkline after the first frame, on the query thread. */
  private openSource(done?: () => void): void {
    const src = this.source();
    const before = this.list;
    this.list = new ListModel(src, this.listHeight(), { counted: false });
    // a reload shows the last count until the new one comes (no "counting…" flicker every second)
    if (
      this.keepCursor !== null &&
      before.counted &&
      !this.list.counted &&
      this.list.visible.length
    )
      this.list.setTotal(Math.max(before.total, this.list.cursor + 1));
    const refreshed = this.keepCursor !== null;
    if (this.keepCursor !== null) {
      this.list.moveTo(this.keepCursor);
      this.keepCursor = null;
    }
    if (!this.ready) return;
    this.lastGood = this.filter.text;
    if (!this.list.counted || refreshed) {
      if (this.probe?.status === 'ids') this.list.setTotal(src.count());
      else {
        const job = this.queries.run('count', { filter: this.sql });
        const list = this.list;
        this.later(
          job.result,
          (n) => this.list === list && list.setTotal(n),
          undefined,
          job.cancel,
        );
      }
    }
    this.loadHistogram();
  }

  private loadHistogram(done?: () => void): void {
    const width = Math.max(10, this.width);
    this.histWidth = width;
    const job = this.queries.run('histogram', { filter: this.sql, buckets: width });
    const sql = this.sql;
    this.later(
      job.result,
      (h) => {
        if (this.sql === sql) this.hist = h;
        done?.();
      },
      (err) => {
        if (!(err instanceof QueryCancelled) && this.sql === sql) this.hist = null;
        done?.();
      },
      job.cancel,
    );
  }

  /** Show another filter in this view (the filter bar, the fuzzy search, `A`). */
  setFilter(filter: ListFilter): void {
    this.filter = filter;
    this.start();
  }

  override context(): ViewContext {
    const row = this.list.selected;
    return { selected: row, filter: this.filter, value: row ? rowValue(row) : undefined };
  }

  readonly handlers: Record<string, () => void> = {
    'events.cancel': () => {
      const app = this.app;
      if (this.probe?.status === 'running') {
        this.probe.cancel();
        // the list goes back to where it was before this filter, or the view closes
        const previous = this.lastGood;
        if (previous !== null && previous !== this.filter.text)
          this.setFilter({ ...this.filter, text: previous });
        else if (app.stackDepth() > 1) app.pop();
        app.message('filter cancelled');
      } else if (app.stackDepth() === 1) app.message('at the top: q quits');
      else app.pop();
    },
    'events.open': () => {
      const row = this.list.selected;
      if (row) this.app.push(eventDetailView(row));
    },
    'events.filter': () =>
      this.app.openModal(
        filterBarModal(this.app, this.filter.text, (text) => {
          const next = { ...this.filter, text };
          try {
            compileListFilter(next);
          } catch (err) {
            return filterProblem(err);
          }
          this.setFilter(next);
          return null;
        }),
      ),
    'events.fuzzy': () =>
      this.app.openModal(
        fuzzyModal(this.app, (term) =>
          this.setFilter({ ...this.filter, text: addTerm(this.filter.text, term) }),
        ),
      ),
    'events.services': () => {
      // a visible filter term, so counts, pivots and the echo all say what is hidden
      const text = toggleServiceCallers(this.filter.text);
      this.setFilter({ ...this.filter, text });
      this.app.message(
        text.includes(HIDE_SERVICE_CALLERS)
          ? 'AWS service callers hidden (-byService:true)'
          : 'AWS service callers shown',
      );
    },
    'events.columns': () => this.app.openModal(columnsModal(this.app, this.width)),
    'events.sort': () => {
      const next = this.order === 'desc' ? 'asc' : 'desc';
      this.app.setSettings({ order: next });
      this.app.message(next === 'desc' ? 'newest first' : 'oldest first');
    },
    'events.export': () =>
      this.app.openModal(exportModal(this.app, this.sql, this.list.counted ? this.list.total : 0)),
    'events.wrap': () => {
      this.wrapped = !this.wrapped;
      this.list.resize(this.listHeight());
    },
    'events.scrollRight': () =>
      this.app.setSettings({ scroll: Math.min(this.app.settings.scroll + 1, 30) }),
    'events.scrollLeft': () =>
      this.app.setSettings({ scroll: Math.max(0, this.app.settings.scroll - 1) }),
  };

  /** A pivot list opened from here: the filter as a title. */
  static pivot(filter: ListFilter, title: string): ViewInit<EventListParams> {
    return eventListView(filter, title);
  }

  override shows(init: ViewInit): boolean {
    const f = (init.params as EventListParams).filter;
    return f.text === this.filter.text && f.pinned?.where === this.filter.pinned?.where;
  }

  draw(): React.ReactNode {
    const { width, height, list, filter } = this;
    const h = this.hist;
    const span = h ? { from: h.from, to: h.to } : h === null ? 'no timed events' : '…';
    const counted = list.counted;
    const filtered = this.sql.where.trim() !== '1';
    const all = filtered ? this.caseTotal : undefined;
    const noun = list.total === 1 ? 'event' : 'events';
    const p = this.probe;
    const shown =
      p?.status === 'running'
        ? 'running the filter… (Esc cancels)'
        : p?.status === 'cancelled'
          ? 'filter cancelled'
          : p?.status === 'error'
            ? `the filter failed: ${safeText(p.message, { max: 60 })}`
            : counted
              ? `${num(list.total)} ${noun}${all !== undefined ? ` of ${num(all)}` : ''}`
              : 'counting events…';
    const line1 = headerLine(this.app.services.title, shown, span, width);
    const spark = h ? sparkline(h.counts) : '';
    const where = filter.pinned ? `[${safeText(filter.pinned.label)}] ` : '';
    // terminalText, not safeText: backslashes stay as typed, so the echo pastes back as the same filter
    const filterText = filter.text.trim()
      ? terminalText(filter.text) + (this.echo ? ` (${this.echo})` : '')
      : filter.pinned
        ? ''
        : '(none: all events)';
    const pos = list.total ? `${num(list.cursor + 1)}/${counted ? num(list.total) : '…'}` : '0/0';
    const right = ` ${this.order === 'desc' ? '↓ newest first' : '↑ oldest first'} · ${pos}`;
    const left = `filter: ${where}${filterText}`;
    const line3 = fit(left, Math.max(0, width - right.length)) + right;
    const settings = this.app.settings;
    const selected = list.selected;
    return (
      <Box flexDirection="column" height={height}>
        <Text wrap="truncate" bold>
          {fit(line1, width)}
        </Text>
        <Text wrap="truncate" color={color('green')}>
          {fit(spark, width)}
        </Text>
        <Text wrap="truncate" color={this.error ? color('red') : color('yellow')}>
          {this.error ? fit(`✖ ${safeText(this.error)}`, width) : line3}
        </Text>
        {list.total === 0 ? (
          <Text>
            {this.error ? '' : 'No events match this filter. f edits it, / searches values.'}
          </Text>
        ) : (
          <EventTable
            rows={list.visible}
            selected={list.selectedOnScreen}
            width={width}
            height={list.height}
            columns={this.app.registry.columns}
            settings={settings}
            markedIds={new Set(this.app.marks.map((m) => m.id))}
            rowColor={(r) => this.app.registry.rowColor(r)}
          />
        )}
        {this.wrapped && selected ? (
          <WrappedRow
            row={selected}
            width={width}
            lines={this.wrapLines()}
            columns={this.app.registry.columns}
          />
        ) : null}
      </Box>
    );
  }
}

/** `w`: the selected row's fields whole, wrapped, under the table. */
function WrappedRow({
  row,
  width,
  lines,
  columns,
}: {
  row: EventRow;
  width: number;
  lines: number;
  columns: readonly import('./columns.js').EventColumn[];
}): React.JSX.Element {
  const text = columns
    .filter((c) => c.id !== 'flag')
    .map((c) => [c.title.trim(), safeText(c.value(row, true))] as const)
    .filter(([, v]) => v.trim())
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  const out = wrap(text, width).slice(0, lines);
  return (
    <Box flexDirection="column">
      {out.map((l, i) => (
        <Text key={i} color={color('cyan')} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
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
  const full =
    typeof span === 'string'
      ? span
      : `${formatTime(span.from, 'minute', { zone: true })} → ${formatTime(span.to, 'minute', { zone: true })}`;
  const line = (t: string, sp: string) => `${t} · ${shown} · ${sp}`;
  if (displayWidth(line(title, full)) <= width) return line(title, full);
  const short =
    typeof span === 'string' ? span : formatTimeRange(span.from, span.to, 'minute', { zone: true });
  const room = width - displayWidth(line('', short));
  if (room >= displayWidth(title)) return line(title, short);
  if (room >= MIN_TITLE) return line(fit(title, room), short);
  return line(fit(title, MIN_TITLE), short);
}

export const eventListFactory = (init: ViewInit<EventListParams>, app: AppApi) =>
  new EventListModel(init, app);
export { EVENT_LIST };
