import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaseFile, setMeta, type Database } from '../../src/store/db.js';
import {
  bringUpToDate,
  DERIVED_TABLES,
  isFresh,
  refreshAfterIndex,
  staleTables,
  type DerivedName,
} from '../../src/case/derived.js';
import { STAMPS } from '../../src/case/derived-stamps.js';
import { openCase } from '../../src/case/open.js';
import { notableIsStale } from '../../src/case/notable/evaluate.js';
import { addRecords, ctEvent } from '../helpers/case-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-derived-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const ALL = DERIVED_TABLES.map((t) => t.name);
const names = (db: Database, of: readonly DerivedName[] = ALL): string[] =>
  staleTables(db, of).map((t) => t.name);

async function indexed(path: string, records = [ctEvent(), ctEvent({ eventName: 'CreateUser' })]) {
  const db = openCaseFile(path, { create: true });
  addRecords(db, records, '/evidence/a.json');
  await refreshAfterIndex(db, 0);
  return db;
}

describe('derived tables', () => {
  it('are declared once each, with a label and a way to refresh', async () => {
    expect(new Set(ALL).size).toBe(ALL.length);
    for (const t of DERIVED_TABLES) expect(t.label).not.toBe('');
  });

  it('a fresh case file has every table stale; after the index refresh none is', async () => {
    const db = openCaseFile(join(dir, 'c.db'), { create: true });
    addRecords(db, [ctEvent()], '/evidence/a.json');
    // sigma has no recorded pack: nothing waits, so it is fresh from the start
    expect(names(db)).toEqual(['notable', 'insights', 'credentials', 'query-indexes']);
    await refreshAfterIndex(db, 0);
    expect(names(db)).toEqual([]);
    db.close();
  });

  it('new events make the stamped tables stale; the refresh after them catches up', async () => {
    const db = await indexed(join(dir, 'c.db'));
    addRecords(db, [ctEvent({ eventName: 'DeleteTrail' })], '/evidence/b.json');
    expect(names(db)).toEqual(['notable', 'insights', 'credentials']);
    expect(notableIsStale(db)).toBe(true);
    await refreshAfterIndex(db, 2);
    expect(names(db)).toEqual([]);
    expect(notableIsStale(db)).toBe(false);
    db.close();
  });

  it('rows of another version, or stamped past the last event, are not trusted', async () => {
    const db = await indexed(join(dir, 'c.db'));
    setMeta(db, STAMPS.notable.versionKey, 'older');
    setMeta(db, STAMPS.insights.rowidKey, '999');
    expect(names(db)).toEqual(['notable', 'insights']);
    setMeta(db, 'credentials_rebuild', '1');
    expect(isFresh(db, 'credentials')).toBe(false);
    db.close();
  });

  it('a reader of a fresh case file keeps its read-only connection and writes nothing', async () => {
    const path = join(dir, 'c.db');
    (await indexed(path)).close();
    const notes: string[] = [];
    const ro = openCase(path, 'read', (l) => notes.push(l));
    const db = bringUpToDate(ro, ['notable', 'credentials'], (l) => notes.push(l));
    expect(db).toBe(ro);
    expect(db.readonly).toBe(true);
    expect(notes).toEqual([]);
    db.close();
  });

  it('a reader of a stale case file brings what it reads up to date, in the file, and says so', async () => {
    const path = join(dir, 'c.db');
    const w = await indexed(path);
    setMeta(w, STAMPS.credentials.versionKey, 'older');
    setMeta(w, STAMPS.notable.versionKey, 'older');
    w.close();
    const notes: string[] = [];
    const db = bringUpToDate(openCase(path, 'read'), ['credentials'], (l) => notes.push(l));
    expect(db.readonly).toBe(false);
    expect(notes).toEqual(['bringing credential chains up to date in the case file']);
    // only what was asked for: the rule results stay as they were
    expect(names(db, ['notable', 'credentials'])).toEqual(['notable']);
    db.close();
  });

  // root writes anywhere: test/e2e/case-safety.test.ts covers this as nobody and on a read-only mount
  it.skipIf(process.getuid?.() === 0)(
    'on storage it cannot write, a reader computes in a temporary copy and the file stays stale',
    async () => {
      const path = join(dir, 'c.db');
      const w = await indexed(path);
      setMeta(w, STAMPS.notable.versionKey, 'older');
      w.close();
      chmodSync(dir, 0o555);
      const notes: string[] = [];
      const db = bringUpToDate(openCase(path, 'read'), ['notable'], (l) => notes.push(l));
      expect(db.name).not.toBe(path);
      expect(isFresh(db, 'notable')).toBe(true);
      expect(notes.join('\n')).toMatch(/rule results computed in a temporary copy/);
      db.close();
      const again = openCase(path, 'read');
      expect(isFresh(again, 'notable')).toBe(false);
      again.close();
    },
  );
});
