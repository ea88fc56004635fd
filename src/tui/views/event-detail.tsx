import React, { useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import type { EventRow } from '../../store/event-row.js';
import { countEvents } from '../../store/event-pages.js';
import { formatUtc } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';
import { compileListFilter } from '../data/event-source.js';
import { detailLines, type DetailLine } from '../detail-lines.js';
import { pivotsFor, type Pivot } from '../pivots.js';
import { ancestors, containerPaths, defaultExpanded, findPaths } from '../state/json-tree.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { useSyncState } from '../use-sync-state.js';
import { promptModal } from '../modals/prompt.js';
import { eventListView } from './event-list.js';
import { fit } from '../text.js';
import { color } from '../colors.js';
import { detailSections } from '../detail-sections.js';

export const EVENT_DETAIL = 'event';

export interface EventDetailParams {
  rowid: number;
}

export function eventDetailView(row: EventRow): ViewInit<EventDetailParams> {
  const when = row.time_ms ? formatUtc(row.time_ms) : (row.event_time ?? '?');
  return {
    kind: EVENT_DETAIL,
    title: `${safeText(row.event_name ?? 'event', { max: 30 })} ${when}`,
    params: { rowid: row.id },
  };
}

export function EventDetail({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<EventDetailParams>): React.JSX.Element | null {
  const { reader, db } = app.services;
  const loaded = useMemo(() => {
    const row = reader.row(view.params.rowid);
    if (!row) return null;
    let record: Record<string, unknown> | null = null;
    let recordError: string | undefined;
    try {
      record = reader.rawRecord(row);
    } catch (err) {
      recordError = (err as Error).message;
    }
    return {
      row,
      record,
      recordError,
      provenance: reader.provenance(row.id),
      pivots: pivotsFor(row, record),
    };
  }, [reader, view.params.rowid]);

  const [expanded, setExpanded] = useState<Set<string>>(() =>
    loaded?.record ? defaultExpanded(loaded.record) : new Set(),
  );
  const [getPos, setPos] = useSyncState({ cursor: 0, top: 0 });
  const [search, setSearch] = useState<{ query: string; hits: string[]; at: number } | null>(null);
  const [counts, setCounts] = useState<Map<string, number>>(new Map());

  // Pivot and key-use counts are index range counts; they come after the first frame.
  useEffect(() => {
    if (!loaded) return;
    const t = setTimeout(() => {
      const m = new Map<string, number>();
      for (const p of loaded.pivots) {
        try {
          m.set(p.key, countEvents(db, compileListFilter(p.filter)));
        } catch {
          // a pivot that cannot be counted still works as a link
        }
      }
      setCounts(m);
    }, 0);
    return () => clearTimeout(t);
  }, [db, loaded]);

  // The lines for a set of open JSON nodes; a search computes them for the nodes it opens.
  const linesFor = (ex: ReadonlySet<string>): DetailLine[] =>
    loaded
      ? detailLines(
          {
            row: loaded.row,
            record: loaded.record,
            recordError: loaded.recordError,
            provenance: loaded.provenance,
            pivots: loaded.pivots,
            pivotCounts: counts,
            keyEvents: counts.get('1'),
            expanded: ex,
            extra: detailSections(app.services, loaded.row, loaded.record),
          },
          width,
        )
      : [];
  const lines: DetailLine[] = useMemo(
    () => linesFor(expanded),
    [loaded, counts, expanded, width, app.services],
  );

  if (loaded) app.report(view.key, { selected: loaded.row });

  const bodyHeight = Math.max(1, height - 1);
  /** Cursor on a line, the window over the cursor and never past the end (when the lines allow). */
  const clampPos = (p: { cursor: number; top: number }, n: number) => {
    const cursor = Math.min(Math.max(0, p.cursor), Math.max(0, n - 1));
    let top = Math.min(Math.max(0, p.top), Math.max(0, n - bodyHeight));
    if (cursor < top) top = cursor;
    else if (cursor >= top + bodyHeight) top = cursor - bodyHeight + 1;
    return cursor === p.cursor && top === p.top ? p : { cursor, top };
  };
  // Collapsing, expanding, a search or a resize changes the line count: keep cursor and window on it.
  if (clampPos(getPos(), lines.length) !== getPos()) setPos((p) => clampPos(p, lines.length));
  const moveTo = (n: number) =>
    setPos((p) => {
      const c = Math.min(Math.max(0, n), Math.max(0, lines.length - 1));
      const t = c < p.top ? c : c >= p.top + bodyHeight ? c - bodyHeight + 1 : p.top;
      return { cursor: c, top: t };
    });
  const moveBy = (d: number) => moveTo(getPos().cursor + d);
  const openPivot = (p: Pivot) => app.push(eventListView(p.filter, safeText(p.label, { max: 40 })));
  const jumpToPath = (path: string, ex: Set<string>) => {
    const next = new Set(ex);
    for (const a of ancestors(path)) next.add(a);
    setExpanded(next);
    // find the line after the re-render: compute it directly, from the same inputs as the render
    const all = linesFor(next);
    const i = all.findIndex((l) => l.action?.kind === 'json' && l.action.path === path);
    if (i >= 0) setPos(clampPos({ cursor: i, top: i - Math.floor(bodyHeight / 3) }, all.length));
  };

  const handlers: Record<string, () => void> = {
    'event.down': () => moveBy(1),
    'event.up': () => moveBy(-1),
    'event.pagedown': () => {
      const p = getPos();
      const top = Math.min(Math.max(0, lines.length - bodyHeight), p.top + bodyHeight - 1);
      setPos({ cursor: Math.min(Math.max(0, lines.length - 1), p.cursor + bodyHeight - 1), top });
    },
    'event.pageup': () => {
      const p = getPos();
      setPos({
        cursor: Math.max(0, p.cursor - bodyHeight + 1),
        top: Math.max(0, p.top - bodyHeight + 1),
      });
    },
    'event.first': () => setPos({ cursor: 0, top: 0 }),
    'event.last': () => moveTo(lines.length - 1),
    'event.toggle': () => {
      const a = lines[getPos().cursor]?.action;
      if (!a) return;
      if (a.kind === 'pivot') return openPivot(a.pivot);
      if (!a.expandable) return;
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(a.path)) next.delete(a.path);
        else next.add(a.path);
        return next;
      });
    },
    'event.expandAll': () => loaded?.record && setExpanded(new Set(containerPaths(loaded.record))),
    'event.collapseAll': () => setExpanded(new Set()),
    'event.search': () =>
      app.openModal(
        promptModal('search record: ', search?.query ?? '', (q) => {
          if (!loaded?.record) return 'no record to search';
          const hits = findPaths(loaded.record, q);
          if (!hits.length) return `"${q}" is not in this record`;
          setSearch({ query: q, hits, at: 0 });
          jumpToPath(hits[0]!, expanded);
          app.message(`match 1 of ${hits.length} (n next)`);
          return null;
        }),
      ),
    'event.next': () => {
      if (!search) return app.message('no search yet: / searches the record');
      const at = (search.at + 1) % search.hits.length;
      setSearch({ ...search, at });
      jumpToPath(search.hits[at]!, expanded);
      app.message(`match ${at + 1} of ${search.hits.length}`);
    },
  };
  const missing: Record<string, string> = {
    '1': 'this event has no access key',
    '2': 'this event has no principal ID or ARN',
    '3': 'this event has no source IP',
    '4': 'no role session here (needs a principal and a session creation time)',
    '5': 'this event has no request ID or shared event ID',
    '6': 'this event has no event name or time',
    '7': 'this event created no credential (CreateAccessKey, UploadSSHPublicKey, CreateServiceSpecificCredential)',
    '8': 'this event created or changed no IAM user',
  };
  for (const [k, why] of Object.entries(missing)) {
    const p = loaded?.pivots.find((x) => x.key === k);
    handlers[`event.pivot${k}`] = p ? () => openPivot(p) : () => app.message(why, 'error');
  }
  useCommandHandlers(app, view.key, handlers);

  if (!active) return null;
  if (!loaded) return <Text>This event is no longer in the case file.</Text>;

  const { cursor, top } = getPos();
  const shown = lines.slice(top, top + bodyHeight);
  const pos = `line ${cursor + 1}/${lines.length}`;
  const r = loaded.row;
  const head = `${safeText(r.event_name, { max: 40 })} · ${safeText(r.event_source, { max: 30 })} · ${r.error_code ? `! ${safeText(r.error_code, { max: 30 })}` : 'ok'} · ${safeText(r.event_id)}`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {fit(head, Math.max(0, width - pos.length - 1)) + ' ' + pos}
      </Text>
      {shown.map((l, i) => (
        <Text
          key={top + i}
          inverse={top + i === cursor}
          bold={l.style === 'section'}
          dimColor={l.style === 'dim'}
          color={
            l.style === 'warn' ? color('red') : l.style === 'section' ? color('cyan') : undefined
          }
        >
          {fit(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}
