import type { Database } from 'better-sqlite3';
import { EventWriter } from './event-writer.js';
import { beginFile, finishFile, type FileStatus } from './files.js';
import type { FileEnd, FileMessage } from '../ingest/messages.js';

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

  write(msg: FileMessage): WriteResult {
    try {
      return this.tx(msg);
    } catch (err) {
      // the transaction rolled back: cached dict ids and file ids from it may not exist
      this.writer.reset();
      this.open.clear();
      throw err;
    }
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
    if (msg.batch && msg.batch.events.length) {
      const r = this.writer.writeBatch(f.id, msg.batch.events, msg.batch.recordIndexes, msg.batch.chunk);
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
}

export function endBulkLoad(db: Database): void {
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  // cheap, sampled statistics so the planner picks the (field, time) indexes
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
}
