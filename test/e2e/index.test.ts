// The built CLI's `index`: summary, --json, exit statuses, the default-db notice, a progress bar on
// a terminal, and kill -9 in the middle of a run followed by a run that finishes with exact counts.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';

// many CLI runs per test: on a 2-core machine running the suite's files side by side they take
// tens of seconds (these are correctness tests; speed is measured by npm run bench)
vi.setConfig({ testTimeout: 120_000 });
import { CLI, runCli } from '../helpers/run-cli.js';
import { ctEvent } from '../helpers/case-file.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: number, perFile: number): string {
  const root = join(dir, 'evidence');
  for (let f = 0; f < files; f++) {
    const d = join(
      root,
      'AWSLogs',
      '111122223333',
      'CloudTrail',
      'us-east-1',
      '2024',
      '04',
      String(1 + (f % 28)).padStart(2, '0'),
    );
    mkdirSync(d, { recursive: true });
    const recs = Array.from({ length: perFile }, (_, i) =>
      ctEvent({
        eventID: `e2e-${f}-${i}`,
        requestParameters: { bucketName: `b${i % 7}`, key: `k/${f}/${i}` },
      }),
    );
    writeFileSync(
      join(d, `111122223333_CloudTrail_us-east-1_${String(f).padStart(5, '0')}.json.gz`),
      gzipSync(JSON.stringify({ Records: recs })),
    );
  }
  return root;
}

function counts(db: string): { events: number; prov: number; indexed: number; integrity: string } {
  const h = new BetterSqlite3(db, { readonly: true });
  try {
    return {
      events: h.prepare('SELECT count(*) FROM events').pluck().get() as number,
      prov: h.prepare('SELECT count(*) FROM provenance').pluck().get() as number,
      indexed: h
        .prepare("SELECT count(*) FROM files WHERE status = 'indexed'")
        .pluck()
        .get() as number,
      integrity: h.pragma('integrity_check', { simple: true }) as string,
    };
  } finally {
    h.close();
  }
}

/** Distinct eventIDs, whether their unique index exists, and whether a run still holds the case. */
function eventIds(db: string): { distinct: number; index: boolean; held: boolean } {
  const h = new BetterSqlite3(db, { readonly: true });
  try {
    return {
      distinct: h.prepare('SELECT count(DISTINCT event_id) FROM events').pluck().get() as number,
      index:
        h.prepare("SELECT 1 FROM sqlite_master WHERE name = 'ev_event_id'").get() !== undefined,
      held: h.prepare("SELECT 1 FROM meta WHERE key = 'index_run'").get() !== undefined,
    };
  } finally {
    h.close();
  }
}

describe('trailscope index (built CLI)', () => {
  it('prints a summary, --json, and exit statuses 0 / 1 / 2; says when it uses ./trailscope.db', () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-e2e-index-'));
    const root = tree(3, 5);
    const first = runCli(['index', root], { cwd: dir });
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/using .*trailscope\.db/);
    expect(first.stdout).toMatch(/3 found: 3 indexed/);
    expect(first.stdout).toMatch(/15 read, 15 added, 0 duplicates/);
    expect(existsSync(join(dir, 'trailscope.db'))).toBe(true);

    writeFileSync(
      join(root, 'broken.json.gz'),
      gzipSync(JSON.stringify({ Records: [ctEvent()] })).subarray(0, 20),
    );
    const again = runCli(['index', root, '--json'], { cwd: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).not.toMatch(/using/);
    const s = JSON.parse(again.stdout);
    expect(s.files).toMatchObject({ found: 4, skippedUnchanged: 3, failed: 1 });
    expect(s.failed[0].reason).toMatch(/truncated gzip/);
    expect(s.events.total).toBe(15);

    const db = join(dir, 'other.db');
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const nothing = runCli(['index', join(dir, 'notes.txt'), '--db', db]);
    expect(nothing.status).toBe(2);
    expect(nothing.stdout).toMatch(
      /Not CloudTrail \(1\):\n.*notes\.txt: text that is neither JSON nor CSV/,
    );
    expect(runCli(['index', join(dir, 'missing'), '--db', db]).status).toBe(2);
    expect(runCli(['index']).status).toBe(2);
    expect(nothing.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace
  });

  it('exits 1, not 2, when every file failed but the records before the damage were indexed', () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-e2e-index-'));
    const recs = Array.from({ length: 3000 }, (_, i) =>
      ctEvent({ eventID: `trunc-${i}`, requestParameters: { n: i, pad: 'p'.repeat(i % 97) } }),
    );
    const gz = gzipSync(JSON.stringify({ Records: recs }));
    writeFileSync(join(dir, 'a.json.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const r = runCli(['index', join(dir, 'a.json.gz'), '--db', join(dir, 'case.db'), '--json']);
    const s = JSON.parse(r.stdout);
    expect(s.files).toMatchObject({ indexed: 0, failed: 1 });
    expect(s.events.added).toBeGreaterThan(0);
    expect(r.status).toBe(1);
  });

  it("a record too large for a parse worker's heap cap fails only its file (no crash, exit 1)", () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-e2e-index-'));
    const root = tree(2, 5);
    // ~4 MB of small keys: tens of MB of heap once parsed, far over a 16 MB cap
    const keys: Record<string, string> = {};
    for (let i = 0; i < 200_000; i++) keys[`key${i}`] = `val${i}`;
    writeFileSync(
      join(root, 'huge.json'),
      JSON.stringify({ Records: [ctEvent({ eventID: 'huge', requestParameters: keys })] }),
    );
    const r = runCli(['index', root, '--db', join(dir, 'case.db'), '--json'], {
      env: { TRAILSCOPE_INGEST_LIMITS: '{"workerHeapMb":16}' },
    });
    expect(r.status).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s.files).toMatchObject({ indexed: 2, failed: 1 });
    expect(s.failed[0].reason).toMatch(/too large to parse within the parser's 16 MB heap/);
    expect(s.events.added).toBe(10);
  });

  it('draws a progress bar on a terminal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-e2e-index-'));
    const root = tree(4, 5);
    const pty = await import('node-pty');
    const term = pty.spawn(process.execPath, [CLI, 'index', root, '--db', join(dir, 'case.db')], {
      cols: 100,
      rows: 24,
      env: { ...process.env, NO_COLOR: '1' } as Record<string, string>,
    });
    let out = '';
    term.onData((d) => (out += d));
    const code = await new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    expect(code).toBe(0);
    expect(out).toMatch(/finding files…|\[[#-]+\] \d+\/4 files/);
    expect(out).toMatch(/Indexed into/);
  });

  it('survives kill -9 mid-run; the next run finishes with exact counts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-e2e-index-'));
    const files = 300;
    const per = 200;
    const root = tree(files, per);
    // every tenth file twice, under another name: duplicates on both sides of the kill, found
    // through the in-memory table of event IDs before it, through the rebuilt one after it
    const copies = join(root, 'copies');
    mkdirSync(copies);
    const originals = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.json.gz'),
    );
    const twice = originals.filter((_, i) => i % 10 === 0);
    twice.forEach((f, i) => cpSync(join(root, f), join(copies, `copy-${i}.json.gz`)));
    const copied = twice.length;
    const db = join(dir, 'case.db');
    const child = spawn(process.execPath, [CLI, 'index', root, '--db', db], { stdio: 'ignore' });
    // wait until some files are committed, then kill without warning
    const deadline = Date.now() + 30_000;
    let seen = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(db)) continue;
      try {
        seen = counts(db).indexed;
      } catch {
        continue; // schema not created yet
      }
      if (seen >= 5) break;
    }
    const killedMidRun = child.exitCode === null;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const mid = counts(db);
    expect(mid.integrity).toBe('ok');
    if (killedMidRun) expect(mid.indexed).toBeLessThan(files);

    const resumed = runCli(['index', root, '--db', db, '--json']);
    expect(resumed.status).toBe(0);
    const s = JSON.parse(resumed.stdout);
    expect(s.files.skippedUnchanged + s.files.indexed).toBe(files + copied);
    const end = counts(db);
    expect(end).toEqual({
      events: files * per,
      prov: (files + copied) * per,
      indexed: files + copied,
      integrity: 'ok',
    });
    // one row per eventID, the unique index back in place, the case file let go of
    expect(eventIds(db)).toEqual({ distinct: files * per, index: true, held: false });
  });
  it('two runs on one case file at once: the second waits, and every event is stored once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-e2e-index-'));
    const files = 120;
    const per = 200;
    const root = tree(files, per);
    const db = join(dir, 'case.db');
    const run = () =>
      new Promise<number | null>((done) => {
        const child = spawn(process.execPath, [CLI, 'index', root, '--db', db], {
          stdio: 'ignore',
        });
        child.once('exit', (code) => done(code));
      });
    // the second starts while the first loads without the unique index
    const first = run();
    await new Promise((r) => setTimeout(r, 400));
    const codes = await Promise.all([first, run()]);
    expect(codes).toEqual([0, 0]);
    const end = counts(db);
    expect(end).toEqual({
      events: files * per,
      prov: files * per,
      indexed: files,
      integrity: 'ok',
    });
    expect(eventIds(db)).toEqual({ distinct: files * per, index: true, held: false });
  });

  it('stops cleanly on Ctrl-C (SIGINT) with status 130; the next run finishes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-e2e-index-'));
    const files = 200;
    const per = 200;
    const root = tree(files, per);
    const db = join(dir, 'case.db');
    const child = spawn(process.execPath, [CLI, 'index', root, '--db', db], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        if (existsSync(db) && counts(db).indexed >= 3) break;
      } catch {
        // schema not there yet
      }
    }
    const stoppedMidRun = child.exitCode === null;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    if (stoppedMidRun) {
      expect(code).toBe(130);
      expect(stderr).toMatch(/stopping after the current batch/);
    }
    expect(stderr).not.toMatch(/\bat \w+ \(/);
    expect(counts(db).integrity).toBe('ok');
    const resumed = runCli(['index', root, '--db', db, '--json']);
    expect(resumed.status).toBe(0);
    expect(counts(db)).toEqual({
      events: files * per,
      prov: files * per,
      indexed: files,
      integrity: 'ok',
    });
  });
});
