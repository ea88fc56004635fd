import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { tuiRecords } from '../helpers/tui-fixture.js';
import { renderApp, KEY, type RenderedApp } from './render-app.js';
import { evaluateNotable } from '../../src/case/notable/evaluate.js';
import type { Database } from '../../src/store/db.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

/** The TUI fixture (its own event IDs) plus a StopLogging by root and a burst of GetObject, evaluated as an index run would. */
function triageCase(): Database {
  const burst = Array.from({ length: 45 }, (_, i) =>
    ctEvent({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventTime: `2024-04-12T22:00:${String(i).padStart(2, '0')}Z`,
      eventID: `burst-${i}`,
    }),
  );
  const db = caseFileWith([
    ...tuiRecords(200),
    ctEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventTime: '2024-04-12T23:00:00Z',
      readOnly: false,
      eventID: 'stop-1',
      userIdentity: {
        type: 'Root',
        principalId: '111122223333',
        arn: 'arn:aws:iam::111122223333:root',
        accountId: '111122223333',
      },
    }),
    ...burst,
  ]);
  evaluateNotable(db);
  return db;
}

const lines = (f: string) => f.split('\n');

describe('TUI triage views', () => {
  it('marks notable rows in the table and explains the rules in the detail', async () => {
    app = await renderApp(triageCase(), { columns: 120, rows: 30 });
    const f = app.frame();
    const stop = lines(f).find((l) => l.includes('StopLogging'))!;
    expect(stop).toContain('★');
    const plain = lines(f).find((l) => l.includes('GetObject'))!;
    expect(plain).not.toContain('★');
    const detail = await app.press('f', 'name:StopLogging', KEY.enter, KEY.enter);
    expect(detail).toContain('Notable: rules matched');
    expect(detail).toContain('StopLogging called');
  });

  it("n lists rules with distinct-event counts, outcomes and who, most severe first; s cycles the sort; Enter lists the rule's events", async () => {
    app = await renderApp(triageCase(), { columns: 140, rows: 30 });
    let f = await app.press('n');
    expect(f).toMatch(
      /rules? matched \d+ distinct events? \(\d+ succeeded\) · all events · by severity \(s\)/,
    );
    expect(f).toContain('WHO');
    const ruleLines = lines(f).filter((l) =>
      /^\s*(critical|high|medium|low|info)\s/.test(l.replace(/^[^a-z]*/, '')),
    );
    expect(ruleLines.length).toBeGreaterThan(1);
    // most severe first: the critical StopLogging before the medium CreateUser
    const iStop = f.indexOf('StopLogging called');
    const iUser = f.indexOf('CreateUser called');
    expect(iStop).toBeGreaterThan(-1);
    expect(iUser).toBeGreaterThan(iStop);
    expect(lines(f).find((l) => l.includes('StopLogging called'))).toMatch(/1 \(1 succeeded\)/);
    f = await app.press('s');
    expect(f).toContain('by count (s)');
    f = await app.press('s');
    expect(f).toContain('by first (s)');
    expect(f).toContain('FIRST SEEN (UTC)');
    f = await app.press('s', 's');
    expect(f).toContain('by severity (s)');
    f = await app.press(KEY.enter);
    expect(f).toContain('notable: ');
    expect(lines(f).length).toBeLessThanOrEqual(29);
  });

  it('i shows the burst window with baseline and observed rate; Enter filters to it', async () => {
    app = await renderApp(triageCase(), { columns: 140, rows: 30 });
    let f = await app.press('i');
    expect(f).toContain('anomalous windows');
    expect(f).toContain('GetObject');
    expect(f).toMatch(/calls\/min [\d.]+ → \d+/);
    f = await app.press(KEY.enter);
    expect(f).toContain('filter: name:GetObject after:2024-04-12T22:00Z before:2024-04-12T22:01Z');
    expect(f).toContain('45 events');
  });

  it('h draws the timeline; zoom changes the bucket size; Enter narrows the filter to the bucket', async () => {
    app = await renderApp(triageCase(), { columns: 100, rows: 30 });
    let f = await app.press('h');
    expect(f).toMatch(/\d+[smhd] buckets/);
    expect(f).toContain('◆ notable');
    expect(f).toContain('▲');
    // the burst's 45 GetObject calls share one bucket
    expect(Number(/tallest ([\d,]+)/.exec(f)![1].replace(',', ''))).toBeGreaterThanOrEqual(45);
    // an axis with times under the chart
    expect(f).toMatch(/╵(\d\d-\d\d )?\d\d:\d\d/);
    const before = /(\w+) buckets/.exec(f)![1];
    f = await app.press('+');
    const after = /(\w+) buckets/.exec(f)![1];
    expect(after).not.toBe(before);
    f = await app.press('0');
    expect(/(\w+) buckets/.exec(f)![1]).toBe(before);
    f = await app.press(KEY.enter);
    expect(f).toMatch(/filter: after:\S+ before:\S+/);
  });

  it('F opens value counts; Enter keeps one value, - excludes it, ←/→ change column', async () => {
    app = await renderApp(triageCase(), { columns: 100, rows: 30 });
    let f = await app.press('F');
    expect(f).toContain('◀ event name ▶');
    expect(f).toMatch(/GetObject/);
    f = await app.press(KEY.enter);
    expect(f).toMatch(/filter: name:\S+/);
    await app.press(KEY.escape);
    f = await app.press('-');
    expect(f).toMatch(/filter: -name:\S+/);
    await app.press(KEY.escape);
    f = await app.press('\u001b[C');
    expect(f).toContain('◀ identity ▶');
  });
});
