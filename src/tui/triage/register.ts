import { registerCommands, type TuiCommand } from '../commands.js';
import { registerView } from '../views.js';
import { allColumns, registerColumn } from '../columns.js';
import { registerDetailSection } from '../detail-sections.js';
import { onCaseFileOpened } from '../open-hooks.js';
import type { AppApi, ListFilter } from '../app-api.js';
import { EVENT_LIST } from '../views/event-list.js';
import { evaluateNotable, notableIsStale } from '../../case/notable/evaluate.js';
import { explainNotable } from '../../case/notable/report.js';
import { safeText } from '../../util/safe-text.js';
import { NOTABLE, NotableView, notableView } from './notable-view.js';
import { INSIGHTS, InsightsView, insightsView } from './insights-view.js';
import { TIMELINE, TimelineView, timelineView } from './timeline-view.js';
import { FACET, FacetView, facetView } from './facet-view.js';
import { registerCoverage } from './coverage-view.js';
import { attachMarks, markFor, notableColor } from './marks.js';
import { registerRowColor } from '../row-style.js';

function movement(scope: string): TuiCommand[] {
  return [
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
    { id: `${scope}.first`, keys: ['g', 'home'], description: 'go to the first row', scope },
    { id: `${scope}.last`, keys: ['G', 'end'], description: 'go to the last row', scope },
  ];
}

/** The filter of the view the key was pressed in (all events when it has none). */
function currentFilter(app: AppApi): ListFilter {
  return app.context().filter ?? { text: '' };
}

let detailRegistered = false;

/** Triage (issue #7): notable view `n`, insights `i`, timeline `h`, facets `F`, the marker column, rules in the detail. */
export function registerTriage(): void {
  registerView({ kind: NOTABLE, component: NotableView });
  registerView({ kind: INSIGHTS, component: InsightsView });
  registerView({ kind: TIMELINE, component: TimelineView });
  registerView({ kind: FACET, component: FacetView });
  registerCoverage();

  registerCommands([
    {
      id: 'triage.notable',
      keys: ['n'],
      description: 'notable events: rules with counts and severity (for the current filter)',
      scope: 'global',
      hint: 'notable',
      order: 20,
      run: (app) => app.push(notableView(currentFilter(app))),
    },
    {
      id: 'triage.insights',
      keys: ['i'],
      description:
        'insights: call-rate and error-rate anomalies, and Insights events in the evidence',
      scope: 'global',
      hint: 'insights',
      order: 21,
      run: (app) => app.push(insightsView()),
    },
    {
      id: 'triage.timeline',
      keys: ['h'],
      description: 'timeline: histogram of the current filter over time',
      scope: 'global',
      hint: 'timeline',
      order: 22,
      run: (app) => app.push(timelineView(currentFilter(app))),
    },
    {
      id: 'triage.facet',
      keys: ['F'],
      description: 'facet: value counts of a column for the current filter (←/→ other columns)',
      scope: EVENT_LIST,
      hint: 'facet',
      order: 23,
      run: (app) => app.push(facetView(currentFilter(app))),
    },

    ...movement(NOTABLE),
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

    ...movement(INSIGHTS),
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
    },
    {
      id: 'timeline.pageright',
      keys: ['pagedown', 'L'],
      description: 'a quarter screen later',
      scope: TIMELINE,
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
      description: 'fit the whole span on screen',
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

    ...movement(FACET),
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
  ]);

  // The marker rides in the leading flag column (mark `*`, error `!`), so it sits at the row's start
  // whatever columns are chosen: the highest severity matched (★ critical/high, ☆ medium, · low).
  const flag = allColumns().find((c) => c.id === 'flag');
  if (flag && flag.width < 3) {
    const base = flag.value;
    registerColumn({
      ...flag,
      title: '   ',
      width: 3,
      value: (row, wide) => base(row, wide).padEnd(2).slice(0, 2) + markFor(row.id),
    });
  }

  onCaseFileOpened((services) => {
    // case files indexed before the rules existed (or by an older rule set) are brought up to date once
    try {
      if (!services.db.readonly && notableIsStale(services.db)) evaluateNotable(services.db);
    } catch {
      // the TUI still opens; the notable view will say what is missing
    }
    attachMarks(services.db);
  });

  if (!detailRegistered) {
    detailRegistered = true;
    registerRowColor((row) => notableColor(row.id));
    registerDetailSection((services, row) => {
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
    });
  }
}
