// Every view's commands, run by command id on its model through the shell, without React: what a
// key does is decided here; the frame tests (app.test.tsx, the pty tests) check what is drawn.
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { addRecords, caseFileWith, ctEvent } from '../../helpers/case-file.js';
import { tuiRecords } from '../../helpers/tui-fixture.js';
import { lineageCaseFile } from '../../helpers/lineage-case.js';
import { reportCase } from '../../helpers/report-case.js';
import { evaluateNotable } from '../../../src/case/notable/evaluate.js';
import { Shell } from '../../../src/tui/shell/shell.js';
import { tuiRegistry } from '../../../src/tui/shell/features.js';
import { eventListView } from '../../../src/tui/shell/routes.js';
import { EventReader } from '../../../src/store/event-reader.js';
import { moveOf } from '../../../src/tui/kit/moves.js';
import type { EventListModel } from '../../../src/tui/events/event-list.js';
import type { EventDetailModel } from '../../../src/tui/events/event-detail.js';
import type { ViewModel } from '../../../src/tui/shell/app-api.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
const settle = async () => {
  for (let i = 0; i < 8; i++) await tick();
};

let shells: Shell[] = [];
afterEach(() => {
  for (const s of shells) s.dispose();
  shells = [];
});

function open(db: Database, opts: { columns?: number; rows?: number; filter?: string } = {}) {
  const raw: string[] = [];
  const shell = new Shell({
    services: { db, reader: new EventReader(db), dbPath: '/tmp/models.db', title: 'models.db' },
    registry: tuiRegistry(),
    root: eventListView({ text: opts.filter ?? '' }),
    writeRaw: (b) => (raw.push(b), true),
  });
  shell.setSize(opts.columns ?? 100, opts.rows ?? 30);
  shells.push(shell);
  return { shell, raw };
}

/** Run a command by id on the top model, as its key would. */
function run(shell: Shell, id: string): void {
  const cmd = shell.registry.keymap.all.find((c) => c.id === id);
  if (!cmd) throw new Error(`no command ${id}`);
  const top = shell.top;
  const move = moveOf(id);
  if (cmd.run) cmd.run(shell);
  else if (move) top.list!.move(move);
  else {
    const h = top.handlers[id];
    if (!h) throw new Error(`${top.kind} has no handler for ${id}`);
    h();
  }
}

/** Type into the open modal, key by key. */
function type(shell: Shell, text: string): void {
  for (const ch of text) shell.modal!.key(ch === ' ' ? 'space' : ch, ch);
}

const kinds = (shell: Shell) => shell.views.map((v: ViewModel) => v.kind);

function s3Case(): Database {
  return caseFileWith([
    ...tuiRecords(40),
    ctEvent({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventTime: '2024-04-11T13:00:00Z',
      eventID: 's3-get-1',
      requestParameters: { bucketName: 'prod-data', key: 'reports/q1.csv' },
      resources: [
        { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::prod-data/reports/q1.csv' },
        { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::prod-data' },
      ],
    }),
  ]);
}

describe('the event list model', () => {
  it('moves with the one list kernel and opens the selected event', async () => {
    const { shell } = open(caseFileWith(tuiRecords(60)));
    await settle();
    const list = shell.top.list!;
    expect(list.cursor).toBe(0);
    run(shell, 'list.down');
    run(shell, 'list.down');
    expect(list.cursor).toBe(2);
    run(shell, 'list.pagedown');
    expect(list.cursor).toBeGreaterThan(2);
    run(shell, 'list.last');
    expect(list.cursor).toBe(59);
    run(shell, 'list.first');
    const first = (shell.top as EventListModel).list.selected!;
    run(shell, 'events.open');
    expect(kinds(shell)).toEqual(['events', 'event']);
    expect((shell.top as EventDetailModel).loaded!.row.id).toBe(first.id);
    run(shell, 'app.back');
    expect(kinds(shell)).toEqual(['events']);
  });

  it('filter bar, service toggle, sort, wrap and sideways scroll change the list in place', async () => {
    const { shell } = open(caseFileWith(tuiRecords(60)));
    await settle();
    const model = shell.top as EventListModel;
    run(shell, 'events.filter');
    expect(shell.modal?.id).toBe('filter');
    type(shell, 'name:AssumeRole');
    shell.modal!.key('enter', '\r');
    expect(shell.modal).toBeNull();
    expect(model.filter.text).toBe('name:AssumeRole');
    await settle();
    expect(model.list.total).toBeGreaterThan(0);
    expect(model.list.total).toBeLessThan(60);
    run(shell, 'events.services');
    expect(model.filter.text).toBe('name:AssumeRole -byService:true');
    run(shell, 'events.services');
    expect(model.filter.text).toBe('name:AssumeRole');
    run(shell, 'events.sort');
    expect(shell.settings.order).toBe('asc');
    const height = model.list.height;
    run(shell, 'events.wrap');
    expect(model.wrapped).toBe(true);
    expect(model.list.height).toBeLessThan(height);
    run(shell, 'events.scrollRight');
    run(shell, 'events.scrollRight');
    expect(shell.settings.scroll).toBe(2);
    run(shell, 'events.scrollLeft');
    expect(shell.settings.scroll).toBe(1);
  });

  it('when an index run ends, a filtered list counts the case file again ("N events of TOTAL")', async () => {
    const db = caseFileWith(tuiRecords(20));
    const { shell } = open(db, { filter: 'name:AssumeRole' });
    await settle();
    const model = shell.top as EventListModel;
    expect(model.caseTotal).toBe(20);
    // the run's last events land after the list's last reload
    addRecords(
      db,
      tuiRecords(10).map((r, i) => ({ ...r, eventID: `late-${i}` })),
      '/evidence/late.json',
    );
    model.liveEnded();
    await settle();
    expect(model.caseTotal).toBe(30);
  });

  it('the column chooser orders, narrows and resets columns', async () => {
    const { shell } = open(caseFileWith(tuiRecords(10)));
    await settle();
    run(shell, 'events.columns');
    const m = shell.modal!;
    expect(m.id).toBe('columns');
    m.draw(100, 27);
    // the first choosable column is the time: move it down one place, narrow it
    m.key('J', 'J');
    expect(shell.settings.columns!.slice(0, 3)).toEqual(['flag', 'name', 'time']);
    m.key('<', '<');
    expect(shell.settings.widths.time).toBeLessThan(14);
    m.key('a', 'a');
    expect(shell.settings.columns).toBeNull();
    expect(shell.settings.widths).toEqual({});
    m.key('enter', '\r');
    expect(shell.modal).toBeNull();
  });

  it('Esc at the root says how to quit; q quits', async () => {
    const quitting = caseFileWith(tuiRecords(5));
    const { shell } = open(quitting);
    await settle();
    run(shell, 'events.cancel');
    expect(shell.status?.text).toBe('at the top: q quits');
    run(shell, 'app.back');
    expect(shell.quitted).toBe(true);
  });
});

describe('the event detail model', () => {
  it('toggles, expands, collapses, searches and pivots, resources included', async () => {
    const { shell } = open(s3Case(), { filter: 'name:GetObject' });
    await settle();
    run(shell, 'events.open');
    await settle();
    const d = shell.top as EventDetailModel;
    const n = d.list.total;
    run(shell, 'event.collapseAll');
    const collapsed = d.list.total;
    expect(collapsed).toBeLessThan(n);
    run(shell, 'event.expandAll');
    expect(d.list.total).toBeGreaterThanOrEqual(n);
    run(shell, 'event.search');
    type(shell, 'q1.csv');
    shell.modal!.key('enter', '\r');
    expect(shell.status?.text).toMatch(/match 1 of \d+/);
    expect(d.list.selected?.row.text).toContain('q1.csv');
    run(shell, 'event.next');
    expect(shell.status?.text).toMatch(/match \d+ of \d+/);
    run(shell, 'event.pivot9');
    expect(kinds(shell)).toEqual(['events', 'event', 'events']);
    const pivot = shell.top as EventListModel;
    expect(pivot.filter.text).toBe('resource:arn:aws:s3:::prod-data');
    await settle();
    expect(pivot.list.total).toBeGreaterThanOrEqual(1);
    run(shell, 'app.back');
    run(shell, 'event.pivot1');
    expect((shell.top as EventListModel).filter.text).toBe('key:AKIAEXAMPLE000000001');
    run(shell, 'app.back');
    run(shell, 'event.pivot7');
    expect(shell.status?.kind).toBe('error');
  });
});

describe('the event detail model on resize', () => {
  const ua =
    'aws-cli/2.13.5 Python/3.11.4 Linux/6.3.0-kali1-amd64 exe/x86_64.kali.2023 prompt/off command/iam.create-user md/installer#exe md/distrib#kali.2023';

  it('keeps the cursor on the same logical line when the terminal is resized, not the same line number', async () => {
    const { shell } = open(caseFileWith([ctEvent({ userAgent: ua, awsRegion: 'eu-west-1' })]), {
      columns: 200,
      rows: 40,
    });
    await settle();
    run(shell, 'events.open');
    await settle();
    const d = shell.top as EventDetailModel;
    const selected = () => d.list.selected!.row;
    // below the user agent, which is one line at 200 columns and several at 80
    d.list.moveTo(d.lines.findIndex((l) => l.copy?.label === 'region'));
    expect(selected().text).toMatch(/region\s+eu-west-1/);
    const wideIndex = d.list.cursor;
    shell.setSize(80, 24);
    expect(d.lines.filter((l) => l.copy?.label === 'user agent').length).toBeGreaterThan(1);
    expect(selected().text).toMatch(/region\s+eu-west-1/);
    expect(d.list.cursor).toBeGreaterThan(wideIndex);
    shell.setSize(200, 40);
    expect(d.list.cursor).toBe(wideIndex);

    // a continuation line: the piece holding the same text at the new width
    shell.setSize(80, 24);
    const tail = d.lines.findIndex((l) => l.copy?.label === 'user agent' && /distrib/.test(l.text));
    d.list.moveTo(tail);
    const place = selected().at.offset;
    shell.setSize(60, 24);
    // the piece that holds the same character of the user agent: it starts at or before it, the
    // next one after it
    expect(selected().copy?.label).toBe('user agent');
    expect(selected().at.offset).toBeLessThanOrEqual(place);
    const next = d.lines[d.list.cursor + 1]!;
    expect(next.copy?.label !== 'user agent' || next.at.offset > place).toBe(true);
    shell.setSize(200, 40);
    expect(selected().copy?.label).toBe('user agent');
    expect(selected().text).toContain(ua);
  });
});

describe('compare, help and copying', () => {
  it('compare: only differing fields, event columns, whole values', async () => {
    const { shell } = open(caseFileWith(tuiRecords(10)));
    await settle();
    run(shell, 'app.mark');
    run(shell, 'list.down');
    run(shell, 'app.mark');
    expect(shell.marks.length).toBe(2);
    run(shell, 'app.compare');
    const c = shell.top;
    expect(c.kind).toBe('compare');
    const all = c.list!.total;
    run(shell, 'compare.diffOnly');
    expect(c.list!.total).toBeLessThan(all);
    run(shell, 'compare.right');
    expect((c as unknown as { column: number }).column).toBe(1);
    run(shell, 'compare.left');
    run(shell, 'compare.whole');
    expect(shell.modal?.id).toBe('compare-values');
    shell.modal!.key('escape', '');
    expect(shell.modal).toBeNull();
  });

  it('help lists movement once, under "In every list", and scrolls on the kernel', async () => {
    const { shell } = open(caseFileWith(tuiRecords(5)));
    await settle();
    run(shell, 'app.help');
    const h = shell.top as ViewModel & { lines: string[] };
    expect(h.kind).toBe('help');
    expect(h.lines.filter((l) => l.startsWith('In every list')).length).toBe(1);
    expect(h.lines.filter((l) => /\bmove down\b/.test(l)).length).toBe(1);
    run(shell, 'list.last');
    expect(h.list!.cursor).toBe(h.lines.length - 1);
  });

  it('y sends the selected value by OSC 52 as a term that filters back to it', async () => {
    const { shell, raw } = open(caseFileWith(tuiRecords(5)));
    await settle();
    run(shell, 'app.copy');
    expect(raw.length).toBe(1);
    const m = /^\u001b\]52;c;([A-Za-z0-9+/=]+)\u0007$/.exec(raw[0]!)!;
    const text = Buffer.from(m[1]!, 'base64').toString('utf8');
    expect(text).toMatch(/^key:(AKIA|ASIA)/);
    expect(shell.status?.text).toContain('sent to the clipboard');
  });
});

describe('switching to a view already on the stack', () => {
  it('n, i, h, F, K, v and I go back to their view instead of stacking another', async () => {
    const db = caseFileWith(tuiRecords(30));
    evaluateNotable(db);
    const { shell } = open(db);
    await settle();
    for (const id of [
      'triage.notable',
      'triage.insights',
      'triage.timeline',
      'triage.facet',
      'lineage.credentials',
      'triage.coverage',
      'evidence.files',
    ]) {
      run(shell, id);
      const depth = shell.stackDepth();
      run(shell, 'triage.insights');
      run(shell, id);
      expect(shell.stackDepth()).toBeLessThanOrEqual(depth);
    }
    // notable → its events → n → its events → n …: the breadcrumbs stay two levels deep
    while (shell.stackDepth() > 1) run(shell, 'app.back');
    for (let i = 0; i < 3; i++) {
      run(shell, 'triage.notable');
      run(shell, 'notable.all');
      expect(kinds(shell)).toEqual(['events', 'notable', 'events']);
      run(shell, 'triage.notable');
      expect(kinds(shell)).toEqual(['events', 'notable']);
    }
  });
});

describe('triage, lineage and evidence models', () => {
  it('notable: sort cycles, Enter lists a rule, a lists all', async () => {
    const db = caseFileWith([
      ...tuiRecords(30),
      ctEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        readOnly: false,
      }),
    ]);
    evaluateNotable(db);
    const { shell } = open(db);
    await settle();
    run(shell, 'triage.notable');
    const n = shell.top as ViewModel & { sort: string };
    expect(n.list!.total).toBeGreaterThan(0);
    run(shell, 'notable.sort');
    expect(n.sort).toBe('count');
    // A works in any view with a filter: the notable view again, service callers hidden
    run(shell, 'app.services');
    expect((shell.top.params as { filter: { text: string } }).filter.text).toBe('-byService:true');
    expect(shell.stackDepth()).toBe(2);
    run(shell, 'app.services');
    expect((shell.top.params as { filter: { text: string } }).filter.text).toBe('');
    run(shell, 'notable.open');
    expect(shell.top.kind).toBe('events');
    run(shell, 'app.back');
    run(shell, 'notable.all');
    expect(shell.top.title).toBe('All notable');
  });

  it('timeline: moves, zooms, fits and lists a bucket', async () => {
    const { shell } = open(caseFileWith(tuiRecords(60)));
    await settle();
    run(shell, 'triage.timeline');
    await settle();
    const t = shell.top as ViewModel & { state: { cursor: number; bucketMs: number } };
    const fitted = t.state.bucketMs;
    const c = t.state.cursor;
    run(shell, 'timeline.left');
    expect(t.state.cursor).toBe(c - 1);
    run(shell, 'timeline.zoomin');
    expect(t.state.bucketMs).toBeLessThan(fitted);
    run(shell, 'timeline.zoomout');
    run(shell, 'timeline.fit');
    expect(t.state.bucketMs).toBe(fitted);
    run(shell, 'timeline.open');
    expect((shell.top as EventListModel).filter.text).toMatch(/^after:\S+ before:\S+$/);
  });

  it('facet: counts a field, switches fields, keeps or excludes a value; resources count', async () => {
    const { shell } = open(s3Case());
    await settle();
    run(shell, 'triage.facet');
    await settle();
    const f = shell.top as ViewModel & { f: { column: string } };
    expect(f.f.column).toBe('name');
    run(shell, 'facet.prev');
    expect(f.f.column).toBe('caveat');
    await settle();
    // nothing limits these records: one value, "(none)"
    expect(f.list!.total).toBe(1);
    run(shell, 'facet.prev');
    expect(f.f.column).toBe('resource');
    await settle();
    expect(f.list!.total).toBe(3); // the bucket, the object, and the events without one
    run(shell, 'facet.next');
    run(shell, 'facet.next');
    run(shell, 'facet.next');
    await settle();
    run(shell, 'facet.open');
    expect((shell.top as EventListModel).filter.text).toMatch(/^who:/);
    run(shell, 'app.back');
    run(shell, 'facet.exclude');
    expect((shell.top as EventListModel).filter.text).toMatch(/^-who:/);
  });

  it('insights and coverage open their rows', async () => {
    const { shell } = open(reportCase());
    await settle();
    run(shell, 'triage.coverage');
    await settle();
    const cov = shell.top as ViewModel & { col: number };
    run(shell, 'coverage.right');
    expect(cov.col).toBe(1);
    run(shell, 'coverage.zoomout');
    await settle();
    run(shell, 'coverage.open');
    expect(shell.top.kind).toBe('events');
    run(shell, 'triage.insights');
    await settle();
    expect(shell.top.kind).toBe('insights');
    run(shell, 'insights.open');
  });

  it('chain and credentials: open, next, sort, reverse, gaps, filter, events', async () => {
    const { shell } = open(lineageCaseFile());
    await settle();
    run(shell, 'lineage.credentials');
    const k = shell.top as ViewModel & {
      query: { sort?: string; desc?: boolean; complete?: boolean; text?: string };
    };
    expect(k.list!.total).toBeGreaterThan(0);
    run(shell, 'credentials.sort');
    expect(k.query.sort).toBe('first');
    run(shell, 'credentials.reverse');
    expect(k.query.desc).toBe(false);
    run(shell, 'credentials.gaps');
    expect(k.query.complete).toBe(false);
    run(shell, 'credentials.gaps');
    run(shell, 'credentials.filter');
    type(shell, 'ASIA');
    shell.modal!.key('enter', '\r');
    expect(k.query.text).toBe('ASIA');
    run(shell, 'credentials.events');
    expect((shell.top as EventListModel).filter.text).toMatch(/^key:ASIA/);
    run(shell, 'app.back');
    run(shell, 'credentials.open');
    expect(shell.top.kind).toBe('chain');
    const chain = shell.top;
    const at = chain.list!.cursor;
    run(shell, 'chain.next');
    expect(chain.list!.cursor).toBeGreaterThan(at);
    run(shell, 'chain.open');
    expect(['events', 'event', 'chain']).toContain(shell.top.kind);
  });

  it('files: problems only, and a file in full', async () => {
    const { shell } = open(reportCase());
    await settle();
    run(shell, 'evidence.files');
    const f = shell.top as ViewModel & { problemsOnly: boolean; total: number; problems: number };
    expect(f.total).toBeGreaterThan(0);
    run(shell, 'files.problems');
    expect(f.problemsOnly).toBe(true);
    expect(f.list!.total).toBe(f.problems);
    run(shell, 'files.problems');
    run(shell, 'files.open');
    expect(shell.modal?.id).toBe('file');
  });
});
