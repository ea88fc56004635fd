// Opening a case file for a command, by what the command may do to it (access.ts): read-only
// unless the command writes; a case file on read-only storage or in a folder this user cannot
// write works for every command that only reads.
import type { Database } from 'better-sqlite3';
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CaseFileError,
  CaseNeedsUpgradeError,
  openCaseFile,
  spillTempToFiles,
} from '../store/db.js';
import { probeCaseFile } from '../store/case-probe.js';
import { safeText } from '../util/safe-text.js';

export type CaseUse = 'create' | 'write' | 'read' | 'prefer-write';

/** Where a one-line notice goes (stderr; tests and the TUI pass their own). */
export type Notify = (line: string) => void;

const stderrNotice: Notify = (line) => process.stderr.write(`trailscope: ${line}\n`);

/** The file each open connection was opened for (a temporary copy knows its original). */
const origins = new WeakMap<Database, string>();

/**
 * Open the case file at `path` for `use`:
 * - create: index/demo; a new file only where nothing exists;
 * - write: responder data; refused, untouched, when the case file cannot be written;
 * - read: a read-only connection (a temporary copy when read-only storage holds a WAL or journal
 *   it cannot open, or when the schema needs an upgrade);
 * - prefer-write: the TUI; writable when it can be, else read-only with a notice.
 */
export function openCase(path: string, use: CaseUse, notify: Notify = stderrNotice): Database {
  if (use === 'create') return remember(openCaseFile(path, { create: true }), path);
  if (use === 'write') {
    refuseUnwritable(path);
    return remember(openCaseFile(path), path);
  }
  if (use === 'prefer-write' && probeCaseFile(path).kind === 'case' && writableLocation(path))
    return remember(openCaseFile(path), path);
  const db = openForReading(path, notify);
  if (use === 'prefer-write')
    notify(
      `${safeText(path)} cannot be written here: opened read-only (notes and tags cannot be saved)`,
    );
  return db;
}

/** The case file a connection belongs to (its original when it reads a temporary copy). */
export function caseOrigin(db: Database): string {
  return origins.get(db) ?? db.name;
}

/**
 * Derived tables are missing or out of date on a read-only connection: reopen the case file for
 * writing when it can be written, else compute in a temporary copy for this run. Says which.
 */
export function forDerived(db: Database, what: string, notify: Notify = stderrNotice): Database {
  if (!db.readonly) return db;
  const path = caseOrigin(db);
  db.close();
  if (writableLocation(path)) {
    notify(`bringing ${what} up to date in the case file`);
    // a full credential refresh holds every resolved key in a temporary table until it is applied
    return spillTempToFiles(remember(openCaseFile(path), path));
  }
  notify(
    `${safeText(path)} is read-only here: ${what} computed in a temporary copy for this run (not saved)`,
  );
  return spillTempToFiles(openCopy(path, { writable: true }));
}

/**
 * Responder data is about to be written: reopen for writing, or refuse (the read-only connection
 * is closed either way; the caller reopens nothing).
 */
export function forResponderData(db: Database): Database {
  if (!db.readonly) return db;
  const path = caseOrigin(db);
  db.close();
  refuseUnwritable(path);
  return remember(openCaseFile(path), path);
}

/**
 * Whether trailscope may write beside the case file: the file and its folder (SQLite writes
 * `-wal`/`-shm`/`-journal` there). EROFS (read-only mounts) and EACCES both count; root passes
 * permission checks but not a read-only mount.
 */
export function writableLocation(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function refuseUnwritable(path: string): void {
  if (existsSync(path) && !writableLocation(path)) {
    throw new CaseFileError(
      `${path} is on read-only storage or in a folder this user cannot write; this command needs to write it (commands that only read still work)`,
    );
  }
}

function remember(db: Database, origin: string): Database {
  origins.set(db, origin);
  return db;
}

function openForReading(path: string, notify: Notify): Database {
  const probe = probeCaseFile(path);
  if (probe.kind !== 'case') return openCaseFile(path, { readonly: true }); // throws the right message
  const writable = writableLocation(path);
  // On read-only storage SQLite cannot create the `-shm` a WAL-mode file needs, nor roll back a
  // journal: read a copy instead. (SQLite's immutable=1 would skip both, but better-sqlite3 does
  // not parse URI filenames; case files at rest are in rollback mode, so this is the exception.)
  if (!writable && (probe.walMode || probe.walPending || probe.hotJournal)) {
    const why = probe.walPending
      ? 'has an unfinished write-ahead log'
      : probe.hotJournal
        ? 'has an unfinished journal'
        : 'is in write-ahead-log mode';
    notify(`${safeText(path)} is read-only here and ${why}: reading a temporary copy`);
    return readCopy(path, notify);
  }
  try {
    return remember(openCaseFile(path, { readonly: true }), path);
  } catch (err) {
    if (!(err instanceof CaseNeedsUpgradeError)) throw err;
    return upgradedCopy(path, err, notify);
  }
}

function upgradedCopy(path: string, err: CaseNeedsUpgradeError, notify: Notify): Database {
  notify(
    `${safeText(path)} was written by an older trailscope (schema ${err.from}): upgraded in a temporary copy for this run; a command that writes (index, note) upgrades it in place`,
  );
  return openCopy(path, { writable: true });
}

function readCopy(path: string, notify: Notify): Database {
  try {
    return openCopy(path, { writable: false });
  } catch (err) {
    if (!(err instanceof CaseNeedsUpgradeError)) throw err;
    return upgradedCopy(path, err, notify);
  }
}

/**
 * A copy of the case file (and its WAL) in a private temporary folder, removed when the connection
 * closes or the process exits.
 */
function openCopy(path: string, opts: { writable: boolean }): Database {
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-case-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  try {
    const copy = join(dir, 'case.db');
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0)
      copyFileSync(`${path}-wal`, `${copy}-wal`);
    const db = opts.writable ? openCaseFile(copy) : openCaseFile(copy, { readonly: true });
    const close = db.close.bind(db);
    db.close = (): Database => {
      const r = close();
      remove();
      return r;
    };
    return remember(db, path);
  } catch (err) {
    remove();
    throw err;
  }
}
