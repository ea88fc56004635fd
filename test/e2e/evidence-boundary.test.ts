// The built CLI (parse workers, --json, the text summary) against a hostile evidence folder: a
// symlink to a secret outside it, a zip with traversal names, a FIFO and records nested 20,000
// levels deep. Nothing of the secret reaches any output or the case file; everything else is read;
// the evidence tree is byte-for-byte the same afterwards.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
  readlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { ctEvent } from '../helpers/case-file.js';
import { zipOf } from '../ingest/evidence.js';

const MARKER = 'E2E-SECRET-3b1d77';
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Hash of every entry under `root` (links by their target text, FIFOs by kind): to prove nothing changed. */
function treeHash(root: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      h.update(p + '\0');
      if (st.isSymbolicLink()) h.update('link:' + readlinkSync(p));
      else if (st.isDirectory()) walk(p);
      else if (st.isFIFO()) h.update('fifo');
      else h.update(readFileSync(p));
    }
  };
  walk(root);
  return h.digest('hex');
}

describe('index on a hostile evidence folder', () => {
  it('never reads outside the evidence, never blocks, keeps every ordinary and deep record, changes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-boundary-'));
    const outside = join(dir, 'home');
    mkdirSync(outside);
    writeFileSync(
      join(outside, 'secret.json'),
      JSON.stringify({ Records: [ctEvent({ eventID: MARKER, userAgent: MARKER })] }),
    );
    const ev = join(dir, 'evidence');
    mkdirSync(ev);
    const rec = (id: string): string => JSON.stringify(ctEvent({ eventID: id }));
    const deep = rec('deep').replace(
      '"eventID"',
      `"deepField":${'['.repeat(20_000)}${']'.repeat(20_000)},"eventID"`,
    );
    writeFileSync(join(ev, 'ordinary.json'), `{"Records":[${rec('o1')},${deep},${rec('o2')}]}`);
    writeFileSync(
      join(ev, 'bundle.zip'),
      zipOf([
        { name: '../escape.json', data: Buffer.from(`{"Records":[${rec('z1')}]}`) },
        { name: 'later.json', data: Buffer.from(`{"Records":[${rec('z2')}]}`) },
      ]),
    );
    symlinkSync(join(outside, 'secret.json'), join(ev, 'evil.json'));
    // named like a digest: `verify` must not open it either (it reads digests it did not keep)
    symlinkSync(join(outside, 'secret.json'), join(ev, 'x_CloudTrail-Digest_us-east-1.json'));
    symlinkSync(outside, join(ev, 'evil-dir'));
    execFileSync('mkfifo', [join(ev, 'pipe.json')]);
    const before = treeHash(dir);
    const db = join(dir, 'case.db');

    const json = runCli(['index', ev, '--db', db, '--json']);
    expect(json.status).toBe(1);
    const summary = JSON.parse(json.stdout) as {
      events: { added: number };
      failed: { path: string; reason: string }[];
    };
    expect(summary.events.added).toBe(5);
    expect(summary.failed.map((f) => f.path).sort()).toEqual([
      join(ev, 'evil-dir'),
      join(ev, 'evil.json'),
      join(ev, 'pipe.json'),
      join(ev, 'x_CloudTrail-Digest_us-east-1.json'),
    ]);
    const text = runCli(['index', ev, '--db', db]);
    const verify = runCli(['verify', '--db', db, '--json']);
    // the link was never read, so it is no digest to check
    expect(verify.stdout).not.toContain('x_CloudTrail-Digest_us-east-1.json');
    for (const out of [
      json.stdout,
      json.stderr,
      text.stdout,
      text.stderr,
      verify.stdout,
      verify.stderr,
    ]) {
      expect(out).not.toContain(MARKER);
      expect(out).not.toContain(outside + '/');
    }

    const h = new BetterSqlite3(db, { readonly: true });
    try {
      expect(h.prepare('SELECT count(*) FROM events').pluck().get()).toBe(5);
      expect(
        h
          .prepare('SELECT count(*) FROM files WHERE path = ?')
          .pluck()
          .get(`${join(ev, 'bundle.zip')}!../escape.json`),
      ).toBe(1);
      // the files view lists every failure the summary counted, with its reason (the link's own
      // path, never its target's)
      const failed = h
        .prepare("SELECT path, error FROM files WHERE status = 'failed' ORDER BY path")
        .all() as { path: string; error: string }[];
      expect(failed.map((f) => f.path)).toEqual(summary.failed.map((f) => f.path).sort());
      expect(failed.find((f) => f.path === join(ev, 'evil.json'))?.error).toMatch(
        /leads outside the evidence given/,
      );
      for (const f of failed) expect(f.error).not.toContain(outside);
      const dict = (h.prepare('SELECT value FROM dict').pluck().all() as unknown[]).join('\n');
      expect(dict).not.toContain(MARKER);
    } finally {
      h.close();
    }
    for (const name of readdirSync(dir).filter((n) => n.startsWith('case.db'))) {
      expect(readFileSync(join(dir, name)).includes(Buffer.from(MARKER))).toBe(false);
    }
    expect(readdirSync(dir).includes('escape.json')).toBe(false);
    // the case file lives beside the evidence; the evidence tree (and the outside folder) are untouched
    rmSync(db, { force: true });
    for (const s of ['-wal', '-shm']) rmSync(db + s, { force: true });
    expect(treeHash(dir)).toBe(before);
    expect(statSync(join(outside, 'secret.json')).isFile()).toBe(true);
  }, 60_000);
});
