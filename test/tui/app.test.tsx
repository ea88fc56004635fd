import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { tuiRecords, hostileRecord } from '../helpers/tui-fixture.js';
import { renderApp, KEY, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const lines = (f: string) => f.split('\n');

describe('TUI app', () => {
  it('shows the header, the table and the hints within rows-1 lines', async () => {
    app = await renderApp(caseFileWith(tuiRecords(120)), { columns: 80, rows: 24 });
    const f = app.frame();
    expect(lines(f).length).toBeLessThanOrEqual(23);
    expect(f).toContain('120 events');
    expect(f).toContain('filter: (none: all events)');
    expect(f).toMatch(/time \(UTC\).*event.*who.*source IP/);
    expect(f).toContain('Enter open');
    expect(f).toContain('1/120');
    // q quits at the top and goes back elsewhere: the hint bar says which
    expect(lines(f).at(-1)).toMatch(/\bq quit\s*$/);
    const detail = await app.press(KEY.enter);
    expect(lines(detail).at(-1)).toMatch(/\bq back\s*$/);
  });

  it('scrolls with j / arrows / G / g and keeps the position in the header', async () => {
    app = await renderApp(caseFileWith(tuiRecords(120)), { columns: 80, rows: 24 });
    expect(await app.press('j', 'j', KEY.down)).toContain('4/120');
    expect(await app.press('G')).toContain('120/120');
    expect(await app.press('k')).toContain('119/120');
    expect(await app.press('g')).toContain('1/120');
    const paged = await app.press(KEY.pageDown);
    expect(paged).toMatch(/\b1[0-9]\/120/);
  });

  it('shows a filter error with its position and suggestion, then applies the fix', async () => {
    app = await renderApp(caseFileWith(tuiRecords(120)), { columns: 80, rows: 24 });
    await app.press('f');
    let f = await app.press('nme:AssumeRole', KEY.enter);
    expect(f).toContain('unknown field "nme"');
    expect(f).toContain('did you mean "name"');
    expect(f).toMatch(/\n\s+\^\^\^/);
    f = await app.press(KEY.tab, KEY.enter);
    expect(f).toContain('filter: name:AssumeRole');
    expect(f).toMatch(/\d+ events of 120/);
    expect(f).not.toContain('DescribeInstances');
  });

  it('fuzzy search finds AssumeRole from "asumrol" and Enter filters on it', async () => {
    app = await renderApp(caseFileWith(tuiRecords(120)), { columns: 100, rows: 30 });
    await app.press('/');
    let f = await app.press('asumrol');
    expect(f).toContain('AssumeRole');
    expect(f).toContain('AssumeRoleWithSAML');
    f = await app.press(KEY.enter);
    expect(f).toMatch(/filter: name:AssumeRole(WithSAML)?\b/);
  });

  it('drills into an event, pivots on its access key, and backs out with breadcrumbs', async () => {
    app = await renderApp(caseFileWith(tuiRecords(120)), { columns: 100, rows: 30 });
    let f = await app.press(KEY.enter);
    expect(f).toContain('── Identity');
    expect(f).toContain('access key');
    expect(f).toMatch(/long-term key \(AKIA\)|temporary key \(ASIA\)/);
    f = await app.press('1');
    expect(lines(f)[0]).toMatch(/^Events › \S+ .* › access key A[KS]IA/);
    expect(f).toContain('filter: key:A');
    f = await app.press('q');
    expect(f).toContain('── Identity');
    f = await app.press(KEY.escape);
    expect(lines(f)[0]).toMatch(/^Events\s*$/);
    await app.press('q');
    expect(app.quit.called).toBe(true);
  });

  it('marks two events and compares them, highlighting differing fields', async () => {
    app = await renderApp(caseFileWith(tuiRecords(40)), { columns: 100, rows: 30 });
    await app.press(' ', 'j', ' ');
    expect(app.frame()).toContain('2 marked');
    const f = await app.press('C');
    expect(f).toMatch(/2 events · \d+ of \d+ fields differ/);
    expect(f).toContain('≠ eventID');
  });

  it('sorts oldest first with s and hides a column with c', async () => {
    app = await renderApp(caseFileWith(tuiRecords(30)), { columns: 100, rows: 30 });
    const firstTime = (f: string) =>
      /\d\d-\d\d \d\d:\d\d:\d\d/.exec(f.split('\n').slice(5).join('\n'))?.[0];
    const newest = firstTime(app.frame());
    let f = await app.press('s');
    expect(f).toContain('oldest first');
    expect(firstTime(f)).not.toBe(newest);
    expect(f).toContain('source IP');
    await app.press('c');
    // the chooser lists columns in table order; move to "source IP" and toggle it off
    f = await app.press('j', 'j', 'j', ' ');
    expect(f).toMatch(/\[ \] source IP/);
    f = await app.press(KEY.enter);
    expect(f).not.toContain('source IP');
    expect(f).toContain('event');
  });

  it('folds, expands and searches the original record in the detail view', async () => {
    app = await renderApp(caseFileWith(tuiRecords(12)), { columns: 100, rows: 60 });
    let f = await app.press(KEY.enter);
    expect(f).toContain('── Original record');
    expect(f).toMatch(/▾ userIdentity: \{…\} \d+ keys/);
    f = await app.press('E');
    expect(f).toMatch(/▸ \{…\} \d+ keys/);
    expect(f).not.toContain('eventVersion: "1.08"');
    f = await app.press('/');
    f = await app.press('recipientAccountId', KEY.enter);
    expect(f).toContain('match 1 of 1');
    expect(f).toContain('recipientAccountId: "111122223333"');
    f = await app.press('e');
    expect(f).toContain('eventVersion: "1.08"');
  });

  it('keeps the record cursor and window within the lines after collapse all and a search', async () => {
    app = await renderApp(caseFileWith(tuiRecords(12)), { columns: 80, rows: 24 });
    // 24 rows: breadcrumbs, the detail header, 19 body lines, status, hints
    const body = (f: string) => lines(f).slice(2, 21);
    const pos = (f: string) => {
      const m = /line (\d+)\/(\d+)/.exec(lines(f)[1]!)!;
      return { line: Number(m[1]), of: Number(m[2]) };
    };
    await app.press(KEY.enter);
    let f = await app.press('e', 'G');
    const expandedEnd = pos(f);
    expect(expandedEnd.line).toBe(expandedEnd.of);
    f = await app.press('E');
    const collapsed = pos(f);
    expect(collapsed.of).toBeLessThan(expandedEnd.of);
    expect(collapsed.line).toBeLessThanOrEqual(collapsed.of);
    expect(body(f).every((l) => l.trim() !== '')).toBe(true);
    expect(f).toMatch(/▸ \{…\} \d+ keys/);

    // a match on the last line: the window ends at the last line, not past it
    await app.press('/');
    f = await app.press('eventCategory', KEY.enter);
    expect(f).toContain('match 1 of 1');
    expect(pos(f).line).toBe(pos(f).of);
    expect(body(f).every((l) => l.trim() !== '')).toBe(true);
    expect(body(f)[18]).toContain('eventCategory: "Management"');

    // the cursor is on the matched line (the key-use note wraps to two lines at 80 columns)
    f = await app.press('E', '/');
    f = await app.press('\u0015userIdentity', KEY.enter);
    expect(f).toMatch(/▸ userIdentity: \{…\}/);
    f = await app.press(KEY.enter);
    expect(f).toMatch(/▾ userIdentity: \{…\}/);
  });

  it('pivots to a role session (principal + session creation time) with a pinned filter', async () => {
    app = await renderApp(caseFileWith(tuiRecords(40)), { columns: 110, rows: 30 });
    await app.press('f');
    let f = await app.press('type:AssumedRole', KEY.enter);
    expect(f).toContain('filter: type:AssumedRole');
    f = await app.press(KEY.enter, '4');
    expect(f.split('\n')[0]).toMatch(/› session of AROAEXAMPLE\S*/);
    expect(f).toMatch(/filter: \[session AROAEXAMPLE\S* @ 2024-04-11T00:00:00Z\]/);
    expect(f).toMatch(/\d+ events of 40/);
  });

  it('shows help generated from the registry', async () => {
    app = await renderApp(caseFileWith(tuiRecords(10)), { columns: 100, rows: 40 });
    const f = await app.press('?');
    expect(f).toContain('In this view (events)');
    expect(f).toContain('fuzzy search values');
    expect(f).toContain('Everywhere');
  });

  it('jumps to the end and the start of help with G/End and g/Home', async () => {
    app = await renderApp(caseFileWith(tuiRecords(10)), { columns: 100, rows: 20 });
    let f = await app.press('?');
    expect(f).toContain('In this view (events)');
    f = await app.press('G');
    expect(f).not.toContain('In this view (events)');
    const end = f;
    // the last help line is on screen, and j cannot scroll further
    expect(await app.press('j')).toBe(end);
    f = await app.press('g');
    expect(f).toContain('In this view (events)');
    f = await app.press('\u001b[F');
    expect(f).toBe(end);
    f = await app.press('\u001b[H');
    expect(f).toContain('In this view (events)');
  });

  it('runs keys typed ahead in one chunk against the view the previous key opened', async () => {
    app = await renderApp(caseFileWith(tuiRecords(40)), { columns: 100, rows: 30 });
    // Enter and q in one chunk: open the event, then back to the list (not quit from the list)
    let f = await app.press(KEY.enter + 'q');
    expect(app.quit.called).toBe(false);
    expect(lines(f)[0]).toMatch(/^Events\s*$/);
    expect(f).toContain('1/40');
    // Enter then the pivot key: the pivot runs in the detail view that Enter opened
    f = await app.press(KEY.enter + '1');
    expect(lines(f)[0]).toMatch(/^Events › \S+ .* › access key A[KS]IA/);
    // a longer burst across three views: back twice, then down in the root list
    f = await app.press('qqj');
    expect(lines(f)[0]).toMatch(/^Events\s*$/);
    expect(f).toContain('2/40');
    expect(app.quit.called).toBe(false);
    // the same burst ends in quit only when the last q is pressed at the top
    await app.press(KEY.enter + 'qq');
    expect(app.quit.called).toBe(true);
  });

  it('renders hostile evidence inert', async () => {
    app = await renderApp(caseFileWith([ctEvent(), hostileRecord()]), { columns: 120, rows: 30 });
    let f = app.frame();
    expect(f).not.toMatch(/\u001b\]52|\u0007|\u0008|\u202e|\u200b/);
    expect(f).toContain('Evil\\e]52;c;');
    f = await app.press(KEY.enter);
    expect(f).not.toMatch(/\u001b\]52|\u0007|\u0008|\u202e|\u200b|\u001b\[2J/);
    expect(f).toContain('mall\\e[2J\\e[31mory');
  });
});
