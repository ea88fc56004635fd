// `trailscope PATH` opens the TUI while it indexes (#10): events on screen before the run ends, a
// progress line, derived views "computing…" until the end, the files view, the run's exit status
// after q, and Ctrl-C stopping the run cleanly (the next run resumes with exact counts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { spawnPty, KEYS } from '../helpers/pty.js';
import { CLI, REPO_ROOT } from '../helpers/run-cli.js';

let DEMO: string;
let dir: string;
let broken: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-live-'));
  // eight copies of the demo evidence (6,768 files): long enough a run to be seen while it goes
  // on (three copies took 4.9 s once the parse workers read small files without thread-pool round
  // trips, and a loaded machine started the TUI after the run had ended)
  DEMO = join(dir, 'evidence');
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8])
    cpSync(join(REPO_ROOT, 'demo-data'), join(DEMO, `copy${n}`), { recursive: true });
  broken = join(dir, 'broken');
  mkdirSync(broken);
  const gz = gzipSync(Buffer.from(JSON.stringify({ Records: [{ eventVersion: '1.08' }] })));
  writeFileSync(join(broken, 'cut.json.gz'), gz.subarray(0, gz.length - 9));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a table row's time: month-day, or the whole date where the width leaves room for it (100 columns)
const ROW = /│(\d{4}-)?\d\d-\d\d \d\d:\d\d:\d\d│/;
const INDEXING = /indexing [\d,]+\/[\d,]+ files · [\d,]+ events/;

describe('the TUI while indexing', () => {
  it('shows events before the run ends, then the summary; failed files in I; q exits with the run status', async () => {
    const db = join(dir, 'live.db');
    // a glob that matches nothing is no file: the status line names it (the files view lists files)
    const t = spawnPty([DEMO, broken, join(dir, 'nothing-*.json'), '--db', db], {
      cols: 100,
      rows: 30,
      cwd: REPO_ROOT,
    });
    // rows in the table while the progress line still says the run is going
    const during = await t.waitFor((s) => INDEXING.test(s) && ROW.test(s), 90_000);
    expect(during).toMatch(/newest first · 1\//);
    // a derived view waits for the end of the run
    t.write('n');
    const notable = await t.waitFor(/Notable/, 10_000);
    if (INDEXING.test(notable)) expect(notable).toContain('computing…');
    // every copy's events read (duplicates by event ID are one event in the case file)
    const end = await t.waitFor(
      /indexed [\d,]+ events; 1 file\(s\) failed \(I lists them\); 1 path\(s\) given not read/,
      180_000,
    );
    expect(end).not.toMatch(INDEXING);
    // the notable view became the real one
    await t.waitFor(/rules? matched/, 20_000);
    t.write('q');
    t.write('I');
    await t.waitFor(/broken\/cut/, 20_000);
    t.write('p');
    const problems = await t.waitFor(/[\d,]+ files? with a problem/, 10_000);
    expect(problems).toMatch(/failed/);
    t.write('q');
    t.write('q');
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(1);
    expect(t.inAltScreen()).toBe(false);
    // what the run could not use stays on the screen after the TUI
    expect(t.screen()).toMatch(/1 file\(s\) failed/);
    expect(t.screen()).toMatch(/not read: .*nothing-\*\.json: glob matched nothing/);
  }, 300_000);

  it('q while indexing asks first; Ctrl-C stops the run, exits 130, and the next run finishes with exact counts', async () => {
    const db = join(dir, 'stopped.db');
    const t = spawnPty([DEMO, '--db', db], { cols: 100, rows: 30, cwd: REPO_ROOT });
    await t.waitFor((s) => INDEXING.test(s) && ROW.test(s), 90_000);
    t.write('q');
    await t.waitFor(/q stops it and quits, Esc stays/, 10_000);
    t.write(KEYS.escape);
    await t.waitFor((s) => !s.includes('q stops it and quits'), 10_000);
    t.write(KEYS.ctrlC);
    const { exitCode } = await t.exited;
    // stopped mid-run (130); on a fast machine the run may have ended first (0)
    expect([130, 0]).toContain(exitCode);
    expect(t.inAltScreen()).toBe(false);
    const again = spawnSync(process.execPath, [CLI, 'index', DEMO, '--db', db, '--json'], {
      encoding: 'utf8',
    });
    expect(again.status).toBe(0);
    const count = spawnSync(process.execPath, [CLI, 'stats', '--db', db, '--json'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(count.stdout).events ?? JSON.parse(count.stdout).total).toBe(20751);
  }, 300_000);
});
