import type { TuiCommand } from '../shell/commands.js';
import type { Feature } from '../shell/registry.js';
import { BASE_COLUMNS } from './columns.js';
import { osc52, OSC52_MAX } from '../kit/clipboard.js';
import { compareView, COMPARE, EVENT_DETAIL, EVENT_LIST, HELP, helpView } from '../shell/routes.js';
import { eventListFactory } from './event-list.js';
import { eventDetailFactory } from './event-detail.js';
import { helpFactory } from '../shell/help.js';
import { compareFactory } from './compare.js';
import { differingCopiesSection } from './copies-section.js';
import { caveatsSection } from './caveats-section.js';
import type { AppApi, ListFilter } from '../shell/app-api.js';
import { HIDE_SERVICE_CALLERS, toggleServiceCallers } from '../shell/list-filter.js';

/** `y`: the value under the cursor onto the terminal's clipboard (OSC 52), said in the status line. */
function copy(app: AppApi): void {
  const v = app.context().value;
  if (!v) return app.message('nothing to copy here', 'error');
  const seq = osc52(v.text);
  if (!seq)
    return app.message(
      `${v.label} is longer than ${OSC52_MAX.toLocaleString('en-US')} bytes: not copied (x exports)`,
      'error',
    );
  // terminals do not say whether OSC 52 worked: say what was sent, and where it may not arrive
  if (!app.writeRaw(seq.sequence))
    return app.message(`no terminal to copy to; ${v.label}: ${seq.copied}`, 'error');
  app.message(`${v.label} sent to the clipboard (OSC 52; tmux: set-clipboard on): ${seq.copied}`);
}

const GLOBAL: TuiCommand[] = [
  {
    id: 'app.back',
    keys: ['q'],
    description: 'back one level; at the top, quit',
    scope: 'global',
    hint: 'back',
    topHint: 'quit',
    order: 90,
    run: (app) => {
      if (app.stackDepth() === 1) app.quit();
      else app.pop();
    },
  },
  {
    // Esc is pressed to cancel things: at the top it must not quit
    id: 'app.escape',
    keys: ['escape'],
    description: 'back one level (never quits)',
    scope: 'global',
    run: (app) => {
      if (app.stackDepth() === 1) app.message('at the top: q quits');
      else app.pop();
    },
  },
  {
    id: 'app.help',
    keys: ['?'],
    description: 'all commands',
    scope: 'global',
    hint: 'help',
    order: 80,
    run: (app) => {
      const top = app.activeKind();
      if (top !== HELP) app.push(helpView(top, !!(app as { top?: { list?: unknown } }).top?.list));
    },
  },
  {
    id: 'app.mark',
    keys: ['space'],
    description: 'mark / unmark the event (for compare)',
    scope: 'global',
    hint: 'mark',
    order: 40,
    run: (app) => {
      const row = app.context().selected;
      if (row) app.toggleMark(row);
    },
  },
  {
    id: 'app.compare',
    keys: ['C'],
    description: 'compare the marked events side by side (2 to 5)',
    scope: 'global',
    hint: 'compare',
    order: 41,
    run: (app) => {
      if (app.marks.length < 2)
        return app.message('mark two to five events with Space first', 'error');
      app.push(compareView(app.marks.map((m) => m.id)));
    },
  },
  {
    id: 'app.clearMarks',
    keys: ['M'],
    description: 'clear the marks',
    scope: 'global',
    run: (app) => app.clearMarks(),
  },
  {
    // in the event list its own command (same key) changes the list in place
    id: 'app.services',
    keys: ['A'],
    description:
      'hide / show events made by AWS services in this view (adds or removes -byService:true)',
    scope: 'global',
    run: (app) => {
      const v = app.activeView();
      const p = v.params as { filter?: ListFilter } | undefined;
      if (!p?.filter) return app.message('this view has no event filter to change', 'error');
      const text = toggleServiceCallers(p.filter.text);
      app.replace({
        kind: v.kind,
        title: v.title,
        params: { ...p, filter: { ...p.filter, text } },
      });
      app.message(
        text.includes(HIDE_SERVICE_CALLERS)
          ? 'AWS service callers hidden (-byService:true)'
          : 'AWS service callers shown',
      );
    },
  },
  {
    id: 'app.copy',
    keys: ['y'],
    description:
      'copy the value under the cursor (as a filter term where it is one) to the clipboard, by OSC 52',
    scope: 'global',
    run: copy,
  },
];

const EVENTS: TuiCommand[] = [
  {
    id: 'events.cancel',
    keys: ['escape'],
    description: 'cancel a filter that is still running (else back one level)',
    scope: EVENT_LIST,
    shadows: true,
  },
  {
    id: 'events.open',
    keys: ['enter'],
    description: 'open the event (identity, request, record, pivots)',
    scope: EVENT_LIST,
    hint: 'open',
    order: 2,
  },
  {
    id: 'events.filter',
    keys: ['f', ':'],
    description: 'edit the filter (query language, ↑/↓ history)',
    scope: EVENT_LIST,
    hint: 'filter',
    order: 3,
  },
  {
    id: 'events.fuzzy',
    keys: ['/'],
    description: 'fuzzy search values, Enter filters on one',
    scope: EVENT_LIST,
    hint: 'search',
    order: 4,
  },
  {
    id: 'events.services',
    keys: ['A'],
    description: 'hide / show events made by AWS services (adds or removes -byService:true)',
    scope: EVENT_LIST,
    shadows: true,
    order: 59,
  },
  {
    id: 'events.sort',
    keys: ['s'],
    description: 'sort by time, newest or oldest first',
    scope: EVENT_LIST,
    hint: 'sort',
    order: 60,
  },
  {
    id: 'events.columns',
    keys: ['c'],
    description: 'choose, order and narrow columns',
    scope: EVENT_LIST,
    hint: 'cols',
    order: 61,
  },
  {
    id: 'events.scrollRight',
    keys: ['shift-right', '>'],
    description: 'scroll the columns sideways: the ones past the right edge come in',
    scope: EVENT_LIST,
  },
  {
    id: 'events.scrollLeft',
    keys: ['shift-left', '<'],
    description: 'scroll the columns back',
    scope: EVENT_LIST,
  },
  {
    id: 'events.wrap',
    keys: ['w'],
    description: 'show the selected row whole, wrapped under the table (again: hide)',
    scope: EVENT_LIST,
  },
  {
    id: 'events.export',
    keys: ['x'],
    description: 'export this list (.jsonl, .json, .csv)',
    scope: EVENT_LIST,
    hint: 'export',
    order: 62,
  },
];

const DETAIL: TuiCommand[] = [
  {
    id: 'event.toggle',
    keys: ['enter'],
    description: 'open a pivot / expand or collapse a JSON node',
    scope: EVENT_DETAIL,
    hint: 'open/toggle',
    order: 2,
  },
  {
    id: 'event.expandAll',
    keys: ['e'],
    description: 'expand the whole record',
    scope: EVENT_DETAIL,
  },
  {
    id: 'event.collapseAll',
    keys: ['E'],
    description: 'collapse the whole record',
    scope: EVENT_DETAIL,
  },
  {
    id: 'event.search',
    keys: ['/'],
    description: 'search inside the record',
    scope: EVENT_DETAIL,
    hint: 'search',
    order: 4,
  },
  {
    id: 'event.next',
    keys: ['n'],
    description: 'next search match',
    scope: EVENT_DETAIL,
    shadows: true,
  },
  ...[
    ['1', 'events with this access key', 'pivots 0-9'],
    ['2', 'events by this principal'],
    ['3', 'events from this source IP'],
    ['4', 'events in this session (principal + session creation time)'],
    ['5', 'events with the same request ID / shared event ID'],
    ['6', 'this event name within ±15 minutes'],
    ['7', 'calls made with the credential this IAM call created (CreateAccessKey…)'],
    ['8', 'calls by the user this IAM call created or changed'],
    ['9', 'events on this resource (the bucket, or the first resource named)'],
    ['0', 'events on its second resource (the object beside its bucket)'],
  ].map(([k, description, hint]): TuiCommand => ({
    id: `event.pivot${k}`,
    keys: [k!],
    description: description!,
    scope: EVENT_DETAIL,
    ...(hint ? { hint, order: 3 } : {}),
  })),
];

const COMPARE_CMDS: TuiCommand[] = [
  {
    id: 'compare.diffOnly',
    keys: ['d'],
    description: 'show only the fields that differ',
    scope: COMPARE,
    hint: 'only diffs',
    order: 5,
  },
  {
    id: 'compare.left',
    keys: ['left', 'h'],
    description: 'previous event column',
    scope: COMPARE,
    shadows: true,
  },
  { id: 'compare.right', keys: ['right', 'l'], description: 'next event column', scope: COMPARE },
  {
    id: 'compare.whole',
    keys: ['enter'],
    description: "the field's value in every event, whole",
    scope: COMPARE,
    hint: 'whole values',
    order: 6,
  },
];

/** The event list, the event detail, compare and help: the core every other feature builds on. */
export const eventsFeature: Feature = {
  name: 'events',
  views: {
    [EVENT_LIST]: eventListFactory,
    [EVENT_DETAIL]: eventDetailFactory,
    [HELP]: helpFactory,
    [COMPARE]: compareFactory,
  },
  commands: [...GLOBAL, ...EVENTS, ...DETAIL, ...COMPARE_CMDS],
  columns: BASE_COLUMNS,
  detailSections: [caveatsSection, differingCopiesSection],
};
