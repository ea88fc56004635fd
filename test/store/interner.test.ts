import { describe, expect, it } from 'vitest';
import { openCaseFile } from '../../src/store/db.js';
import { Interner } from '../../src/store/event-writer.js';

describe('Interner', () => {
  it('a field new to the dict is interned without look-ups, and ids stay unique across writers', () => {
    const db = openCaseFile(':memory:', { create: true });
    try {
      const a = new Interner(db);
      const b = new Interner(db);
      const x = a.id('event_name', 'GetObject');
      // b's cache of the field was made while the dict had none of it: its miss tries to insert,
      // finds a's row, and returns a's id instead of a second row
      const cb = b.cacheFor('user_name');
      a.id('user_name', 'alice');
      expect(b.id('user_name', 'alice', cb)).toBe(a.id('user_name', 'alice'));
      expect(b.id('event_name', 'GetObject')).toBe(x);
      expect(a.id('event_name', 'PutObject')).not.toBe(x);
      const rows = db.prepare('SELECT field, value FROM dict ORDER BY id').all();
      expect(rows).toEqual([
        { field: 'event_name', value: 'GetObject' },
        { field: 'user_name', value: 'alice' },
        { field: 'event_name', value: 'PutObject' },
      ]);
      // after a reset (a rolled-back transaction) values are looked up again, never duplicated
      a.reset();
      expect(a.id('event_name', 'GetObject')).toBe(x);
      expect(db.prepare('SELECT count(*) FROM dict').pluck().get()).toBe(3);
    } finally {
      db.close();
    }
  });
});
