// Decides what a path holds BEFORE SQLite touches it. Opening a file with SQLite can write: a
// read-only connection on a WAL-mode database creates `-wal`/`-shm` beside it, pragmas rewrite the
// header, migrations add tables. So the kind of file is read from its bytes first, and only a
// trailscope case file is ever handed to SQLite (a foreign database in rollback mode, which a
// read-only connection cannot change, is inspected that way).
import BetterSqlite3 from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `PRAGMA application_id` of a trailscope case file ("TrSc"); stamped on every case file written. */
export const TRAILSCOPE_APPLICATION_ID = 0x54725363;

/** Tables every trailscope case file has had since the first schema (recognises files from before the stamp). */
const CASE_TABLES = ['meta', 'events', 'files', 'dict'] as const;

export type Probe =
  | { kind: 'missing' }
  | {
      kind: 'case';
      /** The header says WAL mode (a read-only connection then needs `-shm`, or creates it). */
      walMode: boolean;
      /** A non-empty `-wal` sits beside it: committed data may live only there. */
      walPending: boolean;
      /** A non-empty `-journal` sits beside it (an interrupted write in rollback mode). */
      hotJournal: boolean;
      userVersion: number;
      stamped: boolean;
    }
  | { kind: 'foreign'; what: string };

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What is at `path`, read without writing anything anywhere near it. */
export function probeCaseFile(path: string): Probe {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      // a dangling symlink is something, not nothing: creating through it would write elsewhere
      try {
        lstatSync(path);
        return { kind: 'foreign', what: 'a symbolic link to nothing' };
      } catch {
        return { kind: 'missing' };
      }
    }
    throw err;
  }
  if (st.isDirectory()) return { kind: 'foreign', what: 'a folder' };
  if (!st.isFile()) return { kind: 'foreign', what: 'not a regular file' };
  if (st.size === 0) return { kind: 'foreign', what: 'empty file' };
  const header = readHead(path, 100);
  if (header.length < 100 || !header.subarray(0, 16).equals(MAGIC))
    return { kind: 'foreign', what: 'not a SQLite file' };
  const walMode = header[18] === 2 || header[19] === 2;
  const userVersion = header.readUInt32BE(60);
  const appId = header.readUInt32BE(68);
  const walPending = nonEmpty(`${path}-wal`);
  const hotJournal = nonEmpty(`${path}-journal`);
  const found = { kind: 'case' as const, walMode, walPending, hotJournal, userVersion };
  if (appId === TRAILSCOPE_APPLICATION_ID) return { ...found, stamped: true };
  if (appId !== 0)
    return { kind: 'foreign', what: 'SQLite database that is not a trailscope case file' };
  // Unstamped: a case file from before the stamp, or anybody's database. Decide by its tables.
  const tables = schemaTables(path, header, walMode, walPending, hotJournal);
  if (!CASE_TABLES.every((t) => tables.has(t)))
    return { kind: 'foreign', what: 'SQLite database that is not a trailscope case file' };
  return { ...found, stamped: false };
}

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function nonEmpty(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

/**
 * Table names in the schema. Page 1 is read directly when it holds the whole schema and nothing
 * newer can be in a `-wal`; otherwise a rollback-mode file is asked through a read-only connection
 * (which cannot write to it), and a WAL-mode one through a copy in a temporary folder.
 */
function schemaTables(
  path: string,
  header: Buffer,
  walMode: boolean,
  walPending: boolean,
  hotJournal: boolean,
): Set<string> {
  if (!walPending && !hotJournal) {
    const fromPage = tablesOnPageOne(path, header);
    if (fromPage) return fromPage;
  }
  if (!walMode && !hotJournal) return tablesVia(path);
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-probe-'));
  try {
    const copy = join(dir, 'probe.db');
    copyFileSync(path, copy);
    if (walPending) copyFileSync(`${path}-wal`, `${copy}-wal`);
    return tablesVia(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tablesVia(path: string): Set<string> {
  let db;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return new Set(rows.map((r) => r.name));
  } catch {
    return new Set();
  } finally {
    db?.close();
  }
}

/**
 * The `sqlite_master` rows stored on page 1 when it is a leaf (the schema fits one page), read
 * from the file format directly (https://www.sqlite.org/fileformat.html). Null when page 1 is an
 * interior page or anything looks off: the caller falls back to asking SQLite.
 */
export function tablesOnPageOne(path: string, header: Buffer): Set<string> | null {
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return null;
  const page = readHead(path, pageSize);
  if (page.length < pageSize || page[100] !== 0x0d) return null;
  const usable = pageSize - header[20]!;
  const cells = page.readUInt16BE(103);
  const names = new Set<string>();
  try {
    for (let i = 0; i < cells; i++) {
      let p = page.readUInt16BE(108 + i * 2);
      const [, a] = varint(page, p); // payload size
      p = a;
      const [, b] = varint(page, p); // rowid
      p = b;
      const start = p;
      const [hdrLen, c] = varint(page, p);
      let q = c;
      const types: number[] = [];
      while (q < start + hdrLen && types.length < 2) {
        const [t, n] = varint(page, q);
        types.push(t);
        q = n;
      }
      let v = start + hdrLen;
      const text = (t: number): string | null => {
        if (t < 13 || t % 2 === 0) return null;
        const len = (t - 13) / 2;
        if (v + len > usable) throw new RangeError('overflow');
        const s = page.toString('utf8', v, v + len);
        v += len;
        return s;
      };
      const type = text(types[0] ?? 0);
      const name = text(types[1] ?? 0);
      if (type === 'table' && name !== null) names.add(name);
    }
  } catch {
    return null;
  }
  return names;
}

function varint(buf: Buffer, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 9; i++) {
    const byte = buf[at + i];
    if (byte === undefined) throw new RangeError('truncated varint');
    if (i === 8) return [v * 256 + byte, at + 9];
    v = v * 128 + (byte & 0x7f);
    if (byte < 0x80) return [v, at + i + 1];
  }
  return [v, at + 9];
}
