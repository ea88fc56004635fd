import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ViewContext, ViewInit } from '../shell/app-api.js';
import type { EventRow } from '../../store/event-row.js';
import type { Provenance } from '../../store/event-reader.js';
import { countEvents } from '../../store/event-pages.js';
import { resourcesOfEvent } from '../../store/resource-values.js';
import { termText } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';
import { compileListFilter } from './event-source.js';
import { detailLines, lineAtPlace, type DetailLine } from './detail-lines.js';
import { pivotsFor, type Pivot } from './pivots.js';
import { ancestors, containerPaths, defaultExpanded, findPaths } from '../kit/json-tree.js';
import { promptModal } from '../kit/prompt.js';
import { fit, middle } from '../kit/text.js';
import { color } from '../kit/colors.js';
import { ListModel } from '../kit/list-model.js';
import { itemsSource, type AtIndex } from '../kit/row-source.js';
import { BaseView } from '../shell/base-view.js';
import { detailSectionsFor } from '../shell/registry.js';
import { eventListView, EVENT_DETAIL, type EventDetailParams } from '../shell/routes.js';
import { detailValue } from './detail-value.js';

export { EVENT_DETAIL };

const MISSING: Record<string, string> = {
  '1': 'this event has no access key',
  '2': 'this event has no principal ID or ARN',
  '3': 'this event has no source IP',
  '4': 'no role session here (needs a principal and a session creation time)',
  '5': 'this event has no request ID or shared event ID',
  '6': 'this event has no event name or time',
  '7': 'this event created no credential (CreateAccessKey, UploadSSHPublicKey, CreateServiceSpecificCredential)',
  '8': 'this event created or changed no IAM user',
  '9': 'this event names no resource (bucket, object, ARN)',
  '0': 'this event names no second resource (an object beside its bucket)',
};

/**
 * `9` and `0`: events on the event's resources, the first two (a bucket sorts before its objects,
 * so a GetObject gives the bucket on 9 and the object on 0). Labels keep both ends of the name.
 */
function resourcePivot(db: AppApi['services']['db'], rowid: number): Pivot[] {
  return resourcesOfEvent(db, rowid)
    .slice(0, 2)
    .map((r, i) => ({
      key: i === 0 ? '9' : '0',
      label: `${/^AWS::S3::Bucket$/i.test(r.type ?? '') ? 'bucket' : /Object$/i.test(r.type ?? '') ? 'object' : 'resource'} ${middle(safeText(r.value), 44).trimEnd()}`,
      filter: { text: termText('resource', r.value) },
    }));
}

interface Loaded {
  row: EventRow;
  record: Record<string, unknown> | null;
  recordError?: string;
  provenance: readonly Provenance[];
  pivots: Pivot[];
}

/** One event: identity, request, pivots, the record as a tree, sections from other features. */
export class EventDetailModel extends BaseView<EventDetailParams> {
  readonly loaded: Loaded | null;
  expanded: Set<string>;
  counts = new Map<string, number>();
  search: { query: string; hits: string[]; at: number } | null = null;
  lines: DetailLine[] = [];
  declare list: ListModel<AtIndex<DetailLine>>;

  constructor(init: ViewInit<EventDetailParams>, app: AppApi) {
    super(init, app);
    const { reader, db } = app.services;
    const row = reader.row(init.params.rowid);
    if (!row) this.loaded = null;
    else {
      let record: Record<string, unknown> | null = null;
      let recordError: string | undefined;
      try {
        record = reader.rawRecord(row);
      } catch (err) {
        recordError = (err as Error).message;
      }
      this.loaded = {
        row,
        record,
        recordError,
        provenance: reader.provenance(row.id),
        pivots: [...pivotsFor(row, record), ...resourcePivot(db, row.id)],
      };
    }
    this.expanded = this.loaded?.record ? defaultExpanded(this.loaded.record) : new Set();
    this.list = ListModel.empty(1);
    // Pivot and key-use counts are index range counts; they come after the first frame.
    const loaded = this.loaded;
    if (loaded)
      this.later(
        () => {
          const m = new Map<string, number>();
          for (const p of loaded.pivots) {
            try {
              m.set(p.key, countEvents(db, compileListFilter(p.filter)));
            } catch {
              // a pivot that cannot be counted still works as a link
            }
          }
          return m;
        },
        (m) => {
          this.counts = m;
          this.rebuild();
        },
      );
  }

  /** The lines for a set of open JSON nodes; a search computes them for the nodes it opens. */
  private linesFor(ex: ReadonlySet<string>): DetailLine[] {
    const l = this.loaded;
    if (!l) return [];
    return detailLines(
      {
        row: l.row,
        record: l.record,
        recordError: l.recordError,
        provenance: l.provenance,
        pivots: l.pivots,
        pivotCounts: this.counts,
        keyEvents: this.counts.get('1'),
        expanded: ex,
        extra: detailSectionsFor(this.app.registry, this.app.services, l.row, l.record),
      },
      this.width,
    );
  }

  /**
   * Lines changed (a node opened or closed, counts arrived, a resize): the cursor stays on the
   * line it was on, found by its place in the unwrapped text, not by its number (rewrapping at
   * another width moves every line below the first wrapped one).
   */
  private rebuild(): void {
    const place = this.list.selected?.row.at;
    this.lines = this.linesFor(this.expanded);
    const cursor = place ? lineAtPlace(this.lines, place) : this.list.cursor;
    this.list.replaceSource(itemsSource(this.lines), cursor);
  }

  protected override resized(): void {
    this.list.resize(this.listHeight());
    this.rebuild();
  }

  protected override listHeight(): number {
    return Math.max(1, this.height - 1);
  }

  override context(): ViewContext {
    if (!this.loaded) return {};
    const line = this.list.selected?.row;
    return {
      selected: this.loaded.row,
      value: detailValue(this.loaded.row, this.loaded.record, line),
    };
  }

  private openPivot(p: Pivot): void {
    this.app.push(eventListView(p.filter, safeText(p.label, { max: 40 })));
  }

  private jumpToPath(path: string): void {
    for (const a of ancestors(path)) this.expanded.add(a);
    this.lines = this.linesFor(this.expanded);
    const i = this.lines.findIndex((l) => l.action?.kind === 'json' && l.action.path === path);
    this.list.replaceSource(itemsSource(this.lines), this.list.cursor);
    if (i >= 0) this.list.moveTo(i, { third: true });
  }

  readonly handlers: Record<string, () => void> = {
    'event.toggle': () => {
      const a = this.list.selected?.row.action;
      if (!a) return;
      if (a.kind === 'pivot') return this.openPivot(a.pivot);
      if (!a.expandable) return;
      if (this.expanded.has(a.path)) this.expanded.delete(a.path);
      else this.expanded.add(a.path);
      this.rebuild();
    },
    'event.expandAll': () => {
      if (!this.loaded?.record) return;
      this.expanded = new Set(containerPaths(this.loaded.record));
      this.rebuild();
    },
    'event.collapseAll': () => {
      this.expanded = new Set();
      this.rebuild();
    },
    'event.search': () =>
      this.app.openModal(
        promptModal(this.app, 'search record: ', this.search?.query ?? '', (q) => {
          if (!this.loaded?.record) return 'no record to search';
          const hits = findPaths(this.loaded.record, q);
          if (!hits.length) return `"${q}" is not in this record`;
          this.search = { query: q, hits, at: 0 };
          this.jumpToPath(hits[0]!);
          this.app.message(`match 1 of ${hits.length} (n next)`);
          return null;
        }),
      ),
    'event.next': () => {
      const s = this.search;
      if (!s) return this.app.message('no search yet: / searches the record');
      s.at = (s.at + 1) % s.hits.length;
      this.jumpToPath(s.hits[s.at]!);
      this.app.message(`match ${s.at + 1} of ${s.hits.length}`);
    },
    ...Object.fromEntries(
      Object.entries(MISSING).map(([k, why]) => [
        `event.pivot${k}`,
        () => {
          const p = this.loaded?.pivots.find((x) => x.key === k);
          if (p) this.openPivot(p);
          else this.app.message(why, 'error');
        },
      ]),
    ),
  };

  draw(): React.ReactNode {
    const { width, loaded, list } = this;
    if (!loaded) return <Text>This event is no longer in the case file.</Text>;
    const pos = `line ${list.cursor + 1}/${list.total}`;
    const r = loaded.row;
    const head = `${safeText(r.event_name, { max: 40 })} · ${safeText(r.event_source, { max: 30 })} · ${r.error_code ? `! ${safeText(r.error_code, { max: 30 })}` : 'ok'} · ${safeText(r.event_id)}`;
    return (
      <Box flexDirection="column" height={this.height}>
        <Text bold wrap="truncate">
          {fit(head, Math.max(0, width - pos.length - 1)) + ' ' + pos}
        </Text>
        {list.visible.map(({ i, row: l }) => (
          <Text
            key={i}
            inverse={i === list.cursor}
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
}

export const eventDetailFactory = (init: ViewInit<EventDetailParams>, app: AppApi) =>
  new EventDetailModel(init, app);
