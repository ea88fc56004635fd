import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { probeCaseFile, TRAILSCOPE_APPLICATION_ID } from './case-probe.js';
import { MIGRATIONS } from './migrations/index.js';
import { EVENT_INDEXES } from './migrations/001-initial.js';
import { registerSqlFunctions } from './sql-functions.js';

export type { Database };

import { CaseFileError } from './case-file-error.js';

export { CaseFileError };

/** A read-only open of a case file written by an older trailscope: the schema needs a migration. */
export class CaseNeedsUpgradeError extends CaseFileError {
  constructor(
    readonly path: string,
    readonly from: number,
  ) {
    super(
      `case file ${path} was written by an older trailscope (schema ${from}); open it once with a command that writes (index, note) to upgrade it`,
    );
    this.name = 'CaseNeedsUpgradeError';
  }
}

export interface OpenOptions {
  /** Create the file when nothing is at the path (index and demo do; nothing else may). */
  create?: boolean;
  /** A read-only connection: no pragma, migration or sidecar file writes anything. */
  readonly?: boolean;
}

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/**
 * Open (and, for writers, migrate) a case file. Throws CaseFileError with a message fit for a user.
 *
 * What is at the path is decided from its bytes before SQLite opens it (case-probe.ts): an empty
 * file, a file that is not SQLite, or another program's database is refused untouched, with its
 * kind named. A new case file is created only where nothing exists, with O_EXCL (never through a
 * symlink). Writers end their connection by folding the WAL into the file and switching back to
 * rollback mode, so a case file at rest is one self-contained file that a read-only mount can open.
 */
export function openCaseFile(path: string, opts: OpenOptions = {}): Database {
  if (path === ':memory:')
    return configure(new BetterSqlite3(path), path, { fresh: true, readonly: false });
  const probe = probeCaseFile(path);
  if (probe.kind === 'foreign') {
    throw new CaseFileError(
      `refusing ${path}: ${probe.what}, not a trailscope case file; it was left untouched (give --db a new path or an existing case file)`,
    );
  }
  let fresh = false;
  if (probe.kind === 'missing') {
    if (!opts.create)
      throw new CaseFileError(
        `no case file at ${path} (run \`trailscope index PATH\` first, or pass --db)`,
      );
    if (opts.readonly) throw new CaseFileError(`no case file at ${path}`);
    createExclusive(path);
    fresh = true;
  } else if (probe.userVersion > SCHEMA_VERSION) {
    throw new CaseFileError(newerMessage(path, probe.userVersion));
  }
  let db: Database;
  try {
    db = new BetterSqlite3(path, { readonly: !!opts.readonly, fileMustExist: true });
  } catch (err) {
    throw new CaseFileError(`cannot open case file ${path}: ${(err as Error).message}`);
  }
  return configure(db, path, { fresh, readonly: !!opts.readonly });
}

function createExclusive(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o644));
  } catch (err) {
    throw new CaseFileError(`cannot create case file ${path}: ${(err as Error).message}`);
  }
}

function newerMessage(path: string, version: number): string {
  return `case file ${path} was written by a newer trailscope (schema ${version}, this one knows ${SCHEMA_VERSION}); upgrade trailscope`;
}

function configure(
  db: Database,
  path: string,
  how: { fresh: boolean; readonly: boolean },
): Database {
  try {
    db.pragma('busy_timeout = 5000');
    if (!how.readonly) {
      // page_size only takes effect before the first table is created. The stamp goes straight into
      // the file, before WAL mode, so a reader probing it mid-index sees a case file at once.
      if (how.fresh) {
        db.pragma('page_size = 16384');
        if (path !== ':memory:') db.pragma(`application_id = ${TRAILSCOPE_APPLICATION_ID}`);
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -65536'); // 64 MiB
    db.pragma('temp_store = MEMORY');
    db.pragma('mmap_size = 268435456');
    registerSqlFunctions(db);
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) throw new CaseFileError(newerMessage(path, current));
    if (current < SCHEMA_VERSION) {
      if (how.readonly) throw new CaseNeedsUpgradeError(path, current);
      if (current > 0 || hasTables(db)) migrate(db, current);
      else migrate(db, 0);
    }
    if (!how.readonly && path !== ':memory:') {
      if ((db.pragma('application_id', { simple: true }) as number) !== TRAILSCOPE_APPLICATION_ID) {
        db.pragma(`application_id = ${TRAILSCOPE_APPLICATION_ID}`);
      }
      settleOnClose(db);
    }
    return db;
  } catch (err) {
    db.close();
    if (err instanceof CaseFileError) throw err;
    const msg = (err as Error).message;
    if (/readonly database/i.test(msg)) {
      throw new CaseFileError(
        `${path} cannot be written here (read-only storage, or a folder or file this user cannot write); commands that only read still work`,
      );
    }
    if (/file is not a database|malformed/i.test(msg)) {
      throw new CaseFileError(`${path} is not a trailscope case file (or it is damaged): ${msg}`);
    }
    throw new CaseFileError(`cannot open case file ${path}: ${msg}`);
  }
}

/**
 * Every writer's last act: fold the WAL into the file (TRUNCATE leaves an empty `-wal`) and go
 * back to rollback mode, which also removes the `-wal` and `-shm`. Switching needs the file to
 * itself: with another connection open (a second indexer, the TUI) it stays in WAL mode, and the
 * last writer to close switches it. Never waits: a busy file is simply left in WAL mode.
 */
function settleOnClose(db: Database): void {
  const close = db.close.bind(db);
  db.close = (): Database => {
    if (db.open && !db.inTransaction) {
      try {
        db.pragma('busy_timeout = 0');
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.pragma('journal_mode = DELETE');
      } catch {
        // busy or read-only media: the WAL stays and SQLite folds it in on the next open
      }
    }
    return close();
  };
}

function hasTables(db: Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as {
    n: number;
  };
  if (row.n > 0 && !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'events'").get()) {
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
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Database, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * Temporary tables and sorts in files past the page cache instead of memory, as the index run's
 * derived passes have them (ingest-writer.ts): for a fresh connection that refreshes derived tables
 * (a full credential refresh holds every resolved key in a temporary table, ~100 MB at 410k keys).
 * Only before any temporary table exists: changing the setting drops them.
 */
export function spillTempToFiles(db: Database): Database {
  db.pragma('temp_store = DEFAULT');
  return db;
}

export function deleteMeta(db: Database, key: string): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
}

export function hasTable(db: Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}
