import {
  FLAG_EVENT_ID_DERIVED,
  FLAG_TIME_UNPARSED,
  FLAG_ENGINE_IMPORT,
  FLAG_REBUILT,
  type NormalizedEvent,
} from '../store/event-row.js';
import type { CarveDrop } from './carve.js';
import type { RecordRules } from './worker-rules.js';
import { packBatch } from '../store/packed-batch.js';
import { encodeRawChunk } from '../store/event-writer.js';
import { deeperThan, MAX_JSON_DEPTH, stringifyJson } from '../util/deep-json.js';
import { normalizeRecord } from './normalize.js';
import crypto, { createHash } from 'node:crypto';
import { searchHits, shapeOf, unwrapItem, type Shape, type Wrapping } from './unwrap.js';
import type { Container } from './json-splitter.js';
import type { Batch, Emit, FileEnd, FileMeta } from './messages.js';

/** Text of the records held for the Sigma rules past which they are evaluated (see evaluateRules). */
const RULE_CHARS = 1024 * 1024;

type Obj = Record<string, unknown>;

function flagsOf(e: NormalizedEvent): number {
  return (
    (e.timeValid ? 0 : FLAG_TIME_UNPARSED) |
    (e.eventIdDerived ? FLAG_EVENT_ID_DERIVED : 0) |
    (e.engineImport ? FLAG_ENGINE_IMPORT : 0) |
    (e.rebuiltFromSummary ? FLAG_REBUILT : 0)
  );
}

/**
 * A record's identity for the dedupe: 48 bits of the SHA-256 of its exact bytes (a number, so it
 * packs and stores as an integer). Only records read from a delivered file's own bytes get one:
 * copies of one event in other shapes (wrappers, CSV) are written differently by design.
 */
function rawHashOf(raw: string): number {
  return (
    oneShot ? oneShot('sha256', raw, 'buffer') : createHash('sha256').update(raw).digest()
  ).readUIntBE(0, 6);
}

/**
 * `crypto.hash` (Node 20.12 and later): one call, no Hash object per record. Measured on 200k
 * records of 1.5 KB: 555 ms against 888 ms through createHash, in each parse worker's hot path.
 */
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'buffer') => Buffer }).hash;

/** An ID from the evidence in a message: 60 characters at most, anything past printable ASCII escaped. */
function printable(id: string): string {
  return id
    .slice(0, 60)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A batch whose records are all located in the content stores no copy. */
const NO_CHUNK = new Uint8Array(0);

function singleLine(text: string): boolean {
  return text.indexOf('\n') === -1 && text.indexOf('\r') === -1;
}

/**
 * Collects one file's records: unwraps and normalises them, numbers them (record index = position
 * among the file's items), batches them with their compressed originals, and keeps the counts and
 * notes that become the file's outcome.
 */
export class RecordSink {
  private nextIndex = 0;
  private events: NormalizedEvent[] = [];
  private raws: string[] = [];
  private indexes: number[] = [];
  /** Per event: its byte offset in the file's content when located there, else -1 (in `raws`). */
  private locs: number[] = [];
  /** Per event: the located record's hash (rawHashOf), NaN when not located. */
  private hashes: number[] = [];
  /** Pairs (event index in the batch, rule index) of the Sigma rules each event matched. */
  private ruleHits: number[] = [];
  /** Kept records of the batch not yet seen by the Sigma rules (in the batch's event order). */
  private ruleRecords: Obj[] = [];
  private ruleChars = 0;
  /** Characters of the batch's records (≈ bytes: records are mostly ASCII). */
  private rawChars = 0;
  /** The last full batch, held back so the file's final batch can carry its outcome. */
  private held: Batch | null = null;
  private records = 0;
  private topItems = 0;
  private firstEvent: { container: Container; wrapping: Wrapping; record: Obj } | null = null;
  private shapes = new Set<Shape>();
  private digest: Obj | null = null;
  private skipped = 0;
  private readonly tooLarge = { count: 0, firstAt: -1, largest: 0, limit: 0 };
  private firstSkip: string | null = null;
  private badJson = 0;
  private firstBadJson: string | null = null;
  private derivedIds = 0;
  private badTimes = 0;
  /** Records nested deeper than MAX_JSON_DEPTH (kept whole; views show the deeper part as JSON text). */
  private deep = 0;
  private readonly notes: string[] = [];
  forcedShape: Shape | null = null;
  /** Rows an engine returned (Athena, CloudTrail Lake, Security Lake): a query sidecar may sit beside the file. */
  engineResult = false;
  /** Rows read from a Parquet file (the shape says so). */
  parquet = false;
  /**
   * The content is read whole and kept as the file's evidence bytes: a record that is exactly an
   * item's bytes is stored as its offset there instead of a copy (set by the reader of the file).
   */
  locatable = false;
  /** Bytes before what the splitter was given (a BOM), added to its offsets. */
  contentSkip = 0;

  constructor(
    readonly file: FileMeta,
    private readonly emit: Emit,
    private readonly batchSize: number,
    /** Input bytes consumed so far, read (and reset) whenever a message goes out. */
    private readonly takeBytes: () => number,
    /** A batch is also full once its original records reach this size (large records). */
    private readonly batchBytes: number = Infinity,
    /** Carving: why an event is dropped at ingest, or null to keep it (src/ingest/carve.ts). */
    private readonly carver: ((ev: NormalizedEvent) => CarveDrop | null) | null = null,
    /** Sigma detections evaluated on each kept record (src/ingest/worker-rules.ts). */
    private readonly rules: RecordRules | null = null,
  ) {}

  /**
   * The content was read from damaged compressed data that decoded anyway (a failed checksum, or
   * a decoder that found the damage only after it): records read from it may hold altered bytes,
   * and the damage may lie before any of them, so the file's message does not call them "before".
   */
  dataUnverified = false;
  /**
   * Content bytes before a damaged gzip member (they passed their own checks): records located
   * there are not unverified, whatever comes after them.
   */
  verifiedBefore = 0;
  /** Records located before `verifiedBefore`. */
  private verifiedRecords = 0;

  /** lookup-events entries whose EventId is not their record's eventID, and the first one. */
  private idMismatch = 0;
  private firstIdMismatch: string | undefined;
  /** lookup-events entries whose CloudTrailEvent was cut or damaged (rebuilt from the summary). */
  private rebuilt = 0;
  private firstRebuilt: string | undefined;

  /** Events the carve dropped: outside --from/--to, not selected by --where. */
  private carved = { window: 0, where: 0 };
  /** Time spent in the Sigma detections (the index summary's sigmaTime says what they cost). */
  private ruleMs = 0;

  get recordCount(): number {
    return this.records;
  }

  get full(): boolean {
    return this.events.length >= this.batchSize || this.rawChars >= this.batchBytes;
  }

  note(text: string): void {
    if (this.notes.length < 20) this.notes.push(text);
  }

  /** An item from the JSON splitter (text, and where it is) or from a whole-document parse (value). */
  item(
    container: Container,
    text: string | null,
    value?: unknown,
    at?: { offset: number; bytes: number },
  ): void {
    const index = this.nextIndex++;
    if (container === 'top') this.topItems++;
    let v = value;
    if (text !== null) {
      try {
        v = JSON.parse(text);
      } catch (err) {
        this.badJson++;
        this.firstBadJson ??= `item ${index}: ${(err as Error).message}`;
        return;
      }
    }
    const u = unwrapItem(v, container);
    if (u.kind === 'digest') {
      this.digest ??= u.value;
      return;
    }
    if (u.kind === 'skip') {
      // search responses inside an array, or several in one object: each document is an item
      const hits = container !== 'hits' ? searchHits(v) : null;
      if (hits) {
        for (const h of hits) this.item('hits', null, h);
        return;
      }
      this.skipped++;
      this.firstSkip ??= `item ${index} is ${u.reason}`;
      return;
    }
    let raw: string;
    if (u.text !== undefined) raw = singleLine(u.text) ? u.text.trim() : stringifyJson(u.record);
    else if (u.wrapping === 'bare' && text !== null && singleLine(text)) raw = text;
    else raw = stringifyJson(u.record);
    this.noteDepth(u.record, raw);
    if (u.entryId !== undefined) {
      this.idMismatch++;
      this.firstIdMismatch ??= `item ${index}, EventId ${printable(u.entryId)}, eventID ${printable(String(u.record.eventID ?? ''))}`;
    }
    if (u.rebuiltFromSummary) {
      this.rebuilt++;
      // the ID is the evidence's text: anything past printable ASCII is written as an escape
      this.firstRebuilt ??= `item ${index}, EventId ${printable(String(u.record.eventID ?? ''))}`;
    }
    this.firstEvent ??= { container, wrapping: u.wrapping, record: u.record };
    if (u.wrapping === 'ocsf' || u.wrapping === 'athena-row') this.engineResult = true;
    // located: a bare record whose stored text is the item's own bytes, unchanged
    const loc =
      this.locatable && at && u.wrapping === 'bare' && u.text === undefined && raw === text
        ? this.contentSkip + at.offset
        : -1;
    const e = normalizeRecord(u.record, raw);
    if (u.summaryOnly) e.rebuiltFromSummary = true;
    this.push(e, u.record, index, loc, loc < 0 ? -1 : loc + at!.bytes);
  }

  /** Count a record too deep for views to show whole (it is kept whole all the same). */
  private noteDepth(record: Obj, raw: string): void {
    // a record needs two characters per level to pass the limit: most are too short to check
    if (raw.length > 2 * MAX_JSON_DEPTH && deeperThan(record)) this.deep++;
  }

  /**
   * A record built from a CSV row (already a CloudTrail-like object); `fromColumns`: from the
   * row's summary columns, not a whole record in it (the `rebuilt` caveat).
   */
  csvRecord(record: Obj, raw: string, fromColumns = false): void {
    const index = this.nextIndex++;
    this.noteDepth(record, raw);
    const e = normalizeRecord(record, raw);
    if (fromColumns) e.rebuiltFromSummary = true;
    this.push(e, record, index);
  }

  /**
   * A record over the per-record limit, passed over unread (the records after it are read): the
   * file then fails with the count, so the run's exit status and the files view say that the case
   * lacks part of this evidence.
   */
  oversized(offset: number, bytes: number, limit: number): void {
    this.nextIndex++;
    this.tooLarge.count++;
    if (this.tooLarge.count === 1) {
      // from the start of the content, as located records are (past a byte-order mark)
      this.tooLarge.firstAt = this.contentSkip + offset;
      this.tooLarge.limit = limit;
    }
    this.tooLarge.largest = Math.max(this.tooLarge.largest, bytes);
  }

  /** A CSV row that holds no event. */
  skipItem(reason: string): void {
    const index = this.nextIndex++;
    this.skipped++;
    this.firstSkip ??= `row ${index} ${reason}`;
  }

  private push(e: NormalizedEvent, record: Obj, index: number, loc = -1, end = -1): void {
    const drop = this.carver?.(e);
    if (drop) {
      this.carved[drop]++;
      return;
    }
    if (this.rules) {
      this.ruleRecords.push(record);
      this.ruleChars += e.raw.length;
    }
    if (e.eventIdDerived) this.derivedIds++;
    if (!e.timeValid) this.badTimes++;
    if (loc < 0) this.raws.push(e.raw);
    else if (end <= this.verifiedBefore) this.verifiedRecords++;
    // a record whose bytes run on into the damaged member is not verified: the boundary moves
    // back to its start (records are in order)
    else if (loc < this.verifiedBefore) this.verifiedBefore = loc;
    this.hashes.push(loc < 0 ? NaN : rawHashOf(e.raw));
    this.rawChars += e.raw.length;
    this.events.push(e);
    this.indexes.push(index);
    this.locs.push(loc);
    this.records++;
    // parsed records are several times their text: a few large ones are evaluated without waiting
    if (this.ruleChars >= RULE_CHARS) this.evaluateRules();
  }

  /**
   * The batch's records through the Sigma rules, one after the other when the batch is cut rather
   * than each as it is parsed: the rules' code and data stay in the processor's caches (measured
   * on 500 rules: half the time per record of evaluating between parsing and normalising).
   */
  private evaluateRules(): void {
    const rules = this.rules;
    if (!rules || this.ruleRecords.length === 0) return;
    const at = performance.now();
    const recs = this.ruleRecords;
    // the pending records are the batch's last ones
    const base = this.events.length - recs.length;
    for (let i = 0; i < recs.length; i++)
      for (const r of rules(recs[i])) this.ruleHits.push(base + i, r);
    this.ruleRecords = [];
    this.ruleChars = 0;
    this.ruleMs += performance.now() - at;
  }

  private cut(): Batch | null {
    this.evaluateRules();
    if (this.events.length === 0) return null;
    const chunk = this.raws.length ? encodeRawChunk(this.raws) : NO_CHUNK;
    const batch: Batch = packBatch(
      this.events,
      this.indexes,
      chunk,
      flagsOf,
      this.locs,
      this.hashes,
      this.ruleHits,
    );
    this.events = [];
    this.ruleHits = [];
    this.raws = [];
    this.indexes = [];
    this.locs = [];
    this.hashes = [];
    this.rawChars = 0;
    return batch;
  }

  /** Send a batch if one is full (call between items; awaits the writer's back-pressure). */
  async flushIfFull(): Promise<void> {
    if (!this.full) return;
    const batch = this.cut();
    if (this.held)
      await this.emit({ file: this.file, batch: this.held, end: null, bytes: this.takeBytes() });
    this.held = batch;
  }

  /** Finish the file. `error` set: parsing stopped there (records before it are kept). */
  async finish(opts: {
    sha256: string | null;
    error?: string | null;
    notEvidence?: string | null;
  }): Promise<FileEnd> {
    const last = this.cut();
    if (this.held && last) {
      await this.emit({ file: this.file, batch: this.held, end: null, bytes: this.takeBytes() });
      this.held = last;
    } else if (last) {
      this.held = last;
    }
    const end = this.outcome(opts);
    await this.emit({ file: this.file, batch: this.held, end, bytes: this.takeBytes() });
    this.held = null;
    return end;
  }

  private warnings(): string[] {
    const w = [...this.notes];
    if (this.derivedIds)
      w.push(
        `${this.derivedIds} record(s) had no eventID: a stable ID was derived from the record's content`,
      );
    if (this.deep) {
      w.push(
        `${this.deep} record(s) nested deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels: kept whole; views show what lies deeper as JSON text`,
      );
    }
    if (this.badTimes)
      w.push(
        `${this.badTimes} record(s) had a missing or unparseable eventTime (kept, sorted first, flagged)`,
      );
    if (this.skipped && this.records)
      w.push(
        `${this.skipped} item(s) were not CloudTrail events and were skipped (first: ${this.firstSkip})`,
      );
    if (this.idMismatch)
      w.push(
        `${this.idMismatch} lookup-events entr${this.idMismatch === 1 ? 'y has' : 'ies have'} an EventId other than the eventID of the CloudTrailEvent it holds: indexed under the record's own eventID (first: ${this.firstIdMismatch})`,
      );
    if (this.rebuilt)
      w.push(
        `${this.rebuilt} lookup-events entr${this.rebuilt === 1 ? 'y' : 'ies'} had a CloudTrailEvent that is not a whole event (cut or damaged): rebuilt from the entry's summary fields only (name, time, user, key, resources), without source IP, ARN or parameters (first: ${this.firstRebuilt})`,
      );
    if (this.badJson)
      w.push(
        `${this.badJson} item(s) were not valid JSON and were skipped (first: ${this.firstBadJson})`,
      );
    if (this.shapes.size > 1) w.push(`mixed shapes: ${[...this.shapes].join(', ')}`);
    if (this.carved.window)
      w.push(
        `${this.carved.window} event(s) outside the carve window (--from/--to) were not indexed (a wider window reads this file again)`,
      );
    if (this.carved.where)
      w.push(`${this.carved.where} event(s) filtered at ingest by --where were not indexed`);
    return w;
  }

  private shape(): Shape | null {
    if (this.forcedShape) return this.forcedShape;
    if (this.firstEvent && this.parquet)
      return this.firstEvent.wrapping === 'ocsf'
        ? 'security-lake-parquet'
        : this.firstEvent.wrapping === 'athena-row'
          ? 'athena-parquet'
          : 'json-array';
    if (this.firstEvent)
      return shapeOf(
        this.firstEvent.container,
        this.firstEvent.wrapping,
        this.firstEvent.record,
        this.topItems,
      );
    if (this.digest) return 'digest';
    return null;
  }

  private outcome(opts: {
    sha256: string | null;
    error?: string | null;
    notEvidence?: string | null;
  }): FileEnd {
    const carved = this.carved.window + this.carved.where ? { carved: { ...this.carved } } : {};
    const base = {
      shape: this.shape(),
      sha256: opts.sha256,
      records: this.records,
      warnings: this.warnings(),
      ...carved,
      ...(this.rules ? { ruleMs: this.ruleMs } : {}),
    };
    const t = this.tooLarge;
    const mib = (b: number): string =>
      b >= 1048576 ? `${(b / 1048576).toFixed(1)} MiB` : `${Math.ceil(b / 1024)} KiB`;
    const oversized = t.count
      ? `${t.count} record(s) larger than ${mib(t.limit)} not indexed (first at byte ${t.firstAt}, largest ${mib(t.largest)})`
      : '';
    if (opts.error) {
      const unverified = this.dataUnverified ? this.records - this.verifiedRecords : 0;
      const before = this.records - unverified;
      const kept = !this.records
        ? ''
        : unverified
          ? ` (${before ? `${before} record(s) before the damaged member were indexed, and ` : ''}${unverified} record(s) read from the damaged data or after it were indexed, unverified: the damage may lie before any of them, so they may hold altered values; compare them with another copy; caveat:unverified selects those whose stored copy is this file's)`
          : ` (${this.records} record(s) before it were indexed)`;
      return {
        ...base,
        status: 'failed',
        error: opts.error + kept + (oversized ? `; also ${oversized}` : ''),
        ...(unverified ? { unverified: true, verifiedBefore: this.verifiedBefore } : {}),
      };
    }
    if (oversized)
      return {
        ...base,
        status: 'failed',
        error: `${oversized}; the other ${this.records} record(s) were indexed`,
      };
    if (opts.notEvidence) return { ...base, status: 'not-cloudtrail', error: opts.notEvidence };
    // a file read whole whose events all fell outside the carve is read, not empty
    if (this.records > 0 || this.carved.window + this.carved.where > 0)
      return { ...base, status: 'indexed', error: null };
    if (this.digest)
      return { ...base, status: 'digest', error: null, digest: JSON.stringify(this.digest) };
    if (this.badJson && !this.skipped)
      return {
        ...base,
        status: 'failed',
        error: `no valid JSON record (first: ${this.firstBadJson})`,
      };
    if (this.firstSkip) return { ...base, status: 'not-cloudtrail', error: this.firstSkip };
    return { ...base, status: 'not-cloudtrail', error: 'no records in the file' };
  }
}
