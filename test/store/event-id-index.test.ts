import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openCaseFile } from '../../src/store/db.js';
import {
  beginInMemoryDedupe,
  ensureEventIdIndex,
  eventIdIndex,
} from '../../src/store/event-id-index.js';
import { EventWriter } from '../../src/store/event-writer.js';
import { ctEvent, writeBatchOf } from '../helpers/case-file.js';

const write = writeBatchOf;

const count = (db: BetterSqlite3.Database): number =>
  db.prepare('SELECT count(*) FROM events').pluck().get() as number;

describe('the event ID unique index and the in-memory table', () => {
  it('a new case file holds the index; a bulk load drops it, dedupes in memory, and it comes back', () => {
    const db = openCaseFile(':memory:', { create: true });
    expect(eventIdIndex(db)).toBe('index');
    const [a, b, c] = [ctEvent(), ctEvent(), ctEvent()];
    const w = new EventWriter(db);
    write(db, w, [a]);
    const table = beginInMemoryDedupe(db, 1000)!;
    expect(eventIdIndex(db)).toBe('absent');
    // the IDs stored before are in the table
    expect(table.size).toBe(1);
    w.dedupeInMemory(table);
    expect(write(db, w, [a, b])).toMatchObject({ added: 1, duplicates: 1 });
    expect(write(db, w, [b, c, c])).toMatchObject({ added: 1, duplicates: 2 });
    expect(count(db)).toBe(3);
    ensureEventIdIndex(db);
    expect(eventIdIndex(db)).toBe('index');
  });

  it('an event rolled back with its savepoint is stored again, not taken for the row that reused its id', () => {
    const db = openCaseFile(':memory:', { create: true });
    const w = new EventWriter(db);
    w.dedupeInMemory(beginInMemoryDedupe(db, 1000)!);
    const [a, b] = [ctEvent(), ctEvent()];
    db.exec('BEGIN');
    db.exec('SAVEPOINT one');
    write(db, w, [a]);
    db.exec('ROLLBACK TO one');
    db.exec('RELEASE one');
    // b takes the row id a had
    expect(write(db, w, [b])).toMatchObject({ added: 1 });
    expect(write(db, w, [a])).toMatchObject({ added: 1, duplicates: 0 });
    expect(write(db, w, [a, b])).toMatchObject({ added: 0, duplicates: 2 });
    db.exec('COMMIT');
    expect(count(db)).toBe(2);
    ensureEventIdIndex(db);
  });

  it('a full table gives way to the index between transactions, and duplicates are still found', () => {
    const db = openCaseFile(':memory:', { create: true });
    const w = new EventWriter(db);
    w.dedupeInMemory(beginInMemoryDedupe(db, 2)!);
    const [a, b, c] = [ctEvent(), ctEvent(), ctEvent()];
    expect(write(db, w, [a, b, c])).toMatchObject({ added: 3 });
    w.settleDedupe();
    expect(eventIdIndex(db)).toBe('index');
    expect(write(db, w, [c, a, ctEvent()])).toMatchObject({ added: 1, duplicates: 2 });
  });

  it('a case file that already holds many events keeps its index (the load goes through it)', () => {
    const db = openCaseFile(':memory:', { create: true });
    write(db, new EventWriter(db), [ctEvent(), ctEvent(), ctEvent()]);
    expect(beginInMemoryDedupe(db, 8)).toBeNull();
    expect(eventIdIndex(db)).toBe('index');
  });

  it('a stopped load left the index absent: the next one with too many events builds it first', () => {
    const db = openCaseFile(':memory:', { create: true });
    write(db, new EventWriter(db), [ctEvent(), ctEvent(), ctEvent()]);
    db.exec('DROP INDEX ev_event_id');
    expect(beginInMemoryDedupe(db, 8)).toBeNull();
    expect(eventIdIndex(db)).toBe('index');
  });

  it('an older case file, whose uniqueness is a column constraint, loads through it', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE)');
    expect(eventIdIndex(db)).toBe('constraint');
    expect(beginInMemoryDedupe(db, 1000)).toBeNull();
    ensureEventIdIndex(db);
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index'").pluck().get(),
    ).toBe(1);
  });
});
