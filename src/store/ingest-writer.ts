import type { Database } from 'better-sqlite3';
import type { EventIdTable } from './event-id-table.js';
import { EventWriter, locatedChunk } from './event-writer.js';
import { FLAG_UNVERIFIED } from './event-row.js';
import { beginFile, fileByPath, finishFile, type FileStatus } from './files.js';
import {
  addEvidenceBlocks,
  clearEvidence,
  recordEvidence,
  setAsideEvidence,
  settleSetAside,
  storeLocatedCopies,
} from './evidence.js';
import { s3KeyOf } from '../domain/verify/digest.js';
import type { FileEnd, FileMessage } from '../ingest/messages.js';

/** Group commit: at most this many events or this long between commits. */
const GROUP_EVENTS = 20_000;
const GROUP_MS = 500;
/** Sigma hits held between messages before they are inserted (bounded: ~100 bytes each). */
const HIT_FLUSH = 20_000;

export interface FileDone extends FileEnd {
  path: string;
  added: number;
  duplicates: number;
}

/**
 * A file that is in the case file already and is being read again (changed, failed or pending):
 * what it vouched for before. Its provenance rows are replaced, not added to.
 */
export interface PreviousFile {
  sha256: string | null;
  /** Events its provenance rows pointed at before this run. */
  rowids: number[];
}

export interface WriteResult {
  added: number;
  duplicates: number;
  /** Set when the message finished its file. */
  done: FileDone | null;
}

/**
 * The single writer of an index run. Messages are grouped into transactions, each message a
 * savepoint: the file's row is (re)started with its first message and marked done with its last
 * batch, so a run killed at any point leaves every file either done or pending (redone next run;
 * the stored event IDs, through the unique index or the in-memory table that stands in for it
 * during a bulk load, and the provenance keys make the redo exact).
 */
export class IngestWriter {
  private readonly writer: EventWriter;
  /** Milliseconds spent inserting Sigma hits. */
  get hitMs(): number {
    return this.writer.hitMs;
  }
  private readonly open = new Map<
    string,
    {
      id: number;
      added: number;
      duplicates: number;
      differing: number;
      /** Row ids its batches stored copies in lie between these (none yet: Infinity, -1). */
      firstRowid: number;
      lastRowid: number;
    }
  >();
  private readonly tx;
  private readonly dropProv;
  private readonly hasProv;
  private readonly dropFile;
  private readonly dropVariants;
  private readonly flagUnverified;
  /** Files (and zip members) read again this run, by path; see `previousProvenance`. */
  private readonly previous: Map<string, PreviousFile>;

  constructor(
    private readonly db: Database,
    previous: Map<string, PreviousFile> = new Map(),
    /** Sigma rules whose hits the batches carry (evaluated in the parse workers). */
    ruleIds: readonly string[] = [],
  ) {
    this.writer = new EventWriter(db);
    this.writer.evaluatesRules(ruleIds);
    this.previous = previous;
    this.tx = db.transaction((msg: FileMessage): WriteResult => this.apply(msg));
    // by primary key (event_rowid, file_id): no need for prov_file, which a bulk load drops
    this.dropProv = db.prepare('DELETE FROM provenance WHERE event_rowid = ? AND file_id = ?');
    this.hasProv = db.prepare('SELECT 1 FROM provenance WHERE event_rowid = ? LIMIT 1').pluck();
    this.dropFile = db.prepare('DELETE FROM files WHERE id = ?');
    this.dropVariants = db.prepare('DELETE FROM event_variants WHERE file_id = ?');
    // the copies this file's batches stored (located in its bytes, or in a chunk of its own):
    // a row-id range bounds the scan, as batches of other files interleave with its own
    this.flagUnverified = db.prepare(
      `UPDATE events SET flags = flags | ${FLAG_UNVERIFIED}
        WHERE id BETWEEN ? AND ?
          AND ((raw_chunk = ? AND raw_index >= ?) OR raw_chunk IN (SELECT id FROM raw_chunks WHERE file_id = ?))`,
    );
  }

  private pendingEvents = 0;
  private openedAt = 0;
  /** Has a group with events been committed yet? */
  private committedEvents = false;

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
    const hits = this.writer.heldHits;
    try {
      r = this.tx(msg);
    } catch (err) {
      // rolled back to the savepoint: cached dict ids and file ids from it may not exist, and the
      // hits of its events go with them
      this.writer.reset();
      this.writer.dropHits(hits);
      this.open.clear();
      throw err;
    }
    this.pendingEvents += msg.batch?.n ?? 0;
    if (this.writer.heldHits >= HIT_FLUSH) this.writer.flushHits();
    if (
      this.pendingEvents >= GROUP_EVENTS ||
      Date.now() - this.openedAt >= GROUP_MS ||
      // the run's first events are committed at once: a TUI watching the case file shows them
      (!this.committedEvents && this.pendingEvents > 0)
    )
      this.commit();
    return r;
  }

  /** Commit what has been written (call at the end of a run, and before stopping). */
  commit(): void {
    if (this.db.inTransaction) {
      this.writer.flushHits();
      this.db.exec('COMMIT');
    }
    if (this.pendingEvents > 0) this.committedEvents = true;
    this.pendingEvents = 0;
    this.writer.settleDedupe();
  }

  /** Dedupe through `table` while the unique index is dropped (store/event-id-index.ts). */
  dedupeInMemory(table: EventIdTable): void {
    this.writer.dedupeInMemory(table);
  }

  /** Intern through `table` while dict's unique index is dropped (store/dict-index.ts). */
  internInMemory(table: EventIdTable): void {
    this.writer.internInMemory(table);
  }

  /**
   * The load is over: let go of what it held (the dictionary caches: up to 500k strings). Alive
   * through the derived passes, they kept the heap above the passes' collection thresholds, so
   * the notable pass collected every 2,000 candidates over a heap that was mostly these caches.
   */
  release(): void {
    this.writer.reset();
    this.writer.endDedupe();
    this.open.clear();
    this.previous.clear();
  }

  /** Give up the uncommitted group (after a write failed). */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.writer.reset();
    this.writer.dropHits();
    this.open.clear();
    this.pendingEvents = 0;
  }

  private apply(msg: FileMessage): WriteResult {
    const { file } = msg;
    let f = this.open.get(file.path);
    if (!f) {
      f = {
        id: beginFile(this.db, { path: file.path, size: file.size, mtimeMs: file.mtimeMs }),
        added: 0,
        duplicates: 0,
        differing: 0,
        firstRowid: Infinity,
        lastRowid: -1,
      };
      this.open.set(file.path, f);
      // Read again: what it held before no longer counts, only what it holds now. Cleared in the
      // transaction that marks it pending, so a kill leaves it pending (redone), never half-stale.
      const prev = this.previous.get(file.path);
      if (prev) {
        for (const rowid of prev.rowids) this.dropProv.run(rowid, f.id);
        this.dropVariants.run(f.id);
        setAsideEvidence(this.db, f.id);
      }
    }
    if (msg.evidence?.length) addEvidenceBlocks(this.db, f.id, msg.evidence);
    let added = 0;
    let duplicates = 0;
    if (msg.batch && msg.batch.n) {
      const r = this.writer.writePacked(f.id, msg.batch);
      added = r.added;
      duplicates = r.duplicates;
      f.added += added;
      f.duplicates += duplicates;
      f.differing += r.differing ?? 0;
      if (r.lastRowid !== undefined && r.lastRowid > 0) {
        f.firstRowid = Math.min(f.firstRowid, r.firstRowid!);
        f.lastRowid = Math.max(f.lastRowid, r.lastRowid);
      }
    }
    let done: FileDone | null = null;
    if (msg.end) {
      const before = this.previous.get(file.path);
      const e = {
        ...msg.end,
        warnings: [
          ...msg.end.warnings,
          ...this.replaced(file.path, msg.end),
          ...(f.differing
            ? [
                `${f.differing} cop${f.differing === 1 ? 'y' : 'ies'} of events already in the case file (from this file or another) differ from the stored copy byte for byte: all copies are kept, the event's detail in the TUI shows what differs, and caveat:differs lists them (a copy may have been altered, or only written differently)`,
              ]
            : []),
        ],
      };
      if (e.unverified && f.lastRowid > 0)
        this.flagUnverified.run(
          f.firstRowid,
          f.lastRowid,
          locatedChunk(f.id),
          e.verifiedBefore ?? 0,
          f.id,
        );
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
      // the bytes are kept for what was read whole and holds evidence (records may be located in
      // them, also in a file that failed after some); the rest keeps nothing
      const keep = e.evidence && (e.status === 'indexed' || e.status === 'digest' || e.records > 0);
      if (keep)
        recordEvidence(this.db, f.id, e.evidence!, s3KeyOf(file.path.replace(/^.*\.zip!/, '')));
      else clearEvidence(this.db, f.id);
      if (before)
        settleSetAside(this.db, f.id, keep ? e.evidence!.contentSha256 : null, before.rowids);
      this.open.delete(file.path);
      done = { ...e, path: file.path, added: f.added, duplicates: f.duplicates };
    }
    return { added, duplicates, done };
  }

  /**
   * Notes for a file that was read before: its content changed, and events only its earlier
   * content held. Those events are KEPT (their original records are in the case file, and
   * lineage, notable and insights refer to them; dropping them would make a re-run destructive),
   * but no file vouches for them any more, and the file's warnings say how many. For a zip
   * archive read whole, members that are gone from it (or all of them, if it is no longer a zip)
   * lose their rows the same way; members always end before their archive does.
   */
  private replaced(path: string, end: FileEnd): string[] {
    const notes: string[] = [];
    const prev = this.previous.get(path);
    let orphans = 0;
    if (prev) {
      this.previous.delete(path);
      if (prev.sha256 && end.sha256 && prev.sha256 !== end.sha256) {
        notes.push(
          `content changed since it was last indexed (SHA-256 was ${prev.sha256}): its provenance now describes the current content`,
        );
      }
      orphans = this.orphans(prev.rowids);
    }
    // read whole (an archive that is now damaged keeps its old members until it reads again)
    if (end.status !== 'failed') {
      let gone = 0;
      for (const [member, old] of this.previous) {
        if (!member.startsWith(path + '!')) continue;
        const row = fileByPath(this.db, member);
        if (row) {
          // its events stay (see above); records located in its bytes get a copy before they go
          storeLocatedCopies(this.db, row.id, row.id, old.rowids);
          clearEvidence(this.db, row.id);
          this.dropVariants.run(row.id);
          for (const rowid of old.rowids) this.dropProv.run(rowid, row.id);
          this.dropFile.run(row.id);
        }
        orphans += this.orphans(old.rowids);
        this.previous.delete(member);
        gone++;
      }
      if (gone)
        notes.push(
          `${gone} member(s) indexed before are no longer in the archive: their files rows and provenance were removed`,
        );
    }
    if (orphans) {
      notes.push(
        `${orphans} event(s) read from it before are no longer in it and in no other file: kept in the case file, without provenance`,
      );
    }
    return notes;
  }

  private orphans(rowids: readonly number[]): number {
    let n = 0;
    for (const rowid of rowids) if (this.hasProv.get(rowid) === undefined) n++;
    return n;
  }
}

/**
 * The provenance of files about to be read again (by path, zip members included), collected before
 * a bulk load drops the prov_file index: one pass, however many files.
 */
export function previousProvenance(
  db: Database,
  files: readonly { path: string; id: number; sha256: string | null }[],
): Map<string, PreviousFile> {
  const out = new Map<string, PreviousFile>();
  if (files.length === 0) return out;
  const byId = new Map<number, PreviousFile>();
  for (const f of files) {
    const p: PreviousFile = { sha256: f.sha256, rowids: [] };
    out.set(f.path, p);
    byId.set(f.id, p);
  }
  const rows = db
    .prepare(
      'SELECT file_id, event_rowid FROM provenance WHERE file_id IN (SELECT value FROM json_each(?))',
    )
    .raw()
    .iterate(JSON.stringify([...byId.keys()])) as IterableIterator<[number, number]>;
  for (const [fileId, rowid] of rows) byId.get(fileId)!.rowids.push(rowid);
  return out;
}

/** What the skip check needs about files already in the case file. */
export interface KnownFile {
  id: number;
  sha256: string | null;
  size: number | null;
  mtime_ms: number | null;
  status: FileStatus;
  carve: string | null;
}

export function knownFiles(db: Database): Map<string, KnownFile> {
  const rows = db
    .prepare('SELECT id, path, sha256, size, mtime_ms, status, carve FROM files')
    .all() as (KnownFile & { path: string })[];
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
  // 32 MiB of pages: without the event_id index (event-id-index.ts) the load's random-access B-tree
  // is the dictionary's; on the keys corpus (1M events, records near 8 MiB) 64 MiB took the run's
  // peak to 517 MiB, 32 MiB to 483, for ~1.4 s more of a 19 s load at 1M bench events
  db.pragma('cache_size = -32768');
  // lets SQLite's sorter use helper threads for the derived passes' sorts after the load (the
  // index builds go without: index-builds.ts)
  db.pragma('threads = 2');
  // no memory-mapped reads for this connection: index builds and afterIndex scan the whole case
  // file, and every mapped page would count as resident memory of the indexing process
  db.pragma('mmap_size = 0');
  // the derived tables' groupings and sorts after the load (credential key statistics, notable
  // candidates) spill to temporary files past the page cache instead of growing the process:
  // measured on 203k events of the wide corpus, the credential refresh grew it by 110 MB before,
  // 48 MB after (with each key's latest use kept as a row id, store/credentials.ts)
  db.pragma('temp_store = DEFAULT');
}

/**
 * After the load, before the derived tables: a smaller page cache, and the pages the load cached
 * handed back. The load needs a large cache (its B-trees stay hot); the passes after it read the
 * case file mostly in order. Measured on the wide corpus at 1M events: 64 MiB of cached pages were
 * still resident under the notable and Insights passes, at the run's peak (with the heap collected
 * between passes: 553 MiB, 498 MiB with this).
 */
export function beginDerivedPasses(db: Database): void {
  db.pragma('cache_size = -16384'); // 16 MiB
  db.pragma('threads = 2');
  db.pragma('shrink_memory');
}

/**
 * A second connection that reads beside the writer after the load (the notable rules' thread): a
 * small page cache, no memory-mapped pages (each would count as resident memory of the run), and
 * sorts that spill to temporary files past the cache, as the writer's do.
 */
export function beginApartReads(db: Database): void {
  db.pragma('cache_size = -8192'); // 8 MiB
  db.pragma('mmap_size = 0');
  db.pragma('temp_store = DEFAULT');
}

export function endBulkLoad(db: Database): void {
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  // cheap, sampled statistics so the planner picks the (field, time) indexes
  db.pragma('analysis_limit = 1000');
  db.exec('ANALYZE');
}
