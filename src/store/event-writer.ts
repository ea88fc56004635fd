import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Database, Statement } from 'better-sqlite3';
import {
  FLAG_ENGINE_IMPORT,
  FLAG_EVENT_ID_DERIVED,
  FLAG_REBUILT,
  FLAG_TIME_UNPARSED,
  FLAG_UNVERIFIED,
  INTERNED_FIELDS,
  RESOURCE_NAME_FIELD,
  RESOURCE_TYPE_FIELD,
  WORKLOAD_HINTS_FIELD,
  storedEventTime,
  type NormalizedEvent,
} from './event-row.js';
import { NF, NUMS, TEXTS, type PackedBatch } from './packed-batch.js';
import { ruleNumber } from './sigma.js';
import type { EventIdTable } from './event-id-table.js';
import { ensureEventIdIndex } from './event-id-index.js';
import { dictKey, ensureDictIndex } from './dict-index.js';

/** A stored copy with one of these gives way to a copy without `STRONG_NOT` (see writePacked). */
const WEAKER = FLAG_ENGINE_IMPORT | FLAG_REBUILT | FLAG_UNVERIFIED;
/** A copy with one of these replaces nothing. */
const STRONG_NOT = FLAG_ENGINE_IMPORT | FLAG_REBUILT;

/** Interning cache bound: past it we fall back to SQL look-ups, so memory stays flat on huge inputs. */
const DICT_CACHE_MAX = 500_000;
/**
 * The bound while the in-memory table of a bulk load answers the misses (dict-index.ts): a miss
 * then costs a hash probe and a look-up by row id, so fewer cached strings do. Measured on the
 * keys corpus (1M events, 1.4M values): with 500k the load's peak RSS was 556 MiB (the bound is
 * 512), with 200k 460 MiB, and the load took 26.7 s instead of 31.2 s.
 */
const DICT_CACHE_MAX_WITH_TABLE = 200_000;
/** Sigma hits per INSERT statement (four parameters each, far below SQLite's limit). */
const HITS_PER_INSERT = 64;
/** Numbers per held hit: rule number, event rowid, event time, 1 if the call succeeded. */
const HIT = 4;
const ERROR_CODE = INTERNED_FIELDS.indexOf('error_code');
const ERROR_MESSAGE = INTERNED_FIELDS.indexOf('error_message');

/**
 * Turns strings into dict ids, inserting new ones. One per writer connection.
 *
 * A field with no value in the dict when its cache was made (a new case file, a field seen for the
 * first time) has every value of the dict in its cache until a value is evicted: a miss is then a
 * new value, inserted without looking it up in the dict's B-tree first (half the B-tree work of a
 * bulk load's interning). Once a cache was cleared, a miss looks the value up as before.
 */
export class Interner {
  /** One map per field: no key concatenation on the hot path. */
  private caches = new Map<string, Map<string, number>>();
  /** Caches that hold every dict value of their field. */
  private readonly complete = new WeakSet<Map<string, number>>();
  private size = 0;
  private readonly select;
  private readonly insert;
  private readonly anyOfField;
  private readonly rowAt;
  /**
   * While a bulk load runs without dict's unique index (dict-index.ts): every stored value, the
   * authority on what is new. The caches above stay what they are, the fast path.
   */
  private table: EventIdTable | null = null;

  constructor(private readonly db: Database) {
    this.select = db.prepare('SELECT id FROM dict WHERE field = ? AND value = ?').pluck();
    this.insert = db.prepare('INSERT INTO dict(field, value) VALUES (?, ?)');
    this.anyOfField = db.prepare('SELECT 1 FROM dict WHERE field = ? LIMIT 1').pluck();
    this.rowAt = db.prepare('SELECT field, value FROM dict WHERE id = ?').raw();
  }

  /** Intern through `table` while the unique index is dropped (a bulk load). */
  dedupeInMemory(table: EventIdTable | null): void {
    this.table = table;
  }

  /** The in-memory table has grown past its bound: the caller builds the index between transactions. */
  get tableFull(): boolean {
    return this.table?.full ?? false;
  }

  /** The cache of one field; look it up once per batch, not per value. */
  cacheFor(field: string): Map<string, number> {
    let c = this.caches.get(field);
    if (!c) {
      c = new Map();
      this.caches.set(field, c);
      // (with the table, a miss is looked up in it: no scan of an unindexed dict here)
      if (!this.table && this.anyOfField.get(field) === undefined) this.complete.add(c);
    }
    return c;
  }

  id(
    field: string,
    value: string | null,
    cache: Map<string, number> = this.cacheFor(field),
  ): number | null {
    if (value === null) return null;
    const hit = cache.get(value);
    if (hit !== undefined) return hit;
    let id: number | undefined;
    const table = this.table;
    if (table) {
      const key = dictKey(field, value);
      id =
        table.find(key, (rowid) => {
          const row = this.rowAt.get(rowid) as [string, string] | undefined;
          return row !== undefined && row[0] === field && row[1] === value;
        }) || undefined;
      if (id === undefined) {
        id = Number(this.insert.run(field, value).lastInsertRowid);
        table.add(key, id);
      }
    } else {
      id = this.complete.has(cache) ? this.insertFresh(field, value) : undefined;
      id ??= this.select.get(field, value) as number | undefined;
      if (id === undefined) id = Number(this.insert.run(field, value).lastInsertRowid);
    }
    if (this.size >= (this.table ? DICT_CACHE_MAX_WITH_TABLE : DICT_CACHE_MAX)) this.reset();
    cache.set(value, id);
    this.size++;
    return id;
  }

  /**
   * Insert a value the cache says is new. Another index run on the same case file may have added
   * it between two of this run's transactions: the unique key refuses it, and it is looked up.
   * (Not `ON CONFLICT … RETURNING`: measured slower than a look-up and an insert.)
   */
  private insertFresh(field: string, value: string): number | undefined {
    try {
      return Number(this.insert.run(field, value).lastInsertRowid);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      throw err;
    }
  }

  /** Forget cached ids (after a rollback, cached ids may point at rows that no longer exist). */
  reset(): void {
    for (const c of this.caches.values()) {
      c.clear();
      this.complete.delete(c);
    }
    this.size = 0;
  }
}

/**
 * Where an event's original record is: `(raw_chunk, raw_index)` is a stored copy (a `raw_chunks`
 * row and the record's line in it) when raw_chunk > 0, and a record located in a file's evidence
 * bytes when raw_chunk < 0: the file is -raw_chunk and raw_index the record's byte offset in the
 * file's content (its end is where that JSON value ends). Readers go through EventReader.
 */
export const locatedChunk = (fileId: number): number => -fileId;

/** Compress records as newline-separated single-line JSON. */
export function encodeRawChunk(raws: readonly string[]): Buffer {
  return deflateRawSync(Buffer.from(raws.join('\n'), 'utf8'), { level: 1 });
}

export function decodeRawChunk(data: Buffer): string[] {
  return inflateRawSync(data).toString('utf8').split('\n');
}

export interface BatchResult {
  added: number;
  duplicates: number;
  /** Duplicates whose bytes differ from the stored copy's (both kept: event_variants). */
  differing?: number;
  /** The lowest and highest row ids this batch stored a copy in (none: 0 and -1). */
  firstRowid?: number;
  lastRowid?: number;
}

/**
 * Writes batches of events for one file. Not transactional by itself: callers wrap `writeBatch`
 * (and the file's status update) in `db.transaction` so a kill leaves either all of a batch or none.
 */
export class EventWriter {
  private readonly interner: Interner;
  private readonly insertChunk;
  /** The insert that skips a stored event ID through the unique index (prepared once it exists). */
  private insertOrSkip: Statement | null = null;
  private readonly insertNew;
  private readonly insertSql;
  private readonly findEvent;
  private readonly findCopy;
  private readonly idAt;
  /** The stored event IDs while the unique index is absent (a bulk load); else null. */
  private idTable: EventIdTable | null = null;
  /** The event ID `store` looks for, and the table's check of a row against it (one function, not one per event). */
  private sought = '';
  private readonly holdsSought = (rowid: number): boolean => this.idAt.get(rowid) === this.sought;
  private readonly insertVariant;
  private readonly insertProv;
  private readonly insertRes;
  private readonly deleteChunk;
  private readonly upgradeEvent;
  private readonly upgradeById;
  private readonly chunkFile;
  private readonly recordIndexIn;
  private readonly deleteRes;

  /**
   * A conflicting event that replaced a weaker stored copy (from an engine's result, rebuilt from a
   * lookup summary, or read from damaged data): its new row values are `params`. A copy that is
   * itself one of the first two replaces nothing.
   */
  private upgrade(params: readonly unknown[], storedId: number): number | null {
    if (((params[3] as number) & (FLAG_ENGINE_IMPORT | FLAG_REBUILT)) !== 0) return null;
    const id = this.upgradeEvent.get(...params.slice(1), storedId) as number | undefined;
    if (id === undefined) return null;
    this.deleteRes.run(id);
    return id;
  }

  constructor(private readonly db: Database) {
    this.interner = new Interner(db);
    this.insertChunk = db.prepare('INSERT INTO raw_chunks(file_id, data) VALUES (?, ?)');
    const cols = INTERNED_FIELDS.map((f) => `${f}_ref`);
    const names = [
      'event_id',
      'time_ms',
      'event_time',
      'flags',
      ...cols,
      'read_only',
      'mfa',
      'console_session',
      'session_created_ms',
      'request_id',
      'shared_event_id',
      'issued_key',
      'issued_expiration_ms',
      'req_text',
      'raw_chunk',
      'raw_index',
      'raw_hash',
      'workload_hints_ref',
    ];
    this.insertSql = `INSERT INTO events(${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    this.insertNew = db.prepare(this.insertSql);
    this.findEvent = db.prepare('SELECT id FROM events WHERE event_id = ?').pluck();
    this.findCopy = db
      .prepare('SELECT id, raw_hash, flags, raw_chunk, raw_index FROM events WHERE id = ?')
      .raw();
    this.idAt = db.prepare('SELECT event_id FROM events WHERE id = ?').pluck();
    this.chunkFile = db.prepare('SELECT file_id FROM raw_chunks WHERE id = ?').pluck();
    this.recordIndexIn = db
      .prepare(
        'SELECT record_index FROM provenance WHERE event_rowid = ? AND file_id = ? ORDER BY record_index LIMIT 1',
      )
      .pluck();
    this.insertVariant = db.prepare(
      `INSERT OR IGNORE INTO event_variants(event_rowid, file_id, record_index, raw_chunk, raw_index)
       VALUES (?, ?, ?, ?, ?)`,
    );
    // an event stored from an engine's result, rebuilt from a cut lookup entry or read from
    // damaged data gives way to the same event read whole from other evidence: same row id, every
    // column and the original record replaced (the weaker copy's file keeps its provenance row)
    this.upgradeEvent = db
      .prepare(
        `UPDATE events SET ${names
          .slice(1)
          .map((n) => `${n} = ?`)
          .join(
            ', ',
          )} WHERE id = ? AND (flags & ${FLAG_ENGINE_IMPORT | FLAG_REBUILT | FLAG_UNVERIFIED}) != 0 RETURNING id`,
      )
      .pluck();
    this.upgradeById = db.prepare(
      `UPDATE events SET ${names
        .slice(1)
        .map((n) => `${n} = ?`)
        .join(', ')} WHERE id = ?`,
    );
    this.deleteRes = db.prepare('DELETE FROM event_resources WHERE event_rowid = ?');
    this.insertProv = db.prepare(
      'INSERT OR IGNORE INTO provenance(event_rowid, file_id, record_index) VALUES (?, ?, ?)',
    );
    this.insertRes = db.prepare(
      'INSERT OR IGNORE INTO event_resources(event_rowid, type_ref, name_ref) VALUES (?, ?, ?)',
    );
    this.deleteChunk = db.prepare('DELETE FROM raw_chunks WHERE id = ?');
  }

  /** Sigma rules the parse workers evaluate this run (numbers by rule index), and their statements. */
  private rules: {
    numbers: Int32Array;
    numbersJson: string;
    addMany: Statement;
    addOne: Statement;
    clear: Statement;
  } | null = null;

  /**
   * Store the hits the batches carry for these rules (`PackedBatch.ruleHits` indexes this list),
   * with their events, in the same transaction.
   */
  evaluatesRules(ids: readonly string[]): void {
    if (ids.length === 0) {
      this.rules = null;
      return;
    }
    const numbers = Int32Array.from(ids, (id) => ruleNumber(this.db, id));
    this.rules = {
      numbers,
      numbersJson: JSON.stringify([...numbers]),
      // rows of several hits per statement, in key order: per-hit statements cost more than the
      // hits (measured on 250k hits: 0.31 s, against 0.5 s through json_each)
      addMany: this.db.prepare(
        `INSERT OR IGNORE INTO sigma_hits(rule_no, event_rowid, time_ms, ok) VALUES ${Array(HITS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`,
      ),
      addOne: this.db.prepare(
        'INSERT OR IGNORE INTO sigma_hits(rule_no, event_rowid, time_ms, ok) VALUES (?, ?, ?, ?)',
      ),
      // an engine-result copy replaced by the delivered record: its hits were the copy's
      clear: this.db.prepare(
        'DELETE FROM sigma_hits WHERE event_rowid = ? AND rule_no IN (SELECT value FROM json_each(?))',
      ),
    };
  }

  /**
   * Hits of this transaction not yet inserted, as (rule number, event rowid, event time, call
   * succeeded) quadruples (the time and outcome make the notable summary without reading the
   * events back): a batch of a
   * delivery file holds a few dozen, spread over many rules, so they are inserted in key order a
   * few thousand at a time (measured: 2.2x faster than per batch). The ingest writer flushes them
   * between messages (never inside one: a failed message rolls back to its savepoint) and before
   * every commit.
   */
  private pendingHits: number[] = [];

  /** Milliseconds spent inserting Sigma hits so far (the index summary's sigmaTime). */
  hitMs = 0;

  flushHits(): void {
    const rules = this.rules;
    const h = this.pendingHits;
    this.pendingHits = [];
    if (!rules || h.length === 0) return;
    const at = performance.now();
    try {
      this.insertHits(rules, h);
    } finally {
      this.hitMs += performance.now() - at;
    }
  }

  private insertHits(rules: NonNullable<EventWriter['rules']>, h: number[]): void {
    const order = Array.from({ length: h.length / HIT }, (_, i) => HIT * i);
    order.sort((a, b) => h[a] - h[b] || h[a + 1] - h[b + 1]);
    const params: number[] = new Array(HIT * HITS_PER_INSERT);
    let i = 0;
    for (; i + HITS_PER_INSERT <= order.length; i += HITS_PER_INSERT) {
      for (let j = 0; j < HITS_PER_INSERT; j++)
        for (let c = 0; c < HIT; c++) params[HIT * j + c] = h[order[i + j] + c];
      rules.addMany.run(params);
    }
    for (; i < order.length; i++) {
      const o = order[i];
      rules.addOne.run(h[o], h[o + 1], h[o + 2], h[o + 3]);
    }
  }

  /** Hits held so far (a mark to roll back to). */
  get heldHits(): number {
    return this.pendingHits.length / HIT;
  }

  /** Drop the hits held after `mark` (their events were rolled back). */
  dropHits(mark = 0): void {
    this.pendingHits.length = Math.min(HIT * mark, this.pendingHits.length);
  }

  /** Held hits of one event go (a stored copy replaced by another). */
  private dropHitsOf(rowid: number): void {
    const h = this.pendingHits;
    let k = 0;
    for (let i = 0; i < h.length; i += HIT)
      if (h[i + 1] !== rowid) for (let c = 0; c < HIT; c++) h[k++] = h[i + c];
    h.length = k;
  }

  /** Forget interned ids after a rolled-back transaction. */
  reset(): void {
    this.interner.reset();
  }

  /**
   * Dedupe through `table` (the event IDs stored so far) instead of the `event_id` unique index,
   * which the caller has dropped for a bulk load (store/event-id-index.ts).
   */
  dedupeInMemory(table: EventIdTable): void {
    this.idTable = table;
  }

  /** Intern through `table` (the stored values) while dict's unique index is dropped (dict-index.ts). */
  internInMemory(table: EventIdTable): void {
    this.interner.dedupeInMemory(table);
  }

  /** The load is over: the tables go (the caller builds the unique indexes before writing again). */
  endDedupe(): void {
    this.idTable = null;
    this.interner.dedupeInMemory(null);
  }

  /**
   * Between transactions: a full table gives way to its unique index, built now, and the load
   * goes on through it (memory stays bounded however many events come).
   */
  settleDedupe(): void {
    if (this.db.inTransaction) return;
    if (this.interner.tableFull) {
      this.interner.dedupeInMemory(null);
      // the caches may not hold every value of their field any more: look-ups from now on
      this.interner.reset();
      ensureDictIndex(this.db);
    }
    if (!this.idTable?.full) return;
    this.idTable = null;
    ensureEventIdIndex(this.db);
  }

  /**
   * Store a row unless its event ID is stored: the new row id, or minus the stored one's.
   * `params[0]` is the event ID.
   */
  private store(params: unknown[]): number {
    const eventId = params[0] as string;
    const table = this.idTable;
    if (table) {
      this.sought = eventId;
      const found = table.find(eventId, this.holdsSought);
      if (found) return -found;
      const rowid = Number(this.insertNew.run(params).lastInsertRowid);
      table.add(eventId, rowid);
      return rowid;
    }
    this.insertOrSkip ??= this.db.prepare(`${this.insertSql} ON CONFLICT(event_id) DO NOTHING`);
    const res = this.insertOrSkip.run(params);
    if (res.changes === 1) return Number(res.lastInsertRowid);
    return -(this.findEvent.get(eventId) as number);
  }

  /**
   * Insert a packed batch (what parse workers send): same effect as `writeBatch`, but each distinct
   * (field, string) of the batch is interned once.
   */
  writePacked(fileId: number, p: PackedBatch): BatchResult {
    if (p.n === 0) return { added: 0, duplicates: 0 };
    const chunk = p.chunk;
    const data = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // records located in the file's evidence bytes need no stored copy (see locatedRaw)
    const chunkId =
      data.length > 0 ? Number(this.insertChunk.run(fileId, data).lastInsertRowid) : null;
    let inChunk = 0;
    const intern = this.interner;
    const S = p.strings.length;
    const fields: string[] = [
      ...INTERNED_FIELDS,
      RESOURCE_TYPE_FIELD,
      RESOURCE_NAME_FIELD,
      WORKLOAD_HINTS_FIELD,
    ];
    const caches = fields.map((f) => intern.cacheFor(f));
    // (field, batch string) → dict id, resolved on first use; -2 = not yet
    const ids = new Float64Array(fields.length * S).fill(-2);
    const idOf = (f: number, si: number): number | null => {
      if (si < 0) return null;
      const k = f * S + si;
      let v = ids[k];
      if (v === -2) {
        v = intern.id(fields[f], p.strings[si], caches[f]) as number;
        ids[k] = v;
      }
      return v;
    };
    const params: unknown[] = new Array(4 + NF + 13);
    const rowids = new Float64Array(p.n);
    let differing = 0;
    let upgraded = 0;
    let added = 0;
    let duplicates = 0;
    let firstRowid = Infinity;
    let lastRowid = -1;
    for (let i = 0; i < p.n; i++) {
      const o = i * NUMS;
      const t = i * TEXTS;
      params[0] = p.eventIds[i];
      params[1] = p.nums[o];
      params[2] = p.eventTimes[i];
      params[3] = p.nums[o + 1];
      for (let f = 0; f < NF; f++) params[4 + f] = idOf(f, p.refs[i * NF + f]);
      let k = 4 + NF;
      params[k++] = orNull(p.nums[o + 2]);
      params[k++] = orNull(p.nums[o + 3]);
      params[k++] = orNull(p.nums[o + 4]);
      params[k++] = orNull(p.nums[o + 5]);
      params[k++] = p.texts[t];
      params[k++] = p.texts[t + 1];
      params[k++] = p.texts[t + 2];
      params[k++] = orNull(p.nums[o + 6]);
      params[k++] = p.texts[t + 3];
      const at = p.rawOffsets[i];
      if (at >= 0) {
        params[k++] = locatedChunk(fileId);
        params[k++] = at;
      } else {
        params[k++] = chunkId;
        params[k++] = inChunk++;
      }
      const hash = p.rawHashes[i];
      params[k++] = orNull(hash);
      params[k++] = idOf(NF + 2, p.workloadHints[i]);
      const stored = this.store(params);
      let rowid: number;
      if (stored > 0) {
        rowid = stored;
        added++;
      } else {
        const [id, storedHash, storedFlags, storedChunk, storedIndex] = this.findCopy.get(
          -stored,
        ) as [number, number | null, number, number, number];
        // the stored copy came from this same file (read before, in a run that was stopped, or
        // earlier in it): its flags are this file's to set at its end
        const sameFile =
          storedChunk === locatedChunk(fileId) ||
          (storedChunk > 0 && this.chunkFile.get(storedChunk) === fileId);
        const weaker = (storedFlags & WEAKER) !== 0 && ((params[3] as number) & STRONG_NOT) === 0;
        if (weaker && !sameFile) {
          // a copy read from damaged data with other bytes than this one: kept beside it
          if (
            (storedFlags & FLAG_UNVERIFIED) !== 0 &&
            storedChunk < 0 &&
            storedHash !== null &&
            !Number.isNaN(hash) &&
            storedHash !== hash
          ) {
            const rec = this.recordIndexIn.get(id, -storedChunk) as number | undefined;
            this.insertVariant.run(id, -storedChunk, rec ?? -1, storedChunk, storedIndex);
            differing++;
          }
          this.upgradeById.run(...params.slice(1), id);
          this.deleteRes.run(id);
          upgraded++;
          rowid = id;
          if (this.rules) {
            this.rules.clear.run(id, this.rules.numbersJson);
            this.dropHitsOf(id);
          }
        } else {
          rowid = -id;
          // a copy read the same way as the stored one, with other bytes: kept beside it
          if (at >= 0 && storedHash !== null && !Number.isNaN(hash) && storedHash !== hash) {
            this.insertVariant.run(id, fileId, p.recordIndexes[i], locatedChunk(fileId), at);
            differing++;
          }
        }
        duplicates++;
        if (sameFile) {
          if (id < firstRowid) firstRowid = id;
          if (id > lastRowid) lastRowid = id;
        }
      }
      rowids[i] = rowid;
      if (rowid > 0) {
        if (rowid < firstRowid) firstRowid = rowid;
        if (rowid > lastRowid) lastRowid = rowid;
      }
      this.insertProv.run(Math.abs(rowid), fileId, p.recordIndexes[i]);
    }
    for (let r = 0; r < p.resources.length; r += 3) {
      const rowid = rowids[p.resources[r]];
      // resources belong to the stored copy only (negative: the event was already there)
      if (rowid > 0)
        this.insertRes.run(rowid, idOf(NF, p.resources[r + 1]), idOf(NF + 1, p.resources[r + 2]));
    }
    const rules = this.rules;
    if (rules && p.ruleHits.length) {
      for (let h = 0; h < p.ruleHits.length; h += 2) {
        const i = p.ruleHits[h];
        const rowid = rowids[i];
        // hits belong to the stored copy only, as resources do; the call succeeded when the
        // event has neither error field (a negative ref: the column is NULL)
        if (rowid > 0)
          this.pendingHits.push(
            rules.numbers[p.ruleHits[h + 1]],
            rowid,
            p.nums[i * NUMS],
            p.refs[i * NF + ERROR_CODE] < 0 && p.refs[i * NF + ERROR_MESSAGE] < 0 ? 1 : 0,
          );
      }
    }
    if (chunkId !== null && added === 0 && upgraded === 0) this.deleteChunk.run(chunkId);
    return {
      added,
      duplicates,
      differing,
      firstRowid: lastRowid < 0 ? 0 : firstRowid,
      lastRowid,
    };
  }

  /**
   * Insert events read from `fileId`; `recordIndexes[i]` is events[i]'s position in its file.
   * `chunk`, when given, is the already-compressed raw records of `events` in order (workers
   * compress off the writer thread); otherwise it is compressed here.
   */
  writeBatch(
    fileId: number,
    events: readonly NormalizedEvent[],
    recordIndexes: readonly number[],
    chunk?: Uint8Array,
  ): BatchResult {
    if (events.length === 0) return { added: 0, duplicates: 0 };
    // better-sqlite3 binds Buffers, not plain Uint8Arrays (what a chunk becomes after a worker posts it)
    const data = chunk
      ? Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      : encodeRawChunk(events.map((e) => e.raw));
    const chunkId = Number(this.insertChunk.run(fileId, data).lastInsertRowid);
    let added = 0;
    let upgraded = 0;
    let duplicates = 0;
    const intern = this.interner;
    const nf = INTERNED_FIELDS.length;
    const caches = INTERNED_FIELDS.map((f) => intern.cacheFor(f));
    const typeCache = intern.cacheFor(RESOURCE_TYPE_FIELD);
    const nameCache = intern.cacheFor(RESOURCE_NAME_FIELD);
    const hintsCache = intern.cacheFor(WORKLOAD_HINTS_FIELD);
    // one parameter array reused for every row: [event_id, time_ms, event_time, flags, refs..., rest...]
    const params: unknown[] = new Array(4 + nf + 13);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      params[0] = e.eventId;
      params[1] = e.timeMs;
      params[2] = storedEventTime(e.eventTime, e.timeMs, e.timeValid);
      params[3] =
        (e.timeValid ? 0 : FLAG_TIME_UNPARSED) |
        (e.eventIdDerived ? FLAG_EVENT_ID_DERIVED : 0) |
        (e.engineImport ? FLAG_ENGINE_IMPORT : 0);
      for (let f = 0; f < nf; f++)
        params[4 + f] = intern.id(INTERNED_FIELDS[f], e.strings[INTERNED_FIELDS[f]], caches[f]);
      let k = 4 + nf;
      params[k++] = tri(e.readOnly);
      params[k++] = tri(e.mfa);
      params[k++] = tri(e.consoleSession);
      params[k++] = e.sessionCreatedMs;
      params[k++] = e.requestId;
      params[k++] = e.sharedEventId;
      params[k++] = e.issuedKey;
      params[k++] = e.issuedExpirationMs;
      params[k++] = e.reqText;
      params[k++] = chunkId;
      params[k++] = i;
      params[k++] = null;
      params[k++] = intern.id(WORKLOAD_HINTS_FIELD, e.workloadHints, hintsCache);
      const stored = this.store(params);
      let rowid: number;
      if (stored > 0) {
        rowid = stored;
        added++;
        for (const r of e.resources) {
          this.insertRes.run(
            rowid,
            intern.id(RESOURCE_TYPE_FIELD, r.type, typeCache),
            intern.id(RESOURCE_NAME_FIELD, r.name, nameCache),
          );
        }
      } else {
        const up = this.upgrade(params, -stored);
        if (up !== null) {
          upgraded++;
          for (const r of e.resources) {
            this.insertRes.run(
              up,
              intern.id(RESOURCE_TYPE_FIELD, r.type, typeCache),
              intern.id(RESOURCE_NAME_FIELD, r.name, nameCache),
            );
          }
        }
        rowid = up ?? -stored;
        duplicates++;
      }
      this.insertProv.run(rowid, fileId, recordIndexes[i]);
    }
    // every event was already known (a second copy of the same evidence): its originals are stored
    if (added === 0 && upgraded === 0) this.deleteChunk.run(chunkId);
    return { added, duplicates };
  }
}

/** NaN marks null in a packed batch's numeric columns. */
function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

function tri(v: boolean | null): number | null {
  return v === null ? null : v ? 1 : 0;
}
