import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { dropIndexes, getMeta, openCaseFile, setMeta, type Database } from '../store/db.js';
import {
  beginBulkLoad,
  beginDerivedPasses,
  endBulkLoad,
  eventCount,
  IngestWriter,
  knownFiles,
  lastEventRowid,
  previousProvenance,
} from '../store/ingest-writer.js';
import { afterIndex } from './after-index.js';
import { discover, type Discovery } from './discover.js';
import { resolveLimits, type IngestLimits } from './limits.js';
import { createParserPool, type ParserPool } from './parser-pool.js';
import type { FileMessage, ParseJob } from './messages.js';
import { carveCovers, carveKey, pruneReason, type CarveSpec } from './carve.js';
import { markOutsideWindow, markUnusable, setFileCarve } from '../store/files.js';
import { beginInMemoryDedupe, ensureEventIdIndex, eventIdIndex } from '../store/event-id-index.js';
import { beginDictInMemory, dictIndex, ensureDictIndex } from '../store/dict-index.js';
import { buildLoadIndexes } from '../store/dropped-indexes.js';
import { releaseIndexRun, tryHoldIndexRun } from '../store/index-run-lock.js';
import { beginIndexBuilds } from '../store/index-builds.js';
import type { LoadedPack } from '../domain/sigma/load.js';
import {
  markRunRulesDone,
  recordLoadedPack,
  rulesForRun,
  type PackChange,
} from '../case/sigma/apply.js';

export interface IndexOptions {
  dbPath: string;
  /** Start the case file over. */
  rebuild?: boolean;
  limits?: Partial<IngestLimits>;
  /** Parse worker threads (0: parse in this thread). Default: up to 2. */
  workers?: number;
  onProgress?: (p: IndexProgress) => void;
  /** Carving: the window, accounts, regions and `--where` this run keeps (src/ingest/carve.ts). */
  carve?: CarveSpec;
  /** More paths never read as evidence (the case file a rebuild replaces, and its siblings). */
  exclude?: readonly string[];
  /**
   * Sigma packs given with this run (`index --rules`): recorded in the case file before reading,
   * so that the parse workers evaluate them on the records as they are read.
   */
  rulePacks?: readonly LoadedPack[];
}

export type IndexPhase =
  'discovering' | 'waiting for another index run' | 'indexing' | 'building indexes' | 'finishing';

export interface IndexProgress {
  phase: IndexPhase;
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  /** Records read this run. */
  events: number;
  added: number;
  elapsedMs: number;
}

export interface PathNote {
  path: string;
  reason: string;
}

export interface IndexSummary {
  dbPath: string;
  interrupted: boolean;
  /**
   * Files by outcome. They add up:
   * found = indexed + digest + skippedUnchanged + skippedAliases + notCloudTrail + failed + notRead + outsideWindow.
   * A zip archive read this run counts as its members (each one an outcome of its own), plus one
   * for the archive itself when it failed as a whole (damaged) or has no members; an unchanged
   * archive is one skipped file. Paths that could not be used at all (missing, broken symlink,
   * device, unreadable folder, a glob that matched nothing) count as found and failed.
   */
  files: {
    found: number;
    indexed: number;
    digest: number;
    skippedUnchanged: number;
    /** Paths not read because they are another name (symlink, symlink loop) for a file or folder already found. */
    skippedAliases: number;
    notCloudTrail: number;
    failed: number;
    /** Files the run did not reach because it was interrupted (read by the next run). */
    notRead: number;
    /** Files a carve left out by their S3 path (account, region, delivery stamp): not opened. */
    outsideWindow: number;
  };
  /** Events a carve dropped while reading (outside --from/--to; not selected by --where). */
  carved: { window: number; where: number };
  /** What each Sigma pack given with the run changed in the case file (only when packs were given). */
  rulePacks?: PackChange[];
  /** Sigma detections evaluated on the records as they were read (only when there were any). */
  sigmaRules?: number;
  /**
   * What evaluating them cost, measured inside the run (milliseconds): in the parse threads (all
   * of them added up), writing their hits, and publishing them after the load.
   */
  sigmaTime?: { parseMs: number; writeMs: number; publishMs: number };
  /** Milliseconds each derived table took to refresh after the load (the ones that were stale). */
  derivedMs?: Record<string, number>;
  /**
   * Where the run's wall time went, in milliseconds: finding the files (until the load starts),
   * loading the records, building the secondary indexes, refreshing the derived tables.
   */
  phaseMs?: { discover: number; load: number; indexes: number; derived: number };
  /** Files (and zip members) read this run, by detected shape. */
  shapes: Record<string, number>;
  /** read = added + duplicates. */
  events: {
    /**
     * Records read from the files this run and written to the case file. Items that are not valid
     * JSON or not CloudTrail are not records (each file's warnings count them).
     */
    read: number;
    /** New to the case file. */
    added: number;
    /** Already in the case file (another copy: org + account trail, overlapping exports, a re-run). */
    duplicates: number;
    /** Events in the case file after the run. */
    total: number;
  };
  seconds: number;
  eventsPerSecond: number;
  failed: PathNote[];
  notCloudTrail: PathNote[];
  /** The paths counted in `files.skippedAliases`, with the path they are another name for. */
  aliases: PathNote[];
  warnings: PathNote[];
  /**
   * Folders and globs given that could not be used at all (missing, unreadable, matching nothing).
   * Counted in `files.failed` and listed in `failed` like the files; the files table (the TUI's
   * files view) holds files only. Present only when there are some; `listed` holds the first
   * 1,000.
   */
  unusablePaths?: { count: number; listed: PathNote[] };
}

const MAX_LISTED = 1000;
const AFTER_INDEX_PENDING = 'after_index_pending_from';
/** Rough on-disk bytes per event (gzip'd S3 delivery is ~260): decides whether to drop indexes. */
const BYTES_PER_EVENT_GUESS = 300;
/**
 * Event IDs held in memory while a bulk load runs without the unique index: 2^23 slots of 8 bytes
 * (64 MiB) hold this many with room for the transaction that passes it; then the index is built and
 * the load goes on through it.
 */
const DEDUPE_IN_MEMORY_MAX = 6_200_000;
/** Delivered `.json.gz` bytes per event (bench corpus ~143, wide ~226): the table's first size. */
const COMPRESSED_BYTES_PER_EVENT = 150;

function caseFileSiblings(dbPath: string): string[] {
  return ['', '-wal', '-shm', '-journal'].map((s) => dbPath + s);
}

export class Indexer {
  private pool: ParserPool | null = null;
  private interrupted = false;

  constructor(private readonly opts: IndexOptions) {}

  /** Ctrl-C: stop reading; what is committed stays, and the next run finishes the job. */
  interrupt(): void {
    this.interrupted = true;
    this.pool?.stop();
  }

  async run(paths: readonly string[]): Promise<IndexSummary> {
    const started = Date.now();
    const dbPath = this.opts.dbPath === ':memory:' ? ':memory:' : resolve(this.opts.dbPath);
    const limits = { ...resolveLimits(this.opts.limits), carve: this.opts.carve };
    if (this.opts.rebuild && dbPath !== ':memory:') {
      for (const p of caseFileSiblings(dbPath)) if (existsSync(p)) rmSync(p);
    }
    const progress: IndexProgress = {
      phase: 'discovering',
      filesTotal: 0,
      filesDone: 0,
      bytesTotal: 0,
      bytesDone: 0,
      events: 0,
      added: 0,
      elapsedMs: 0,
    };
    this.opts.onProgress?.(progress);
    // the parse workers' threads start now and load while the files are found (0.3-0.4 s on this
    // machine, which a small run or a carve otherwise waits for); the run gives them its limits
    const pool = createParserPool(limits, this.opts.workers ?? Math.min(2, availableParallelism()));
    this.pool = pool;
    try {
      pool.warm();
      return await this.discoverAndRun(paths, dbPath, progress, limits, started);
    } finally {
      pool.stop();
    }
  }

  private async discoverAndRun(
    paths: readonly string[],
    dbPath: string,
    progress: IndexProgress,
    limits: IngestLimits,
    started: number,
  ): Promise<IndexSummary> {
    const carve = this.opts.carve;
    const found = await discover(paths, {
      ...(carve ? { prune: (p: string) => pruneReason(p, carve) } : {}),
      exclude: [
        ...(dbPath === ':memory:' ? [] : caseFileSiblings(dbPath)),
        ...(this.opts.exclude ?? []),
      ],
    });
    // nothing to read: say so without leaving an empty case file behind
    const db =
      found.files.length === 0 &&
      found.pruned.length === 0 &&
      dbPath !== ':memory:' &&
      !existsSync(dbPath)
        ? null
        : openCaseFile(dbPath, { create: true });
    try {
      if (db && dbPath !== ':memory:') await this.holdCaseFile(db, progress);
      return await this.runOn(db, dbPath, found, progress, limits, started);
    } finally {
      if (db?.open) releaseIndexRun(db);
      db?.close();
    }
  }

  /** Wait until no other index run holds the case file, then hold it (store/index-run-lock.ts). */
  private async holdCaseFile(db: Database, progress: IndexProgress): Promise<void> {
    for (;;) {
      let other: ReturnType<typeof tryHoldIndexRun>;
      try {
        other = tryHoldIndexRun(db);
      } catch (err) {
        // the other run is writing (an index build can hold the case file for minutes)
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
        other = { pid: 0, host: '', since: 'now' };
      }
      if (!other) return;
      if (this.interrupted)
        throw new Error(
          `stopped while waiting for another index run on this case file (process ${other.pid}, since ${other.since})`,
        );
      if (progress.phase !== 'waiting for another index run') {
        progress.phase = 'waiting for another index run';
        this.opts.onProgress?.(progress);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private async runOn(
    db: Database | null,
    dbPath: string,
    found: Discovery,
    progress: IndexProgress,
    limits: IngestLimits,
    started: number,
  ): Promise<IndexSummary> {
    const report = (): void => {
      progress.elapsedMs = Date.now() - started;
      this.opts.onProgress?.(progress);
    };
    const summary: IndexSummary = {
      dbPath,
      interrupted: false,
      files: {
        found: 0,
        indexed: 0,
        digest: 0,
        skippedUnchanged: 0,
        skippedAliases: 0,
        notCloudTrail: 0,
        failed: 0,
        notRead: 0,
        outsideWindow: 0,
      },
      carved: { window: 0, where: 0 },
      shapes: {},
      events: { read: 0, added: 0, duplicates: 0, total: 0 },
      seconds: 0,
      eventsPerSecond: 0,
      failed: [],
      notCloudTrail: [],
      aliases: [],
      warnings: [],
    };
    const list = (into: PathNote[], path: string, reason: string): void => {
      if (into.length < MAX_LISTED) into.push({ path, reason });
    };

    summary.files.found =
      found.files.length + found.pruned.length + found.problems.length + found.aliasCount;
    for (const p of found.problems) {
      summary.files.failed++;
      list(summary.failed, p.path, p.reason);
      if (p.file) continue;
      summary.unusablePaths ??= { count: 0, listed: [] };
      summary.unusablePaths.count++;
      list(summary.unusablePaths.listed, p.path, p.reason);
    }
    summary.files.skippedAliases = found.aliasCount;
    for (const a of found.aliases) list(summary.aliases, a.path, a.reason);
    if (!db) {
      summary.seconds = (Date.now() - started) / 1000;
      return summary;
    }

    if (this.opts.rulePacks?.length)
      summary.rulePacks = this.opts.rulePacks.map((p) => recordLoadedPack(db, p));

    // the files among them, in the files table (folders and globs are in the summary only)
    markUnusable(
      db,
      found.problems.filter((p) => p.file),
    );
    const known = knownFiles(db);
    const carve = this.opts.carve;
    const carveText = carveKey(carve);
    const jobs: ParseJob[] = [];
    /** Files already in the case file that are read again: their provenance is replaced. */
    const reread: { path: string; id: number; sha256: string | null }[] = [];
    const leftOut: Parameters<typeof markOutsideWindow>[1][number][] = [];
    // left out by name while the folders were walked (not stat'ed: size and time unknown)
    for (const f of found.pruned) {
      summary.files.outsideWindow++;
      if (!known.has(f.path))
        leftOut.push({ path: f.path, size: null, mtimeMs: null, reason: f.reason });
    }
    // events the load is expected to add, for sizing the in-memory table of event IDs at once
    let expected = 0;
    for (const f of found.files) {
      const k = known.get(f.path);
      const outside = carve ? pruneReason(f.path, carve) : null;
      if (outside) {
        summary.files.outsideWindow++;
        if (!k) leftOut.push({ path: f.path, size: f.size, mtimeMs: f.mtimeMs, reason: outside });
        continue;
      }
      // read before under a window that holds this one: nothing more to read
      if (
        k &&
        k.size === f.size &&
        k.mtime_ms === f.mtimeMs &&
        (k.status === 'indexed' || k.status === 'digest' || k.status === 'not-cloudtrail') &&
        carveCovers(k.carve, carveText)
      ) {
        summary.files.skippedUnchanged++;
        continue;
      }
      if (k) reread.push({ path: f.path, id: k.id, sha256: k.sha256 });
      jobs.push({ id: jobs.length, path: f.path, dev: f.dev, ino: f.ino });
      progress.bytesTotal += f.size;
      expected += f.size / (/\.(gz|zip)$/i.test(f.path) ? COMPRESSED_BYTES_PER_EVENT : 1_000);
    }
    markOutsideWindow(db, leftOut, carveText);
    // members of a zip archive read again ("archive.zip!member") are read again too; a file on
    // disk whose name has a '!' is not a member
    if (reread.length) {
      const again = new Set(reread.map((r) => r.path));
      const onDisk = new Set([...found.files, ...found.pruned].map((f) => f.path));
      for (const [path, k] of known) {
        if (onDisk.has(path)) continue;
        for (let i = path.indexOf('!'); i > 0; i = path.indexOf('!', i + 1)) {
          if (again.has(path.slice(0, i))) {
            reread.push({ path, id: k.id, sha256: k.sha256 });
            break;
          }
        }
      }
    }
    known.clear();
    progress.filesTotal = jobs.length;
    progress.phase = 'indexing';
    report();
    const loadStarted = Date.now();

    // Events added by a run that was killed or interrupted before afterIndex must still reach it:
    // the start of the oldest unfinished run is kept in meta until afterIndex has run.
    const pendingFrom = getMeta(db, AFTER_INDEX_PENDING);
    const lastRowidBefore = Math.min(
      lastEventRowid(db),
      pendingFrom ? Number(pendingFrom) || 0 : Infinity,
    );
    setMeta(db, AFTER_INDEX_PENDING, String(lastRowidBefore));
    const before = eventCount(db);
    const previous = previousProvenance(db, reread);
    // A large load into a small case file: building the secondary indexes once afterwards is
    // several times faster than maintaining them row by row.
    const bulk = jobs.length > 0 && progress.bytesTotal / BYTES_PER_EVENT_GUESS > before;
    if (bulk) {
      dropIndexes(db);
      setMeta(db, 'indexes_pending', '1');
    }
    beginBulkLoad(db);
    // event IDs deduplicated in memory while the unique index is away (a bulk load, or one that
    // was stopped before it was built again); read back and built under the load's settings
    let inMemory =
      bulk || eventIdIndex(db) === 'absent'
        ? beginInMemoryDedupe(db, DEDUPE_IN_MEMORY_MAX, Math.round(expected))
        : null;
    const rules = rulesForRun(db);
    if (rules.ids.length) {
      summary.sigmaRules = rules.ids.length;
      summary.sigmaTime = { parseMs: 0, writeMs: 0, publishMs: 0 };
    }
    // the dictionary's values likewise (store/dict-index.ts)
    let dictTable = bulk || dictIndex(db) === 'absent' ? beginDictInMemory(db) : null;
    const writer = new IngestWriter(db, previous, rules.ids);
    // the writer holds the tables alone, and lets go of them when the load ends (`release`; after
    // a failed write, with the writer)
    if (inMemory) writer.dedupeInMemory(inMemory);
    if (dictTable) writer.internInMemory(dictTable);
    inMemory = null;
    dictTable = null;
    const jobPaths = new Set(jobs.map((j) => j.path));
    let lastReport = 0;
    const onMessage = (msg: FileMessage): void => {
      const r = writer.write(msg);
      progress.bytesDone += msg.bytes;
      if (msg.batch) progress.events += msg.batch.n;
      progress.added += r.added;
      // read counts the records written (not the files' record counts, which a zip's own row
      // repeats for its members), so read = added + duplicates, interrupted runs included
      if (msg.batch) summary.events.read += msg.batch.n;
      if (msg.end?.ruleMs !== undefined && summary.sigmaTime)
        summary.sigmaTime.parseMs += msg.end.ruleMs;
      if (msg.end?.carved) {
        summary.carved.window += msg.end.carved.window;
        summary.carved.where += msg.end.carved.where;
      }
      summary.events.added += r.added;
      summary.events.duplicates += r.duplicates;
      const d = r.done;
      if (d) {
        if (jobPaths.has(d.path)) progress.filesDone++;
        // a zip member: one more file found (its archive was found as one)
        else summary.files.found++;
        if (d.shape && d.shape !== 'zip')
          summary.shapes[d.shape] = (summary.shapes[d.shape] ?? 0) + 1;
        // an archive with members is counted through them, unless it also failed as a whole
        const throughMembers = (d.members ?? 0) > 0;
        if (throughMembers && d.status !== 'failed') summary.files.found--;
        else if (d.status === 'indexed') summary.files.indexed++;
        else if (d.status === 'digest') summary.files.digest++;
        else if (d.status === 'not-cloudtrail') {
          summary.files.notCloudTrail++;
          list(summary.notCloudTrail, d.path, d.error ?? 'not CloudTrail');
        } else if (d.status === 'failed') {
          summary.files.failed++;
          list(summary.failed, d.path, d.error ?? 'failed');
        }
        for (const w of d.warnings) list(summary.warnings, d.path, w);
      }
      const now = Date.now();
      if (now - lastReport > 100) {
        lastReport = now;
        report();
      }
    };
    const runLimits: IngestLimits = rules.ids.length
      ? { ...limits, sigma: { ids: rules.ids, sources: rules.sources } }
      : limits;
    const pool = this.pool!;
    pool.setLimits(runLimits);
    if (this.interrupted) pool.stop();
    try {
      await pool.run(jobs, {
        onMessage,
        onCrash: (job, error) =>
          onMessage({
            file: { path: job.path, size: null, mtimeMs: null },
            batch: null,
            end: {
              status: 'failed',
              shape: null,
              sha256: null,
              records: 0,
              error: crashReason(error, limits),
              warnings: [],
            },
            bytes: 0,
          }),
      });
      writer.commit();
      writer.release();
      markRunRulesDone(db, rules);
      // what each file was read under: a wider window later reads it again
      setFileCarve(
        db,
        jobs.map((j) => j.path),
        carveText,
      );
    } catch (err) {
      // a write failed (disk full, I/O error): keep every group committed before it
      writer.rollback();
      // and give readers of it the unique indexes the load dropped (best effort: the disk may be
      // what failed; the next run, or a command refreshing derived tables, builds them)
      try {
        ensureEventIdIndex(db);
        ensureDictIndex(db);
      } catch {
        // left for later
      }
      throw err;
    }
    this.pool = null;
    summary.interrupted = this.interrupted;
    if (summary.sigmaTime) {
      summary.sigmaTime.parseMs = Math.round(summary.sigmaTime.parseMs);
      summary.sigmaTime.writeMs = Math.round(writer.hitMs);
    }

    // Indexes are built even after Ctrl-C (a second Ctrl-C quits at once): readers need them.
    progress.phase = 'building indexes';
    report();
    const indexesStarted = Date.now();
    beginIndexBuilds(db);
    buildLoadIndexes(db);
    const derivedStarted = Date.now();
    // the builds are synchronous: a Ctrl-C during them is handled in this turn
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.interrupted) {
      progress.phase = 'finishing';
      report();
      beginDerivedPasses(db);
      summary.derivedMs = await afterIndex(db, {
        lastRowidBefore: this.opts.rebuild ? 0 : lastRowidBefore,
        // a Ctrl-C stops between the passes: those not done stay stale, and the next run (or a
        // command that reads them) refreshes them
        stopRequested: () => this.interrupted,
      });
      if (summary.sigmaTime) summary.sigmaTime.publishMs = summary.derivedMs.sigma ?? 0;
      if (!this.interrupted) setMeta(db, AFTER_INDEX_PENDING, '');
    }
    summary.interrupted = this.interrupted;
    endBulkLoad(db);
    summary.phaseMs = {
      discover: loadStarted - started,
      load: indexesStarted - loadStarted,
      indexes: derivedStarted - indexesStarted,
      derived: Date.now() - derivedStarted,
    };
    summary.events.total = eventCount(db);
    summary.files.notRead = jobs.length - progress.filesDone;
    summary.seconds = (Date.now() - started) / 1000;
    summary.eventsPerSecond =
      summary.seconds > 0 ? Math.round(summary.events.read / summary.seconds) : 0;
    report();
    return summary;
  }
}

/** Why a parse job died, in words: a worker over its heap cap is the input's size, not a bug. */
function crashReason(error: string, limits: IngestLimits): string {
  if (/memory limit|heap out of memory/i.test(error)) {
    return `too large to parse within the parser's ${limits.workerHeapMb} MB heap (raise workerHeapMb in TRAILSCOPE_INGEST_LIMITS if this is genuine)`;
  }
  return `internal parser error: ${error}`;
}

/** Index paths into the case file at `opts.dbPath` (the programmatic entry; the bench uses it). */
export function indexPaths(paths: readonly string[], opts: IndexOptions): Promise<IndexSummary> {
  return new Indexer(opts).run(paths);
}
