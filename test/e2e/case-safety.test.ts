// The case file under attack, end to end through the built CLI: foreign files refused untouched
// by every command, read-only storage, the default case file kept out of the evidence, rebuilds
// that cannot lose the old case file, outputs that cannot land on it.
import BetterSqlite3 from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// many CLI runs per test: on a 2-core machine running the suite's files side by side they take
// tens of seconds (these are correctness tests; speed is measured by npm run bench)
vi.setConfig({ testTimeout: 120_000 });
import { CLI, runCli, type CliResult } from '../helpers/run-cli.js';
import { ctEvent } from '../helpers/case-file.js';
import { guardEvidence, hashTree } from '../helpers/evidence-hash.js';

let root = '';
let evidence = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'trailscope-case-safety-'));
  chmodSync(root, 0o755); // another user (nobody) reads below it in the read-only test
  evidence = join(root, 'evidence', 'AWSLogs');
  mkdirSync(evidence, { recursive: true });
  const records = Array.from({ length: 6 }, (_, i) =>
    ctEvent({ eventID: `ev-${i}`, eventTime: `2024-04-11T10:0${i}:00Z` }),
  );
  writeFileSync(join(evidence, 'a.json'), JSON.stringify({ Records: records }));
});
afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', root]);
  rmSync(root, { recursive: true, force: true });
});

function freshCase(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'case.db');
  const r = runCli(['index', evidence, '--db', db]);
  expect(r.status, r.stderr).toBe(0);
  return db;
}

const READ_COMMANDS: string[][] = [
  ['query'],
  ['stats'],
  ['trace', 'AKIAEXAMPLE'],
  ['notable'],
  ['insights'],
  ['coverage'],
  ['report'],
  ['export', '--out', '-'],
  ['note', '--list'],
  ['rules'],
];

describe('foreign files given as the case file', () => {
  it('every command refuses them untouched (hashes before and after, no -wal/-shm), naming their kind', () => {
    const dir = join(root, 'foreign');
    mkdirSync(dir);
    writeFileSync(join(dir, 'empty.db'), '');
    writeFileSync(
      join(dir, 'photo.jpg'),
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(400, 7)]),
    );
    for (const v of [0, 1, 3, 4]) {
      const h = new BetterSqlite3(join(dir, `History-${v}`));
      h.pragma('journal_mode = WAL');
      h.exec(
        "CREATE TABLE urls (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO urls (url) VALUES ('https://example.com')",
      );
      h.pragma(`user_version = ${v}`);
      h.close();
    }
    const guard = guardEvidence(dir);
    const kinds: Record<string, RegExp> = {
      'empty.db': /empty file/,
      'photo.jpg': /not a SQLite file/,
    };
    const all = [
      ['index', evidence],
      ['index', evidence, '--rebuild'],
      ...READ_COMMANDS,
      ['note', 'ev-1', 'x'],
      ['verify'],
    ];
    // every command on the likeliest foreign files; the writers and a reader on the rest
    const some = [
      ['index', evidence],
      ['index', evidence, '--rebuild'],
      ['query'],
      ['note', 'ev-1', 'x'],
    ];
    for (const name of readdirSync(dir)) {
      const want = kinds[name] ?? /SQLite database that is not a trailscope case file/;
      for (const cmd of name === 'empty.db' || name === 'History-3' ? all : some) {
        const r = runCli([...cmd, '--db', join(dir, name)]);
        expect(r.status, `${cmd.join(' ')} on ${name}: ${r.stderr}`).toBe(2);
        expect(r.stderr, `${cmd.join(' ')} on ${name}`).toMatch(want);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
      // TRAILSCOPE_DB is the same door
      expect(runCli(['stats'], { env: { TRAILSCOPE_DB: join(dir, name) } }).status).toBe(2);
    }
    guard.check();
    expect(readdirSync(dir).sort()).toEqual([
      'History-0',
      'History-1',
      'History-3',
      'History-4',
      'empty.db',
      'photo.jpg',
    ]);
  }, 180_000);
});

describe('reading commands write nothing', () => {
  it('leave the case file and its folder exactly as they were', () => {
    const db = freshCase('reads');
    const guard = guardEvidence(join(root, 'reads'));
    for (const cmd of READ_COMMANDS) {
      const r = runCli([...cmd, '--db', db]);
      expect([0, 1], `${cmd.join(' ')}: ${r.stderr}`).toContain(r.status);
    }
    guard.check();
  });

  it('every writing command leaves one self-contained file (no -wal, -shm)', () => {
    const db = freshCase('writes');
    expect(runCli(['note', 'ev-1', 'first', '--tag', 'x', '--db', db]).status).toBe(0);
    expect(runCli(['index', evidence, '--db', db]).status).toBe(0);
    expect(readdirSync(join(root, 'writes'))).toEqual(['case.db']);
  });
});

/** The built CLI as another user (tests run as root, who passes every permission check). */
function runAs(user: string, args: string[]): CliResult {
  const r = spawnSync('runuser', ['-u', user, '--', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', HOME: '/tmp', TRAILSCOPE_DB: '' },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const isRoot = process.getuid?.() === 0;
const canRunAs =
  isRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0']).status === 0;
const canMountRo = isRoot && spawnSync('unshare', ['-m', 'true']).status === 0;

describe('a case file on read-only storage', () => {
  it.runIf(canRunAs)(
    'a folder without write permission (chmod 555): every read command works, writers refuse with a message',
    () => {
      const db = freshCase('ro-dir');
      // an unfinished WAL beside it, as a crashed writer or an older trailscope leaves it
      const raw = new BetterSqlite3(db);
      raw.pragma('journal_mode = WAL');
      raw.pragma('wal_autocheckpoint = 0');
      raw.exec("INSERT INTO meta(key, value) VALUES ('left-in-wal', '1')");
      // derived data out of date (as after an upgrade): trace must compute it somewhere else
      raw.exec(
        "INSERT INTO meta(key, value) VALUES ('credentials_rebuild', '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
      );
      const held = spawnSync('cp', [`${db}-wal`, `${db}-wal.keep`]);
      expect(held.status).toBe(0);
      raw.close();
      spawnSync('cp', [`${db}-wal.keep`, `${db}-wal`]);
      rmSync(`${db}-wal.keep`);
      chmodSync(join(root, 'ro-dir'), 0o555);
      const guard = guardEvidence(join(root, 'ro-dir'));
      for (const cmd of READ_COMMANDS) {
        const r = runAs('nobody', [...cmd, '--db', db]);
        expect([0, 1], `${cmd.join(' ')}: ${r.stderr}`).toContain(r.status);
        expect(r.stderr).not.toMatch(/unable to open|internal error/);
      }
      const q = runAs('nobody', ['query', '--json', '--db', db]);
      expect(JSON.parse(q.stdout).Records).toHaveLength(6);
      const trace = runAs('nobody', ['trace', 'AKIAEXAMPLE', '--db', db]);
      expect(trace.stderr).toMatch(
        /credential chains computed in a temporary copy for this run \(not saved\)/,
      );
      // an output elsewhere still works; verify reads the evidence and says the verdicts were not stored
      const outDir = join(root, 'ro-out');
      mkdirSync(outDir);
      chmodSync(outDir, 0o777);
      const ex = runAs('nobody', ['export', '--out', join(outDir, 'all.jsonl'), '--db', db]);
      expect(ex.status, ex.stderr).toBe(0);
      const verify = runAs('nobody', ['verify', '--db', db]);
      expect(verify.status, verify.stderr).toBe(1); // nothing to verify against: unchecked, never "verified"
      expect(verify.stderr).toMatch(/verdicts not stored in the case file/);
      const note = runAs('nobody', ['note', 'ev-1', 'x', '--db', db]);
      expect(note.status).toBe(2);
      expect(note.stderr).toMatch(/read-only storage or in a folder this user cannot write/);
      guard.check();
    },
  );

  it.runIf(canMountRo)(
    'a read-only mount: every read command works and nothing under it changes',
    () => {
      const db = freshCase('ro-mount');
      const dir = join(root, 'ro-mount');
      const before = hashTree(dir);
      const script = [
        `mount --bind ${dir} ${dir} && mount -o remount,bind,ro ${dir} || exit 99`,
        ...READ_COMMANDS.map(
          (cmd) =>
            `${process.execPath} ${CLI} ${cmd.map((a) => `'${a}'`).join(' ')} --db ${db} >/dev/null 2>>${root}/ro-mount.err; echo "$?"`,
        ),
        `${process.execPath} ${CLI} note ev-1 x --db ${db} >/dev/null 2>>${root}/ro-mount.err; echo "$?"`,
      ].join('\n');
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      const codes = r.stdout.trim().split('\n').map(Number);
      expect(
        codes.slice(0, READ_COMMANDS.length).every((c) => c === 0 || c === 1),
        `${r.stdout}\n${r.stderr}`,
      ).toBe(true);
      expect(codes[READ_COMMANDS.length]).toBe(2);
      expect(hashTree(dir)).toEqual(before);
    },
  );
});

describe('the default case file is never put inside the evidence', () => {
  it('run from inside the folder being indexed, the case file goes to the cache folder and later commands find it', () => {
    const cache = join(root, 'cache');
    const guard = guardEvidence(join(root, 'evidence'));
    const r = runCli(['index', '.'], { cwd: evidence, env: { TRAILSCOPE_CACHE_DIR: cache } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /inside the evidence being indexed, so the case file is .*cache\/cases\//,
    );
    guard.check();
    expect(existsSync(join(evidence, 'trailscope.db'))).toBe(false);
    const q = runCli(['query', '--json'], { cwd: evidence, env: { TRAILSCOPE_CACHE_DIR: cache } });
    expect(JSON.parse(q.stdout).Records).toHaveLength(6);
    // from its parent too (cwd inside the indexed path `..`)
    const up = runCli(['index', '..'], { cwd: evidence, env: { TRAILSCOPE_CACHE_DIR: cache } });
    expect(up.status, up.stderr).toBe(0);
    expect(existsSync(join(evidence, 'trailscope.db'))).toBe(false);
    guard.check();
  });
});

describe('index --rebuild cannot lose the case file', () => {
  it('a typo, an empty folder or a folder of non-CloudTrail files leave the old case file as it was', () => {
    const db = freshCase('rebuild');
    expect(runCli(['note', 'ev-2', 'keep me', '--db', db]).status).toBe(0);
    const empty = join(root, 'empty-folder');
    mkdirSync(empty);
    const junk = join(root, 'junk');
    mkdirSync(junk);
    writeFileSync(join(junk, 'x.json'), '{"not":"cloudtrail"}');
    const before = hashTree(join(root, 'rebuild'));
    for (const path of [join(root, 'no-such-folder'), empty, junk]) {
      const r = runCli(['index', path, '--db', db, '--rebuild']);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/was left as it was/);
      expect(hashTree(join(root, 'rebuild'))).toEqual(before);
    }
  });

  it('refuses while another index run holds the case file, and leaves it as it was', () => {
    const db = freshCase('rebuild-index-run');
    // a live process of this host (the test runner's parent) holds it
    const h = new BetterSqlite3(db);
    h.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('index_run', ?)").run(
      JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-12-05T11:00:00Z' }),
    );
    h.close();
    const before = hashTree(join(root, 'rebuild-index-run'));
    const r = runCli(['index', evidence, '--db', db, '--rebuild']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /another index run \(process \d+, since 2026-12-05T11:00:00Z\) is working on/,
    );
    expect(hashTree(join(root, 'rebuild-index-run'))).toEqual(before);
  });

  it('kill -9 early in a rebuild leaves the old case file intact and the next rebuild cleans up', async () => {
    const db = freshCase('rebuild-kill');
    const dir = join(root, 'rebuild-kill');
    const big = join(root, 'big');
    mkdirSync(big, { recursive: true });
    for (let f = 0; f < 40; f++) {
      writeFileSync(
        join(big, `f${f}.json`),
        JSON.stringify({
          Records: Array.from({ length: 500 }, (_, i) => ctEvent({ eventID: `b-${f}-${i}` })),
        }),
      );
    }
    const before = hashTree(join(dir, 'case.db'));
    const child = spawn(
      process.execPath,
      [CLI, 'index', big, '--db', db, '--rebuild', '--workers', '0'],
      { stdio: 'ignore' },
    );
    // kill as soon as the temporary file exists: the old one must not have been touched
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (readdirSync(dir).some((n) => n.includes('.rebuild-')) || child.exitCode !== null) {
          clearInterval(t);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((r) => child.once('exit', r));
    expect(hashTree(join(dir, 'case.db'))).toEqual(before);
    const q = runCli(['query', '--json', '--db', db]);
    expect(JSON.parse(q.stdout).Records).toHaveLength(6);
    const again = runCli(['index', evidence, '--db', db, '--rebuild']);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['case.db']);
  });

  it('a successful rebuild swaps the new file in and carries the notes and tags over (orphans kept)', () => {
    const db = freshCase('rebuild-ok');
    expect(runCli(['note', 'ev-3', 'seen from the VPN', '--tag', 'vpn', '--db', db]).status).toBe(
      0,
    );
    const other = join(root, 'other-evidence');
    mkdirSync(other, { recursive: true });
    writeFileSync(
      join(other, 'b.json'),
      JSON.stringify({ Records: [ctEvent({ eventID: 'new-1' })] }),
    );
    const r = runCli(['index', other, '--db', db, '--rebuild']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(db);
    expect(
      JSON.parse(runCli(['query', '--json', '--db', db]).stdout).Records.map(
        (x: { eventID: string }) => x.eventID,
      ),
    ).toEqual(['new-1']);
    const notes = JSON.parse(runCli(['note', '--list', '--json', '--db', db]).stdout).notes;
    expect(notes).toMatchObject([
      { eventId: 'ev-3', text: 'seen from the VPN', orphan: true, tags: ['vpn'] },
    ]);
    expect(readdirSync(join(root, 'rebuild-ok'))).toEqual(['case.db']);
  });
});

describe('index --rebuild while another program holds the case file', () => {
  it('keeps the rebuilt file under its temporary name instead of swapping it under a live WAL', () => {
    const db = freshCase('rebuild-held');
    const holder = new BetterSqlite3(db);
    holder.pragma('journal_mode = WAL');
    expect(holder.prepare('SELECT count(*) FROM events').pluck().get()).toBe(6);
    try {
      const r = runCli(['index', evidence, '--db', db, '--rebuild']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(
        /is open in another trailscope; the rebuilt case file was kept as .*\.case\.db\.rebuild-\d+\.db/,
      );
      expect(holder.prepare('SELECT count(*) FROM events').pluck().get()).toBe(6);
    } finally {
      holder.close();
    }
    expect(
      readdirSync(join(root, 'rebuild-held')).some((n) => /^\.case\.db\.rebuild-\d+\.db$/.test(n)),
    ).toBe(true);
  });
});

describe('no output lands on the case file', () => {
  it('export --out CASE --force (also through a hard link) is refused and the case file is unchanged', () => {
    const db = freshCase('export');
    const dir = join(root, 'export');
    spawnSync('ln', [db, join(dir, 'alias.db')]);
    const before = hashTree(dir);
    for (const out of [db, join(dir, 'alias.db'), `${db}-wal`]) {
      const r = runCli(['export', '--out', out, '--force', '--db', db]);
      expect(r.status, out).toBe(2);
      expect(r.stderr).toMatch(/is the case file being read/);
    }
    const rep = runCli(['report', '--out', db, '--db', db]);
    expect(rep.status).toBe(2);
    const pq = runCli(['export', '--format', 'parquet', '--out', dir, '--force', '--db', db]);
    expect(pq.status).toBe(2);
    expect(hashTree(dir)).toEqual(before);
  });

  it.runIf(canMountRo)(
    'a full disk leaves no truncated export and no temporary file; a retry on a roomier disk works',
    () => {
      const db = freshCase('export-full');
      const small = join(root, 'small');
      mkdirSync(small);
      // 1,500 events of ~1 KB do not fit 64 KB
      const many = join(root, 'many');
      mkdirSync(many);
      writeFileSync(
        join(many, 'm.json'),
        JSON.stringify({
          Records: Array.from({ length: 1500 }, (_, i) =>
            ctEvent({ eventID: `m-${i}`, userAgent: 'x'.repeat(600) }),
          ),
        }),
      );
      expect(runCli(['index', many, '--db', db]).status).toBe(0);
      const script = `mount -t tmpfs -o size=64k tmpfs ${small} || exit 99
${process.execPath} ${CLI} export --out ${small}/out.jsonl --db ${db} 2>&1; echo "status=$?"; ls -A ${small}; echo listed`;
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8' });
      expect(r.stdout, r.stderr).toMatch(/cannot write .*out\.jsonl.*(ENOSPC|no space)/i);
      expect(r.stdout).toMatch(/status=2\n(listed)/);
      const ok = runCli(['export', '--out', join(small, 'out.jsonl'), '--db', db]);
      expect(ok.status, ok.stderr).toBe(0);
      expect(readdirSync(small)).toEqual(['out.jsonl']);
    },
  );
});

describe('the TUI on read-only storage', () => {
  it.runIf(canMountRo)(
    'opens a case file on a read-only mount (left in WAL mode, so SQLite alone would need a -shm there), shows its events and quits cleanly',
    async () => {
      const { spawn: spawnPtyProcess } = await import('node-pty');
      const db = freshCase('ro-tui');
      const dir = join(root, 'ro-tui');
      // an unfinished write-ahead log: the case where SQLite alone would need to create -shm
      const raw = new BetterSqlite3(db);
      raw.pragma('journal_mode = WAL');
      raw.close();
      const before = hashTree(dir);
      const script = `mount --bind ${dir} ${dir} && mount -o remount,bind,ro ${dir} || exit 99
exec ${process.execPath} ${CLI} open --db ${db}`;
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env))
        if (v !== undefined && k !== 'TRAILSCOPE_DB') env[k] = v;
      Object.assign(env, { TERM: 'xterm-256color', NO_COLOR: '1' });
      const pty = spawnPtyProcess('unshare', ['-m', 'sh', '-c', script], {
        name: 'xterm-256color',
        cols: 100,
        rows: 30,
        env,
      });
      let out = '';
      pty.onData((d) => (out += d));
      const exited = new Promise<number>((r) => pty.onExit((e) => r(e.exitCode)));
      const deadline = Date.now() + 30_000;
      while (!/1\/6/.test(out) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/1\/6/); // the list's position: 1 of the 6 events
      expect(out).toMatch(/case\.db(\x1b\[C| )\(read-only\)/); // the header says so
      expect(out).toMatch(
        /is read-only here and is in write-ahead-log mode: reading a temporary copy/,
      );
      pty.write('q');
      const code = await Promise.race([
        exited,
        new Promise<number>((r) => setTimeout(() => r(-1), 15_000)),
      ]);
      expect(code, out.slice(-500)).toBe(0);
      expect(out).not.toMatch(/internal error|unable to open/);
      expect(hashTree(dir)).toEqual(before);
    },
    60_000,
  );
});
