import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openCaseFile } from '../../src/store/db.js';
import { beginDictInMemory, dictIndex, ensureDictIndex } from '../../src/store/dict-index.js';
import { EventWriter } from '../../src/store/event-writer.js';
import { ctEvent, writeBatchOf } from '../helpers/case-file.js';

const write = writeBatchOf;

/** An event whose caller IP and user agent are values of their own. */
const from = (ip: string, ua = 'aws-cli/2') => ctEvent({ sourceIPAddress: ip, userAgent: ua });

const duplicates = (db: BetterSqlite3.Database): number =>
  db
    .prepare('SELECT count(*) FROM (SELECT 1 FROM dict GROUP BY field, value HAVING count(*) > 1)')
    .pluck()
    .get() as number;

/** Every event's IP read back through the dictionary, in row order. */
const ips = (db: BetterSqlite3.Database): string[] =>
  db.prepare('SELECT source_ip FROM events_v ORDER BY id').pluck().all() as string[];

describe("the dictionary's unique index and the in-memory table", () => {
  it('a new case file holds the index; a bulk load drops it, interns in memory, and it comes back', () => {
    const db = openCaseFile(':memory:', { create: true });
    expect(dictIndex(db)).toBe('index');
    const w = new EventWriter(db);
    write(db, w, [from('10.0.0.1')]);
    const before = db.prepare('SELECT count(*) FROM dict').pluck().get() as number;
    const table = beginDictInMemory(db, 1000)!;
    expect(dictIndex(db)).toBe('absent');
    // the values stored before are in the table
    expect(table.size).toBe(before);
    w.internInMemory(table);
    // a new writer's caches are empty: values stored before are found through the table
    const w2 = new EventWriter(db);
    w2.internInMemory(table);
    write(db, w2, [from('10.0.0.1'), from('10.0.0.2'), from('10.0.0.2', 'boto3')]);
    expect(duplicates(db)).toBe(0);
    expect(ips(db)).toEqual(['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2']);
    ensureDictIndex(db);
    expect(dictIndex(db)).toBe('index');
  });

  it('a value rolled back with its savepoint is interned again, not taken for the row that reused its id', () => {
    const db = openCaseFile(':memory:', { create: true });
    const w = new EventWriter(db);
    w.internInMemory(beginDictInMemory(db, 1000)!);
    db.exec('BEGIN');
    db.exec('SAVEPOINT one');
    write(db, w, [from('10.9.9.9')]);
    db.exec('ROLLBACK TO one');
    db.exec('RELEASE one');
    // the cached ids may be gone: as the ingest writer does after a rolled-back message
    w.reset();
    // another value takes the row ids the rolled-back values had
    write(db, w, [from('10.8.8.8', 'other-agent')]);
    write(db, w, [from('10.9.9.9')]);
    db.exec('COMMIT');
    expect(duplicates(db)).toBe(0);
    expect(ips(db)).toEqual(['10.8.8.8', '10.9.9.9']);
    ensureDictIndex(db);
    expect(dictIndex(db)).toBe('index');
  });

  it('a full table gives way to the index between transactions, and known values are still found', () => {
    const db = openCaseFile(':memory:', { create: true });
    const w = new EventWriter(db);
    w.internInMemory(beginDictInMemory(db, 4)!);
    write(db, w, [from('10.0.0.1'), from('10.0.0.2'), from('10.0.0.3')]);
    w.settleDedupe();
    expect(dictIndex(db)).toBe('index');
    write(db, w, [from('10.0.0.3'), from('10.0.0.4'), from('10.0.0.1')]);
    expect(duplicates(db)).toBe(0);
    expect(ips(db)).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.3',
      '10.0.0.4',
      '10.0.0.1',
    ]);
  });

  it('a dictionary that already holds many values keeps its index (the load goes through it)', () => {
    const db = openCaseFile(':memory:', { create: true });
    write(db, new EventWriter(db), [from('10.0.0.1'), from('10.0.0.2')]);
    expect(beginDictInMemory(db, 8)).toBeNull();
    expect(dictIndex(db)).toBe('index');
  });

  it('a stopped load left the index absent: the next one with too many values builds it first', () => {
    const db = openCaseFile(':memory:', { create: true });
    write(db, new EventWriter(db), [from('10.0.0.1'), from('10.0.0.2')]);
    db.exec('DROP INDEX dict_value');
    expect(beginDictInMemory(db, 8)).toBeNull();
    expect(dictIndex(db)).toBe('index');
  });

  it('an older case file, whose uniqueness is a column constraint, interns through it', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec(
      'CREATE TABLE dict (id INTEGER PRIMARY KEY, field TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (field, value))',
    );
    expect(dictIndex(db)).toBe('constraint');
    expect(beginDictInMemory(db, 1000)).toBeNull();
    ensureDictIndex(db);
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index'").pluck().get(),
    ).toBe(1);
  });
});
