import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MIGRATIONS } from './migrations/index.js';
import { EVENT_INDEXES } from './migrations/001-initial.js';
import { registerSqlFunctions } from './sql-functions.js';

export type { Database };

export class CaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFileError';
  }
}

export interface OpenOptions {
  /** Create the file when it does not exist (index does; open/query do not). */
  create?: boolean;
  readonly?: boolean;
}

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Open (and migrate) a case file. Throws CaseFileError with a message fit for a user. */
export function openCaseFile(path: string, opts: OpenOptions = {}): Database {
  if (path !== ':memory:' && !opts.create && !existsSync(path)) {
    throw new CaseFileError(`no case file at ${path} (run \`trailscope index PATH\` first, or pass --db)`);
  }
  let db: Database;
  try {
    db = new BetterSqlite3(path, { readonly: !!opts.readonly, fileMustExist: !opts.create });
  } catch (err) {
    throw new CaseFileError(`cannot open case file ${path}: ${(err as Error).message}`);
  }
  try {
    if (!opts.readonly) {
      // page_size only takes effect before the first table is created.
      db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -65536'); // 64 MiB
    db.pragma('temp_store = MEMORY');
    db.pragma('mmap_size = 268435456');
    db.pragma('busy_timeout = 5000');
    registerSqlFunctions(db);
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new CaseFileError(
        `case file ${path} was written by a newer trailscope (schema ${current}, this one knows ${SCHEMA_VERSION}); upgrade trailscope`,
      );
    }
    if (current < SCHEMA_VERSION) {
      if (opts.readonly) {
        throw new CaseFileError(`case file ${path} needs an upgrade; open it once without --readonly`);
      }
      if (current > 0 || hasTables(db)) migrate(db, current);
      else migrate(db, 0);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof CaseFileError) throw err;
    const msg = (err as Error).message;
    if (/file is not a database|malformed/i.test(msg)) {
      throw new CaseFileError(`${path} is not a trailscope case file (or it is damaged): ${msg}`);
    }
    throw new CaseFileError(`cannot open case file ${path}: ${msg}`);
  }
}

function hasTables(db: Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (row.n > 0 && !(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'events'").get())) {
    throw new CaseFileError('this SQLite file is not a trailscope case file');
  }
  return row.n > 0;
}

function migrate(db: Database, from: number): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

/** Build the secondary indexes (idempotent). Called after bulk loads. */
export function ensureIndexes(db: Database): void {
  for (const sql of EVENT_INDEXES) db.exec(sql);
}

/** Drop secondary indexes before a large bulk load into an empty or small table. */
export function dropIndexes(db: Database): void {
  for (const sql of EVENT_INDEXES) {
    const name = /EXISTS (\w+)/.exec(sql)?.[1];
    if (name) db.exec(`DROP INDEX IF EXISTS ${name}`);
  }
}

export function getMeta(db: Database, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
