import { afterEach, describe, expect, it } from 'vitest';
import { renderApp, KEY, type RenderedApp } from './render-app.js';
import { reportCase } from '../helpers/report-case.js';
import { tuiRegistry } from '../../src/tui/shell/features.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const RIGHT = '\u001b[C';

describe('TUI coverage view (v)', () => {
  it('draws the account × region × hour grid, explains the cell under the cursor, and Enter lists its events', async () => {
    app = await renderApp(reportCase(), { columns: 120, rows: 24 });
    let f = await app.press('v');
    expect(f).toMatch(/by hour · 2024-04-11 10:00 → 14:00 · /);
    expect(f).toMatch(/111122223333 eu-west-1 +\.\.o\./);
    expect(f).toMatch(/111122223333 us-east-1 +XXG!/);
    // the first row, first cell: no events there, and that alone is not blind
    expect(f).toMatch(/2024-04-11 10:00 \+1h · 0 events, 0 files, digest none/);
    expect(f).toContain('no events here (that alone is not blind)');
    f = await app.press(KEY.down, RIGHT);
    expect(f).toMatch(
      /2024-04-11 11:00 \+1h · 1 events, 0 files, digest digested · logging-stopped/,
    );
    expect(f).toContain('StopLogging on trail main succeeded');
    f = await app.press(RIGHT);
    expect(f).toContain('gap: the next digest names');
    f = await app.press(RIGHT);
    expect(f).toMatch(/2024-04-11 13:00 \+1h · 1 events, 0 files, digest problem/);
    f = await app.press(KEY.enter);
    expect(f).toContain(
      'filter: recipient:111122223333 region:us-east-1 after:2024-04-11T13:00:00Z',
    );
    expect(f).toMatch(/1 events? of 8/);
    expect(f).toContain('DescribeInst');
    expect(f).not.toContain('StopLogging');
  });

  it('zooms out to days and back to hours', async () => {
    app = await renderApp(reportCase(), { columns: 120, rows: 24 });
    await app.press('v');
    let f = await app.press('-');
    expect(f).toMatch(/by day · 2024-04-11 00:00 → 04-12 00:00 · /);
    expect(f).toMatch(/111122223333 us-east-1 +X/);
    f = await app.press('+');
    expect(f).toMatch(/by hour/);
  });

  it('v is free in every scope it is global in (no other command binds it)', () => {
    const v = tuiRegistry().keymap.all.filter((c) => c.keys.includes('v'));
    expect(v.map((c) => c.id)).toEqual(['triage.coverage']);
  });
});
