import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCaseFile, type Database } from '../../../src/store/db.js';
import { EventReader } from '../../../src/store/event-reader.js';
import { MATCH_ALL } from '../../../src/store/filter-sql.js';
import { exportEvents } from '../../../src/tui/events/export-file.js';
import { addRecords, ctEvent } from '../../helpers/case-file.js';

let dir = '';
let db: Database;
let casePath = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-tui-export-'));
  casePath = join(dir, 'case.db');
  db = openCaseFile(casePath, { create: true });
  addRecords(
    db,
    Array.from({ length: 5000 }, (_, i) => ctEvent({ eventID: `e-${i}` })),
    '/evidence/a.json',
  );
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the TUI x export', () => {
  it('a write that fails midway (a full disk) leaves neither the target nor a temporary file, and the same name works next', () => {
    const reader = new EventReader(db);
    let calls = 0;
    const failing = Object.create(reader) as EventReader;
    failing.rawText = (row) => {
      if (++calls > 3000)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      return reader.rawText(row);
    };
    const target = join(dir, 'view.jsonl');
    expect(() => exportEvents(db, failing, MATCH_ALL, 'asc', target)).toThrow(/ENOSPC/);
    expect(readdirSync(dir).filter((n) => !n.startsWith('case.db'))).toEqual([]);
    expect(exportEvents(db, reader, MATCH_ALL, 'asc', target)).toBe(5000);
    expect(readFileSync(target, 'utf8').trim().split('\n')).toHaveLength(5000);
    // never overwrites, and never the case file
    expect(() => exportEvents(db, reader, MATCH_ALL, 'asc', target)).toThrow(/exists/);
    expect(() => exportEvents(db, reader, MATCH_ALL, 'asc', casePath)).toThrow(
      /case file being read/,
    );
  });
});
