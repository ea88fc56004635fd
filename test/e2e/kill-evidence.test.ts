// kill -9 on the write path that keeps evidence bytes and locates records in them: at whatever
// point the run dies, the case file is consistent, and the next run finishes with exact counts,
// every file's bytes kept once, nothing left set aside, and every event's record reading back as
// it was delivered (also the events whose file changed while a re-read was killed).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/run-cli.js';
import { ctEvent } from '../helpers/case-file.js';
import { openCaseFile } from '../../src/store/db.js';
import { EventReader } from '../../src/store/event-reader.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FILES = 200;
const PER = 150;

function fileOf(root: string, f: number): string {
  const d = join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2024', '04', '01');
  mkdirSync(d, { recursive: true });
  return join(
    d,
    `111122223333_CloudTrail_us-east-1_20240401T${String(f).padStart(4, '0')}Z_x.json.gz`,
  );
}

/** Every file's records, by eventID, as they were delivered (the text a reader must give back). */
function writeTree(root: string, tag: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (let f = 0; f < FILES; f++) {
    const recs = Array.from({ length: PER }, (_, i) =>
      ctEvent({
        eventID: `${tag}-${f}-${i}`,
        requestParameters: { key: `k/${f}/${i}`, note: 'é"\\' },
      }),
    );
    for (const r of recs) texts.set(r.eventID as string, JSON.stringify(r));
    writeFileSync(fileOf(root, f), gzipSync(JSON.stringify({ Records: recs })));
  }
  return texts;
}

function countOf(db: string, sql: string): number {
  const h = new BetterSqlite3(db, { readonly: true });
  try {
    return h.prepare(sql).pluck().get() as number;
  } finally {
    h.close();
  }
}
const INDEXED = "SELECT count(*) FROM files WHERE status = 'indexed'";
const V2 = "SELECT count(*) FROM events WHERE event_id LIKE 'v2-%'";

/** Start an index run and kill it without warning once `sql` counts at least `atLeast`. */
async function killMidRun(root: string, db: string, sql: string, atLeast: number): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'index', root, '--db', db], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 30));
    if (!existsSync(db)) continue;
    try {
      if (countOf(db, sql) >= atLeast) break;
    } catch {
      // schema not there yet
    }
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
}

function check(db: string, expected: Map<string, string>, root: string): void {
  const h = openCaseFile(db);
  try {
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(h.prepare('SELECT count(*) FROM events').pluck().get()).toBe(expected.size);
    // the unique indexes a bulk load drops (event IDs, the dictionary) are back, and held
    expect(
      h
        .prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('ev_event_id', 'dict_value')")
        .pluck()
        .get(),
    ).toBe(2);
    expect(
      h
        .prepare(
          'SELECT count(*) FROM (SELECT 1 FROM dict GROUP BY field, value HAVING count(*) > 1)',
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(h.prepare("SELECT count(*) FROM files WHERE status = 'indexed'").pluck().get()).toBe(
      FILES,
    );
    // each indexed file's bytes once, as delivered; nothing set aside by a killed re-read is left
    expect(h.prepare('SELECT count(*) FROM evidence WHERE file_id < 0').pluck().get()).toBe(0);
    expect(h.prepare('SELECT count(*) FROM evidence_blocks WHERE file_id < 0').pluck().get()).toBe(
      0,
    );
    const kept = h
      .prepare(
        `SELECT f.path, e.content_sha256 FROM files f JOIN evidence e ON e.file_id = f.id WHERE f.status = 'indexed'`,
      )
      .all() as { path: string; content_sha256: string }[];
    expect(kept).toHaveLength(FILES);
    for (const k of kept)
      expect(k.content_sha256).toBe(
        createHash('sha256')
          .update(gunzipSync(readFileSync(k.path)))
          .digest('hex'),
      );
    expect(kept.every((k) => k.path.startsWith(root))).toBe(true);
    const reader = new EventReader(h);
    const rows = h.prepare('SELECT id, event_id, raw_chunk, raw_index FROM events').all() as {
      event_id: string;
      raw_chunk: number;
      raw_index: number;
    }[];
    let wrong = 0;
    for (const r of rows) if (reader.rawText(r) !== expected.get(r.event_id)) wrong++;
    expect(wrong).toBe(0);
  } finally {
    h.close();
  }
}

describe('kill -9 on the evidence-keeping write path', () => {
  it('a first run killed mid-way; then a re-read of changed files killed mid-way: each next run is exact', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-kill-evidence-'));
    const root = join(dir, 'evidence');
    const db = join(dir, 'case.db');
    const first = writeTree(root, 'v1');
    await killMidRun(root, db, INDEXED, 10);
    expect(countOf(db, INDEXED)).toBeLessThan(FILES);
    expect(runCli(['index', root, '--db', db]).status).toBe(0);
    check(db, first, root);

    // every file changes (other records); its old records are events of the case file still
    const second = writeTree(root, 'v2');
    await killMidRun(root, db, V2, 10 * PER);
    expect(countOf(db, V2)).toBeLessThan(FILES * PER);
    expect(runCli(['index', root, '--db', db]).status).toBe(0);
    check(db, new Map([...first, ...second]), root);
  }, 240_000);
});
