import { describe, expect, it } from 'vitest';
import { beginFile, finishFile, markOutsideWindow, markUnusable } from '../../src/store/files.js';
import { addRecords, caseFileWith, ctEvent } from '../helpers/case-file.js';

const row = (db: ReturnType<typeof caseFileWith>, path: string) =>
  db.prepare('SELECT status, size, error, events FROM files WHERE path = ?').get(path) as
    { status: string; size: number | null; error: string | null; events: number } | undefined;

describe('files that could not be used at all', () => {
  it('are recorded as failed with their reason; a file read before keeps its row', () => {
    const db = caseFileWith([ctEvent({ eventID: 'a' })], '/ev/indexed.json');
    // a file that failed part-way: its events are in the case file, its reason says how many
    addRecords(db, [ctEvent({ eventID: 'b' })], '/ev/partial.json.gz');
    const partial = db
      .prepare('SELECT id FROM files WHERE path = ?')
      .pluck()
      .get('/ev/partial.json.gz') as number;
    finishFile(db, partial, {
      status: 'failed',
      shape: 's3-delivery',
      sha256: null,
      events: 1,
      added: 1,
      duplicates: 0,
      error: 'truncated gzip data (1 record(s) before it were indexed)',
      warnings: [],
    });
    // never read: a run killed before it, and a carve that left one out by name
    beginFile(db, { path: '/ev/pending.json', size: 10, mtimeMs: 1 });
    markOutsideWindow(
      db,
      [{ path: '/ev/left-out.json', size: 5, mtimeMs: 1, reason: 'outside' }],
      'w',
    );

    markUnusable(db, [
      { path: '/ev/indexed.json', reason: 'no such file or directory' },
      { path: '/ev/partial.json.gz', reason: 'no such file or directory' },
      { path: '/ev/pending.json', reason: 'not a regular file' },
      { path: '/ev/left-out.json', reason: 'leads outside the evidence given' },
      { path: '/ev/new.json', reason: 'leads outside the evidence given' },
    ]);
    expect(row(db, '/ev/indexed.json')?.status).toBe('indexed');
    expect(row(db, '/ev/partial.json.gz')).toMatchObject({ status: 'failed', events: 1 });
    expect(row(db, '/ev/partial.json.gz')?.error).toMatch(/before it were indexed/);
    for (const p of ['/ev/pending.json', '/ev/left-out.json', '/ev/new.json'])
      expect(row(db, p), p).toMatchObject({ status: 'failed', size: null });
    expect(row(db, '/ev/new.json')?.error).toBe('leads outside the evidence given');
    db.close();
  });
});

describe('beginFile', () => {
  it('adds a new file as pending, and resets one read before to pending under the same id', () => {
    const db = caseFileWith([ctEvent({ eventID: 'a' })], '/ev/a.json');
    const fresh = beginFile(db, { path: '/ev/new.json', size: 5, mtimeMs: 7 });
    expect(row(db, '/ev/new.json')).toEqual({ status: 'pending', size: 5, error: null, events: 0 });
    const a = db.prepare('SELECT id FROM files WHERE path = ?').pluck().get('/ev/a.json') as number;
    finishFile(db, a, {
      status: 'failed',
      shape: 'test',
      sha256: 'ab12',
      events: 3,
      added: 1,
      duplicates: 2,
      error: 'truncated',
      warnings: ['w'],
    });
    const kept = (): unknown =>
      db.prepare('SELECT shape, sha256, indexed_at, digest, carve FROM files WHERE id = ?').get(a);
    const before = kept();
    expect(beginFile(db, { path: '/ev/a.json', size: 99, mtimeMs: 8 })).toBe(a);
    // what the read before found about the bytes stays until this read replaces it
    expect(kept()).toEqual(before);
    expect(before).toMatchObject({ shape: 'test', sha256: 'ab12' });
    expect(
      db
        .prepare(
          'SELECT status, size, mtime_ms, error, warnings, events, added, duplicates FROM files WHERE id = ?',
        )
        .get(a),
    ).toEqual({
      status: 'pending',
      size: 99,
      mtime_ms: 8,
      error: null,
      warnings: null,
      events: 0,
      added: 0,
      duplicates: 0,
    });
    expect(beginFile(db, { path: '/ev/new.json', size: 5, mtimeMs: 7 })).toBe(fresh);
    expect(db.prepare('SELECT count(*) FROM files').pluck().get()).toBe(2);
  });
});
