import type { Database } from 'better-sqlite3';
import { EventWriter } from './event-writer.js';
import { beginFile, finishFile, type FileStatus } from './files.js';
import type { FileEnd, FileMessage } from '../ingest/messages.js';

/** Group commit: at most this many events or this long between commits. */
const GROUP_EVENTS = 20_000;
const GROUP_MS = 500;

export interface FileDone extends FileEnd {
  path: string;
  added: number;
  duplicates: number;
}

export interface WriteResult {
  added: number;
  duplicates: number;
  /** Set when the message finished its file. */
  done: FileDone | null;
}

/**
 * The single writer of an index run. Each message is one transaction: the file's row is (re)started
 * in the transaction of its first message and marked done in the transaction of its last batch, so
 * a run killed at any point leaves every file either done or pending (redone next run; eventID and
 * provenance keys make the redo exact).
 */
export class IngestWriter {
  private readonly writer: EventWriter;
  private readonly open = new Map<string, { id: number; added: number; duplicates: number }>();
  private readonly tx;

  constructor(private readonly db: Database) {
    this.writer = new EventWriter(db);
    this.tx = db.transaction((msg: FileMessage): WriteResult => this.apply(msg));
  }

  private pendingEvents = 0;
  private openedAt = 0;

  /**
   * Apply one message. Messages are grouped into one outer transaction (committed every few
   * thousand events or half a second): per-message commits cost more than the inserts. Each
   * message is a savepoint inside it, so a failing message leaves the others intact; a kill loses
   * at most the uncommitted group, never consistency.
   */
  write(msg: FileMessage): WriteResult {
    if (!this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.openedAt = Date.now();
      this.pendingEvents = 0;
    }
    let r: WriteResult;
    try {
      r = this.tx(msg);
    } catch (err) {
      // rolled back to the savepoint: cached dict ids and file ids from it may not exist
      this.writer.reset();
      this.open.clear();
      throw err;
    }
    this.pendingEvents += msg.batch?.n ?? 0;
    if (this.pendingEvents >= GROUP_EVENTS || Date.now() - this.openedAt >= GROUP_MS) this.commit();
    return r;
  }

  /** Commit what has been written (call at the end of a run, and before stopping). */
  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.pendingEvents = 0;
  }

  /** Give up the uncommitted group (after a write failed). */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.writer.reset();
    this.open.clear();
    this.pendingEvents = 0;
  }

  private apply(msg: FileMessage): WriteResult {
    const { file } = msg;
    let f = this.open.get(file.path);
    if (!f) {
      f = { id: beginFile(this.db, { path: file.path, size: file.size, mtimeMs: file.mtimeMs }), added: 0, duplicates: 0 };
      this.open.set(file.path, f);
    }
    let added = 0;
    let duplicates = 0;
    if (msg.batch && msg.batch.n) {
      const r = this.writer.writePacked(f.id, msg.batch);
      added = r.added;
      duplicates = r.duplicates;
      f.added += added;
      f.duplicates += duplicates;
    }
    let done: FileDone | null = null;
    if (msg.end) {
      const e = msg.end;
      finishFile(this.db, f.id, {
        status: e.status as FileStatus,
        shape: e.shape,
        sha256: e.sha256,
        events: e.records,
        added: f.added,
        duplicates: f.duplicates,
        error: e.error,
        warnings: e.warnings,
        digest: e.digest ?? null,
      });
      this.open.delete(file.path);
      done = { ...e, path: file.path, added: f.added, duplicates: f.duplicates };
    }
    return { added, duplicates, done };
  }
}

/** What the skip check needs about files already in the case file. */
export interface KnownFile {
  size: number | null;
  mtime_ms: number | null;
  status: FileStatus;
}

export function knownFiles(db: Database): Map<string, KnownFile> {
  const rows = db.prepare('SELECT path, size, mtime_ms, status FROM files').all() as (KnownFile & { path: string })[];
  return new Map(rows.map((r) => [r.path, r]));
}

export function eventCount(db: Database): number {
  return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
}

export function lastEventRowid(db: Database): number {
  return (db.prepare('SELECT max(id) FROM events').pluck().get() as number | null) ?? 0;
}

/** Bulk-load mode: no fsync per transaction (a killed process loses nothing committed; WAL keeps it consistent). */
export function beginBulkLoad(db: Database): void {
  db.pragma('synchronous = OFF');
  // lets SQLite's sorter use helper threads when the secondary indexes are built after the load
  db.pragma('threads = 2');
  // no memory-mapped reads for this connection: index builds and afterIndex scan the whole case
  // file, and every mapped page would count as resident memory of the indexing process
  db.pragma('mmap_size = 0');
}

export function endBulkLoad(db: Database): void {
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  // cheap, sampled statistics so the planner picks the (field, time) indexes
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
}
