import type { TuiCommand } from '../shell/commands.js';
import type { AppApi, ListFilter } from '../shell/app-api.js';
import type { Feature } from '../shell/registry.js';
import { explainNotable } from '../../case/notable/report.js';
import { safeText } from '../../util/safe-text.js';
import {
  COVERAGE,
  coverageView,
  EVENT_LIST,
  FACET,
  facetView,
  INSIGHTS,
  insightsView,
  NOTABLE,
  notableView,
  TIMELINE,
  timelineView,
} from '../shell/routes.js';
import { notableFactory } from './notable-view.js';
import { insightsFactory } from './insights-view.js';
import { timelineFactory } from './timeline-view.js';
import { facetFactory } from './facet-view.js';
import { coverageFactory } from './coverage-view.js';
import { attachMarks, markFor, notableColor } from './marks.js';

/** The filter of the view the key was pressed in (all events when it has none). */
function currentFilter(app: AppApi): ListFilter {
  return app.context().filter ?? { text: '' };
}

const COMMANDS: TuiCommand[] = [
  {
    id: 'triage.notable',
    keys: ['n'],
    description: 'notable events: rules with counts and severity (for the current filter)',
    scope: 'global',
    hint: 'notable',
    order: 20,
    run: (app) => app.switchTo(notableView(currentFilter(app))),
  },
  {
    id: 'triage.insights',
    keys: ['i'],
    description:
      'insights: call-rate and error-rate anomalies, and Insights events in the evidence',
    scope: 'global',
    hint: 'insights',
    order: 21,
    run: (app) => app.switchTo(insightsView()),
  },
  {
    id: 'triage.timeline',
    keys: ['h'],
    description: 'timeline: histogram of the current filter over time',
    scope: 'global',
    hint: 'timeline',
    order: 22,
    run: (app) => app.switchTo(timelineView(currentFilter(app))),
  },
  {
    id: 'triage.facet',
    keys: ['F'],
    description: 'facet: value counts of a column for the current filter (←/→ other columns)',
    scope: 'global',
    hint: 'facet',
    order: 23,
    run: (app) => app.switchTo(facetView(currentFilter(app))),
  },
  {
    id: 'triage.coverage',
    keys: ['v'],
    description:
      'coverage: account × region × hour grid of events, digests, gaps and blind windows',
    scope: 'global',
    hint: 'coverage',
    order: 24,
    run: (app) => app.switchTo(coverageView()),
  },
  {
    id: 'notable.open',
    keys: ['enter'],
    description: 'list the events of the rule',
    scope: NOTABLE,
    hint: 'events',
    order: 2,
  },
  {
    id: 'notable.all',
    keys: ['a'],
    description: 'list all notable events',
    scope: NOTABLE,
    hint: 'all',
    order: 3,
  },
  {
    id: 'notable.sort',
    keys: ['s'],
    description: 'sort rules by severity, count, first seen, last seen (cycles)',
    scope: NOTABLE,
    hint: 'sort',
    order: 4,
  },
  {
    id: 'insights.open',
    keys: ['enter'],
    description: 'filter to the window (or open the Insights event)',
    scope: INSIGHTS,
    hint: 'filter to window',
    order: 2,
  },
  {
    id: 'timeline.left',
    keys: ['left', 'h'],
    description: 'cursor one bucket earlier',
    scope: TIMELINE,
    hint: 'move',
    order: 1,
    shadows: true,
  },
  {
    id: 'timeline.right',
    keys: ['right', 'l'],
    description: 'cursor one bucket later',
    scope: TIMELINE,
  },
  {
    id: 'timeline.pageleft',
    keys: ['pageup', 'H'],
    description: 'a quarter screen earlier',
    scope: TIMELINE,
    shadows: true,
  },
  {
    id: 'timeline.pageright',
    keys: ['pagedown', 'L'],
    description: 'a quarter screen later',
    scope: TIMELINE,
    shadows: true,
  },
  {
    id: 'timeline.zoomin',
    keys: ['+', '='],
    description: 'zoom in (smaller buckets) around the cursor',
    scope: TIMELINE,
    hint: 'zoom in',
    order: 2,
  },
  {
    id: 'timeline.zoomout',
    keys: ['-', '_'],
    description: 'zoom out (larger buckets)',
    scope: TIMELINE,
    hint: 'zoom out',
    order: 3,
  },
  {
    id: 'timeline.fit',
    keys: ['0'],
    description: "fit the events' time range exactly on screen",
    scope: TIMELINE,
  },
  {
    id: 'timeline.open',
    keys: ['enter'],
    description: 'list the events of the bucket under the cursor',
    scope: TIMELINE,
    hint: 'list bucket',
    order: 4,
  },
  {
    id: 'facet.next',
    keys: ['right', 'tab', 'l'],
    description: 'next column',
    scope: FACET,
    hint: 'column',
    order: 2,
  },
  {
    id: 'facet.prev',
    keys: ['left', 'shift-tab', 'h'],
    description: 'previous column',
    scope: FACET,
    shadows: true,
  },
  {
    id: 'facet.open',
    keys: ['enter'],
    description: 'events with this value',
    scope: FACET,
    hint: 'only this',
    order: 3,
  },
  {
    id: 'facet.exclude',
    keys: ['-'],
    description: 'events without this value',
    scope: FACET,
    hint: 'exclude',
    order: 4,
  },
  {
    id: 'coverage.left',
    keys: ['left', 'h'],
    description: 'one hour (or day) earlier',
    scope: COVERAGE,
    shadows: true,
  },
  {
    id: 'coverage.right',
    keys: ['right', 'l'],
    description: 'one hour (or day) later',
    scope: COVERAGE,
  },
  {
    id: 'coverage.pageleft',
    keys: ['H'],
    description: 'half a screen earlier',
    scope: COVERAGE,
  },
  {
    id: 'coverage.pageright',
    keys: ['L'],
    description: 'half a screen later',
    scope: COVERAGE,
  },
  {
    id: 'coverage.zoomin',
    keys: ['+', '='],
    description: 'zoom in: one cell per hour',
    scope: COVERAGE,
    hint: 'hours',
    order: 2,
  },
  {
    id: 'coverage.zoomout',
    keys: ['-', '_'],
    description: 'zoom out: one cell per day',
    scope: COVERAGE,
    hint: 'days',
    order: 3,
  },
  {
    id: 'coverage.open',
    keys: ['enter'],
    description: 'list the events of the cell (its account, region and hour)',
    scope: COVERAGE,
    hint: 'events',
    order: 4,
  },
];

/** Triage: notable `n`, insights `i`, timeline `h`, facets `F`, coverage `v`, the marker column. */
export const triageFeature: Feature = {
  name: 'triage',
  views: {
    [NOTABLE]: notableFactory,
    [INSIGHTS]: insightsFactory,
    [TIMELINE]: timelineFactory,
    [FACET]: facetFactory,
    [COVERAGE]: coverageFactory,
  },
  commands: COMMANDS,
  // The marker rides in the leading flag column (mark `*`, error `!`), so it sits at the row's start
  // whatever columns are chosen: the highest severity matched (★ critical/high, ☆ medium, · low).
  columnChanges: {
    flag: (c) => ({
      ...c,
      title: '   ',
      width: 3,
      value: (row, wide) => c.value(row, wide).padEnd(2).slice(0, 2) + markFor(row.id),
    }),
  },
  rowColor: (row) => notableColor(row.id),
  // the rules are evaluated when the TUI opens the case file (main/run-tui.ts) or by the index
  // run: opening never writes here, it only reads the marks
  onOpen: (services) => attachMarks(services.db),
  detailSections: [
    (services, row) => {
      const rules = explainNotable(services.db, row.id);
      if (rules.length === 0) return null;
      const lines: string[] = [];
      for (const r of rules) {
        lines.push(
          `${r.severity.toUpperCase()} ${safeText(r.title)} (${r.id}, ATT&CK ${r.mitre.id} ${r.mitre.name})`,
        );
        lines.push(`  ${safeText(r.why)}`);
      }
      return { title: 'Notable: rules matched', lines };
    },
  ],
};

export { EVENT_LIST };
