import { registerCommands, type TuiCommand } from './commands.js';
import { registerView } from './views.js';
import { EXTENSIONS } from './extensions.js';
import { EVENT_LIST, EventList } from './views/event-list.js';
import { EVENT_DETAIL, EventDetail } from './views/event-detail.js';
import { HELP, HelpView, helpView } from './views/help.js';
import { COMPARE, CompareView, compareView } from './views/compare.js';

/** Movement keys shared by scrolling views (each view kind gets its own ids, handled by the view). */
function movement(scope: string, withEnds = true): TuiCommand[] {
  const cmds: TuiCommand[] = [
    {
      id: `${scope}.down`,
      keys: ['down', 'j'],
      description: 'move down',
      scope,
      hint: 'move',
      order: 1,
    },
    { id: `${scope}.up`, keys: ['up', 'k'], description: 'move up', scope },
    { id: `${scope}.pagedown`, keys: ['pagedown', 'ctrl-d'], description: 'page down', scope },
    { id: `${scope}.pageup`, keys: ['pageup', 'ctrl-u'], description: 'page up', scope },
  ];
  if (withEnds) {
    cmds.push(
      { id: `${scope}.first`, keys: ['g', 'home'], description: 'go to the first row', scope },
      { id: `${scope}.last`, keys: ['G', 'end'], description: 'go to the last row', scope },
    );
  }
  return cmds;
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
    run: (app) => app.push(helpView(app.activeKind())),
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
    // the lineage part replaces this command (same id) with the real trace
    id: 'app.trace',
    keys: ['t'],
    description: 'trace the credentials of the selected event',
    scope: 'global',
    hint: 'trace',
    order: 30,
    run: (app) => app.message('credential tracing is not available yet', 'error'),
  },
];

const EVENTS: TuiCommand[] = [
  ...movement(EVENT_LIST),
  {
    id: 'events.cancel',
    keys: ['escape'],
    description: 'cancel a filter that is still running (else back one level)',
    scope: EVENT_LIST,
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
    description: 'choose columns',
    scope: EVENT_LIST,
    hint: 'cols',
    order: 61,
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
  ...movement(EVENT_DETAIL),
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
  { id: 'event.next', keys: ['n'], description: 'next search match', scope: EVENT_DETAIL },
  {
    id: 'event.pivot1',
    keys: ['1'],
    description: 'events with this access key',
    scope: EVENT_DETAIL,
    hint: 'pivots 1-6',
    order: 3,
  },
  { id: 'event.pivot2', keys: ['2'], description: 'events by this principal', scope: EVENT_DETAIL },
  {
    id: 'event.pivot3',
    keys: ['3'],
    description: 'events from this source IP',
    scope: EVENT_DETAIL,
  },
  {
    id: 'event.pivot4',
    keys: ['4'],
    description: 'events in this session (principal + session creation time)',
    scope: EVENT_DETAIL,
  },
  {
    id: 'event.pivot5',
    keys: ['5'],
    description: 'events with the same request ID / shared event ID',
    scope: EVENT_DETAIL,
  },
  {
    id: 'event.pivot6',
    keys: ['6'],
    description: 'this event name within ±15 minutes',
    scope: EVENT_DETAIL,
  },
  {
    id: 'event.pivot7',
    keys: ['7'],
    description: 'calls made with the credential this IAM call created (CreateAccessKey…)',
    scope: EVENT_DETAIL,
  },
  {
    id: 'event.pivot8',
    keys: ['8'],
    description: 'calls by the user this IAM call created or changed',
    scope: EVENT_DETAIL,
  },
];

const OTHERS: TuiCommand[] = [
  ...movement(HELP),
  ...movement(COMPARE),
  {
    id: 'compare.diffOnly',
    keys: ['d'],
    description: 'show only the fields that differ',
    scope: COMPARE,
    hint: 'only diffs',
    order: 5,
  },
];

let done = false;

/** Register the built-in views and commands (once). Other parts register theirs after this. */
export function registerBuiltins(): void {
  if (done) return;
  done = true;
  registerView({ kind: EVENT_LIST, component: EventList });
  registerView({ kind: EVENT_DETAIL, component: EventDetail });
  registerView({ kind: HELP, component: HelpView });
  registerView({ kind: COMPARE, component: CompareView });
  registerCommands([...GLOBAL, ...EVENTS, ...DETAIL, ...OTHERS]);
  for (const ext of EXTENSIONS) ext();
}
