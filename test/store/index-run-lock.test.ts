import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openCaseFile } from '../../src/store/db.js';
import { releaseIndexRun, tryHoldIndexRun } from '../../src/store/index-run-lock.js';

const holder = (db: ReturnType<typeof openCaseFile>) =>
  db.prepare("SELECT value FROM meta WHERE key = 'index_run'").pluck().get() as string | undefined;
const setHolder = (db: ReturnType<typeof openCaseFile>, pid: number, host = hostname()) =>
  db
    .prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('index_run', ?)")
    .run(JSON.stringify({ pid, host, since: '2026-12-05T00:00:00Z' }));

describe('one index run at a time', () => {
  it('holds a free case file, again from the same process, and lets go of it', () => {
    const db = openCaseFile(':memory:', { create: true });
    expect(tryHoldIndexRun(db)).toBeNull();
    expect(JSON.parse(holder(db)!).pid).toBe(process.pid);
    expect(tryHoldIndexRun(db)).toBeNull();
    releaseIndexRun(db);
    expect(holder(db)).toBeUndefined();
  });

  it('names a live run of another process on this host, and does not release it', () => {
    const db = openCaseFile(':memory:', { create: true });
    setHolder(db, process.ppid);
    expect(tryHoldIndexRun(db)).toMatchObject({ pid: process.ppid, host: hostname() });
    releaseIndexRun(db);
    expect(JSON.parse(holder(db)!).pid).toBe(process.ppid);
  });

  it('takes over from a process that is gone, or one on another host', () => {
    const db = openCaseFile(':memory:', { create: true });
    setHolder(db, 2 ** 22 + 12345); // above Linux's pid_max: no such process
    expect(tryHoldIndexRun(db)).toBeNull();
    setHolder(db, process.ppid, 'another-host.example');
    expect(tryHoldIndexRun(db)).toBeNull();
    expect(JSON.parse(holder(db)!).pid).toBe(process.pid);
  });
});
