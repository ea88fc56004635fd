import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  buildCaseFile,
  hostileRecord,
  tuiRecords,
  type BuiltCase,
} from '../helpers/tui-fixture.js';
import { spawnPty, KEYS, type PtySession } from '../helpers/pty.js';
import { CLI, REPO_ROOT } from '../helpers/run-cli.js';

let cf: BuiltCase;
beforeAll(() => {
  cf = buildCaseFile([...tuiRecords(400), hostileRecord()], REPO_ROOT);
});
afterAll(() => cf?.cleanup());

async function quitAndCheck(t: PtySession, key = 'q'): Promise<void> {
  t.write(key);
  const { exitCode } = await t.exited;
  expect(exitCode).toBe(0);
  expect(t.inAltScreen()).toBe(false);
  expect(t.cursorVisible()).toBe(true);
}

describe('TUI in a pseudo-terminal', () => {
  it('walks through scroll, filter error, fuzzy search, drill-down, pivot, breadcrumbs, compare, export, resize, quit', async () => {
    const t = spawnPty(['open', '--db', cf.db], { cols: 80, rows: 24 });
    // a loaded machine can take seconds to load modules before the first frame
    let s = await t.waitFor('401 events', 25_000);
    expect(t.inAltScreen()).toBe(true);
    expect(t.rows().length).toBe(24);
    // the frame is one line short of the screen: no full clears
    expect(t.rows()[23]).toBe('');

    t.write('jj');
    await t.waitFor('3/401');

    t.write('/');
    await t.waitFor('search:');
    t.write('olvia');
    s = await t.waitFor(/user\s+olivia\s+\d+/);
    t.write(KEYS.enter);
    s = await t.waitFor(/filter: (user|arn):\S*olivia/);

    t.write('f');
    await t.waitFor('filter:');
    t.write(KEYS.ctrlU + 'nme:GetObject user:olivia\r');
    s = await t.waitFor('unknown field "nme"');
    expect(s).toContain('did you mean "name"');
    expect(s).toMatch(/\n\s+\^\^\^/);
    t.write(KEYS.tab + KEYS.enter);
    s = await t.waitFor(/filter: name:GetObject user:olivia\s/);
    // the rows first, the count right after
    s = await t.waitFor('40 events of 401');

    t.write(KEYS.enter);
    // the whole section, not its heading: a loaded machine delivers a frame in several writes
    s = await t.waitFor(/── Identity[\s\S]*access key\s+AKIAUSER/);
    expect(s).toMatch(/access key\s+AKIAUSER/);
    t.write('1');
    s = await t.waitFor(/› access key AKIAUSER\d+/);
    expect(s).toMatch(/filter: key:AKIAUSER\d+/);
    expect(s.split('\n')[0]).toMatch(/^Events › GetObject \S+ › access key/);
    t.write('q');
    await t.waitFor(
      (x) =>
        x.split('\n')[0]!.startsWith('Events › GetObject') &&
        !x.split('\n')[0]!.includes('access key'),
    );
    t.write(KEYS.escape);
    s = await t.waitFor((x) => /^Events\s*$/.test(x.split('\n')[0]!));

    t.write(' j C');
    s = await t.waitFor(/2 events · \d+ of \d+ fields differ/);
    expect(s).toContain('≠ eventID');
    t.write('q');
    await t.waitFor(/filter: name:GetObject/);

    t.write('x');
    await t.waitFor('export');
    t.write(KEYS.enter);
    s = await t.waitFor(/exported \d+ events to/);
    const n = Number(/exported (\d+) events/.exec(s)![1]);
    const file = readdirSync(cf.dir).find((f) => f.startsWith('trailscope-export-'));
    expect(file).toBeDefined();
    const lines = readFileSync(join(cf.dir, file!), 'utf8').trim().split('\n');
    expect(lines.length).toBe(n);
    expect(JSON.parse(lines[0]!).eventName).toBe('GetObject');

    t.resize(120, 30);
    s = await t.waitFor((x) => x.split('\n')[3]!.length > 80);
    expect(s).toContain('error');
    t.resize(60, 15);
    // the redraw after a resize can reach the terminal in more than one write: wait for all of it
    // (the writer may blank the last row with spaces rather than leave it untouched: both are blank)
    s = await t.waitFor(
      (x) =>
        x.split('\n').every((r) => r.length <= 60) &&
        /filter: name:GetObject/.test(x) &&
        t.rows()[14]!.trim() === '',
    );
    expect(t.rows()[14]!.trim()).toBe('');

    t.write('q');
    await quitAndCheck(t, '');
  }, 90_000);

  it('runs keys typed ahead in one chunk (Enter q, Enter 1) against the view the previous key opened', async () => {
    const t = spawnPty(['open', '--db', cf.db], { cols: 80, rows: 24 });
    let exited = false;
    void t.exited.then(() => (exited = true));
    await t.waitFor('401 events', 25_000);
    t.write('f');
    await t.waitFor('filter:');
    t.write(KEYS.ctrlU + 'name:GetObject\r');
    await t.waitFor(/\d+ events of 401/);

    // one write, as a fast typist over SSH or a paste delivers it
    t.write(KEYS.enter + 'q');
    let s = await t.settle(300);
    expect(exited).toBe(false);
    expect(s.split('\n')[0]).toMatch(/^Events\s*$/);
    expect(s).toMatch(/filter: name:GetObject/);

    t.write(KEYS.enter + '1');
    s = await t.waitFor(/› access key AKIAUSER\d+/);
    expect(s).toMatch(/filter: key:AKIAUSER\d+/);

    // back, back, and quit at the top: all in one chunk
    t.write('qqq');
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(0);
    expect(t.inAltScreen()).toBe(false);
  }, 60_000);

  it('Ctrl-C quits from a nested view; SIGTERM and SIGINT also restore the terminal', async () => {
    const t = spawnPty(['open', '--db', cf.db]);
    await t.waitFor('401 events', 25_000);
    t.write(KEYS.enter);
    await t.waitFor('── Identity');
    await quitAndCheck(t, KEYS.ctrlC);

    const u = spawnPty(['open', '--db', cf.db]);
    await u.waitFor('401 events', 25_000);
    u.kill('SIGTERM');
    await u.exited;
    expect(u.inAltScreen()).toBe(false);
    expect(u.cursorVisible()).toBe(true);

    const v = spawnPty(['open', '--db', cf.db]);
    await v.waitFor('401 events', 25_000);
    v.kill('SIGINT');
    await v.exited;
    expect(v.inAltScreen()).toBe(false);
    expect(v.cursorVisible()).toBe(true);
  }, 60_000);

  it('shows hostile evidence inert: no clipboard write, bell, title change or screen clear', async () => {
    const t = spawnPty(['open', '--db', cf.db], { cols: 120, rows: 30 });
    await t.waitFor('401 events', 25_000);
    t.write('f');
    t.write('id:00000000-0000-4000-8000-99999999999a\r');
    let s = await t.waitFor('1/1');
    expect(s).toContain('Evil\\e]52;c;');
    t.write(KEYS.enter);
    s = await t.waitFor('── Identity');
    expect(s).toContain('mall\\e[2J\\e[31mory');
    expect(s).toContain('Evil\\e]52;c;ZXZpbA==\\x07Name');
    expect(s).toContain('ua\\x08\\x08XX\\rHIDDEN\\u{202e}gnp.exe\\u{200b}\\e[?1049l');
    expect(t.raw()).not.toContain('\u001b]52');
    expect(t.raw()).not.toContain('\u202e');
    expect(t.raw()).not.toContain('\u001b[2J\u001b[31m');
    expect(t.bells()).toBe(0);
    expect(t.inAltScreen()).toBe(true);
    await quitAndCheck(t, KEYS.ctrlC);
  }, 60_000);

  it('does not start without a terminal and points to query', () => {
    const r = spawnSync(process.execPath, [CLI, 'open', '--db', cf.db], {
      encoding: 'utf8',
      input: '',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('trailscope query');
    expect(existsSync(cf.db)).toBe(true);
  });
});
