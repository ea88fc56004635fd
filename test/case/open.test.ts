import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  probeCaseFile,
  tablesOnPageOne,
  TRAILSCOPE_APPLICATION_ID,
} from '../../src/store/case-probe.js';
import { CaseFileError, openCaseFile, SCHEMA_VERSION } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { caseOrigin, forDerived, openCase } from '../../src/case/open.js';
import {
  beginOutput,
  OutputFileError,
  refuseCaseFileTarget,
  writeOutputFile,
} from '../../src/case/output-file.js';
import { addRecords, ctEvent } from '../helpers/case-file.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-case-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Everything in the folder with its content hash: a refused open must leave it exactly so. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((n) => [n, existsSync(join(dir, n)) ? sha(join(dir, n)) : 'gone']),
  );
}

/** Another program's database, like a browser history found in the evidence. */
function foreignDb(
  name: string,
  opts: { userVersion: number; wal: boolean; tables?: string[] },
): string {
  const p = join(dir, name);
  const db = new BetterSqlite3(p);
  if (opts.wal) db.pragma('journal_mode = WAL');
  for (const t of opts.tables ?? ['urls', 'visits'])
    db.exec(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, url TEXT)`);
  db.exec(`INSERT INTO ${(opts.tables ?? ['urls'])[0]} (url) VALUES ('https://example.com')`);
  db.pragma(`user_version = ${opts.userVersion}`);
  db.close(); // a WAL-mode file keeps its WAL header bytes after a clean close
  return p;
}

function caseDb(name: string): string {
  const p = join(dir, name);
  const db = openCaseFile(p, { create: true });
  addRecords(db, [ctEvent({ eventID: 'e-1' }), ctEvent({ eventID: 'e-2' })], '/evidence/a.json');
  db.close();
  return p;
}

describe('what is at a path is decided before SQLite opens it', () => {
  it('names each kind of foreign file and leaves it, and its folder, untouched for every use', () => {
    const files = {
      empty: (() => {
        const p = join(dir, 'empty.db');
        writeFileSync(p, '');
        return p;
      })(),
      text: (() => {
        const p = join(dir, 'notes.txt');
        writeFileSync(
          p,
          'not a database at all, but long enough to hold a header of one hundred bytes '.repeat(3),
        );
        return p;
      })(),
      ...Object.fromEntries(
        [1, 2, 3, 4, 9].flatMap((v) => [
          [
            `history-v${v}-wal`,
            foreignDb(`history-v${v}-wal.sqlite`, { userVersion: v, wal: true }),
          ],
          [`history-v${v}`, foreignDb(`history-v${v}.sqlite`, { userVersion: v, wal: false })],
        ]),
      ),
      // has an events table, still not ours
      lookalike: foreignDb('lookalike.sqlite', {
        userVersion: 2,
        wal: true,
        tables: ['events', 'meta'],
      }),
    };
    const before = snapshot();
    const kinds: Record<string, RegExp> = {
      empty: /empty file/,
      text: /not a SQLite file/,
    };
    for (const [label, p] of Object.entries(files)) {
      const want = kinds[label] ?? /SQLite database that is not a trailscope case file/;
      expect(probeCaseFile(p)).toMatchObject({ kind: 'foreign' });
      for (const use of ['create', 'write', 'read', 'prefer-write'] as const) {
        expect(() => openCase(p, use, () => {}), `${label} ${use}`).toThrow(want);
      }
      expect(() => openCaseFile(p, { create: true })).toThrow(CaseFileError);
    }
    expect(snapshot()).toEqual(before);
  });

  it('refuses a dangling symlink instead of creating through it', () => {
    const link = join(dir, 'case.db');
    symlinkSync(join(dir, 'elsewhere', 'x.db'), link);
    expect(() => openCase(link, 'create', () => {})).toThrow(/symbolic link/);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
  });

  it('recognises a case file by its stamp, and one from before the stamp by its tables (WAL mode, page 1 read directly)', () => {
    const stamped = caseDb('case.db');
    expect(probeCaseFile(stamped)).toMatchObject({
      kind: 'case',
      stamped: true,
      walMode: false,
      walPending: false,
    });
    // an older case file: no application_id, left in WAL mode
    const legacy = caseDb('legacy.db');
    const raw = new BetterSqlite3(legacy);
    raw.pragma('application_id = 0');
    raw.pragma('journal_mode = WAL');
    raw.close();
    const before = snapshot();
    expect(probeCaseFile(legacy)).toMatchObject({ kind: 'case', stamped: false, walMode: true });
    expect([...(tablesOnPageOne(legacy, readFileSync(legacy).subarray(0, 100)) ?? [])]).toEqual(
      expect.arrayContaining(['meta', 'events', 'files', 'dict']),
    );
    expect(snapshot()).toEqual(before); // no -wal/-shm appeared
    const db = openCase(legacy, 'write');
    expect(db.pragma('application_id', { simple: true })).toBe(TRAILSCOPE_APPLICATION_ID);
    db.close();
    expect(existsSync(`${legacy}-wal`)).toBe(false);
  });

  it('creates only where nothing exists; an empty file is refused, not turned into a case file', () => {
    const p = join(dir, 'new.db');
    expect(() => openCase(p, 'read', () => {})).toThrow(/no case file/);
    expect(() => openCase(p, 'write', () => {})).toThrow(/no case file/);
    expect(existsSync(p)).toBe(false);
    openCase(p, 'create').close();
    expect(probeCaseFile(p)).toMatchObject({ kind: 'case', stamped: true });
  });
});

describe('reading never writes the case file', () => {
  it('a read-only open leaves the file and its folder byte for byte as they were, with no -wal or -shm', () => {
    const p = caseDb('case.db');
    const before = snapshot();
    const db = openCase(p, 'read');
    expect(db.readonly).toBe(true);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
    expect(() => db.exec("INSERT INTO meta(key, value) VALUES ('x', 'y')")).toThrow(/readonly/);
    db.close();
    expect(snapshot()).toEqual(before);
  });

  it('a writer leaves one self-contained file: WAL folded in, rollback mode at rest', () => {
    const p = caseDb('case.db');
    const db = openCase(p, 'write');
    db.exec("INSERT INTO meta(key, value) VALUES ('x', 'y')");
    db.close();
    expect(readdirSync(dir)).toEqual(['case.db']);
    expect(readFileSync(p).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
  });

  it('an older schema is upgraded in a temporary copy for a reader; the original is untouched', () => {
    const p = join(dir, 'old.db');
    const raw = new BetterSqlite3(p);
    for (const m of MIGRATIONS.filter((m) => m.version < SCHEMA_VERSION)) {
      if (typeof m.up === 'string') raw.exec(m.up);
      else m.up(raw);
      raw.pragma(`user_version = ${m.version}`);
    }
    raw.close();
    const before = snapshot();
    const notes: string[] = [];
    const db = openCase(p, 'read', (l) => notes.push(l));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(caseOrigin(db)).toBe(p);
    expect(db.name).not.toBe(p);
    const copyDir = db.name;
    db.close();
    expect(existsSync(copyDir)).toBe(false); // the copy goes with the connection
    expect(notes.join('\n')).toMatch(/older trailscope .* temporary copy/);
    expect(snapshot()).toEqual(before);
  });

  it('derived tables out of date: a writable case file is reopened for writing, and says so', () => {
    const p = caseDb('case.db');
    const notes: string[] = [];
    const ro = openCase(p, 'read');
    const rw = forDerived(ro, 'rule results', (l) => notes.push(l));
    expect(ro.open).toBe(false);
    expect(rw.readonly).toBe(false);
    expect(rw.name).toBe(p);
    // its temporary tables and sorts spill to files, as the index run's do (0: the build's default)
    expect(rw.pragma('temp_store', { simple: true })).toBe(0);
    rw.close();
    expect(notes).toEqual(['bringing rule results up to date in the case file']);
  });
});

describe('outputs', () => {
  it('never the case file: by name, -wal/-shm, a hard link or a symlink, whatever --force says', () => {
    const p = caseDb('case.db');
    linkSync(p, join(dir, 'hard.db'));
    symlinkSync(p, join(dir, 'soft.db'));
    for (const target of [
      p,
      `${p}-wal`,
      `${p}-shm`,
      join(dir, 'hard.db'),
      join(dir, 'soft.db'),
      join(dir, '.', '..', 'trailscope-case-open-x', '..', dir.split('/').pop()!, 'case.db'),
    ]) {
      expect(() => refuseCaseFileTarget(target, p), target).toThrow(OutputFileError);
      expect(() => beginOutput(target, { overwrite: true, caseFile: p }), target).toThrow(
        /case file being read/,
      );
    }
    expect(sha(p)).toBe(sha(join(dir, 'hard.db')));
  });

  it('a failed write leaves neither a truncated target nor a temporary file, and the same name works next time', () => {
    const target = join(dir, 'out.jsonl');
    const out = beginOutput(target);
    out.write('{"partial":');
    out.abort(); // what a disk-full error does
    expect(readdirSync(dir)).toEqual([]);
    writeOutputFile(target, '{"whole":true}\n');
    expect(readFileSync(target, 'utf8')).toBe('{"whole":true}\n');
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
    expect(() => writeOutputFile(target, 'again')).toThrow(/exists/);
    writeOutputFile(target, 'replaced\n', { overwrite: true });
    expect(readFileSync(target, 'utf8')).toBe('replaced\n');
  });

  it('a target created while the export ran is not replaced without --force', () => {
    const target = join(dir, 'race.csv');
    const out = beginOutput(target);
    out.write('a,b\n');
    writeFileSync(target, 'someone else');
    expect(() => out.commit()).toThrow(/exists/);
    expect(readFileSync(target, 'utf8')).toBe('someone else');
    expect(readdirSync(dir)).toEqual(['race.csv']);
  });
});
