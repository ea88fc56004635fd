import { createHash, type Hash } from 'node:crypto';
import { eventCarver } from './carve.js';
import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';
import { crc32, createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { safeText } from '../util/safe-text.js';
import { sniffContainer } from './detect.js';
import { decompressedCap, type IngestLimits } from './limits.js';
import { recordRulesFor } from './worker-rules.js';
import { describeReadError, MemberDamage, parseStream, type StreamResult } from './parse-stream.js';
import { decodeLocalMember, readLocalMembers } from './zip-local.js';
import { RecordSink } from './record-sink.js';
import { querySidecarNotes } from './engines/sidecar.js';
import { parseParquet } from './engines/parquet.js';
import type { Emit, FileEnd, FileMeta, ParseJob } from './messages.js';
import { ContentMeter, EvidenceCollector, sha256Hex } from './evidence-bytes.js';
import { gunzipMembers, streamHasTrailingData } from './gzip-members.js';

const READ_CHUNK = 1024 * 1024;
/**
 * Files up to this size (on disk) are read in one call and gunzipped synchronously: S3 delivery
 * files are a few KB to a few MB, and per-chunk async hops would cost more than the parsing.
 */
const SMALL_FILE = 8 * 1024 * 1024;

/**
 * Evidence is opened read-only and non-blocking: a FIFO (or a device) put where a file was found
 * must not block `open(2)` waiting for a writer. The kind of file is checked on the open handle,
 * which is what is read. (O_NONBLOCK changes nothing for regular files; Windows has neither flag.)
 */
const EVIDENCE_OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * An evidence file open for reading: its descriptor, awaited reads (large files stream) and a
 * close. Opened and closed synchronously: a parse thread has nothing else to do meanwhile, and
 * `fs/promises`' open and close each took a round trip through the thread pool. Two threads
 * opening, reading the head of and closing the wide corpus's 10.8k small files: 0.95 s that way,
 * 0.22 s synchronously. O_NONBLOCK keeps a FIFO from blocking the open.
 */
interface EvidenceFile {
  readonly fd: number;
  read(
    buf: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

function openEvidence(path: string): EvidenceFile {
  const fd = openSync(path, EVIDENCE_OPEN_FLAGS);
  let open = true;
  return {
    fd,
    read: (buf, offset, length, position) =>
      new Promise((resolve, reject) =>
        read(fd, buf, offset, length, position, (err, bytesRead) =>
          err ? reject(err) : resolve({ bytesRead }),
        ),
      ),
    close: async () => {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

/** Why a path could not be opened, in words. */
export function describeOpenError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a directory';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return e?.message ?? String(err);
  }
}

class DecompressionCapError extends Error {}

/** The carve's per-event test, compiled once per worker and limits object (not per file). */
const carvers = new WeakMap<IngestLimits, ReturnType<typeof eventCarver>>();
function carverFor(limits: IngestLimits): ReturnType<typeof eventCarver> {
  if (!carvers.has(limits)) carvers.set(limits, eventCarver(limits.carve));
  return carvers.get(limits)!;
}

/** Counts and hashes the bytes read from disk; `take()` returns the count since the last call. */
class Meter {
  private pending = 0;
  total = 0;
  readonly hash: Hash = createHash('sha256');
  /** The CRC-32 of what went through, when asked for (a zip member's check). */
  crc: number | null;
  constructor(withCrc = false) {
    this.crc = withCrc ? 0 : null;
  }
  add(buf: Buffer): void {
    this.pending += buf.length;
    this.total += buf.length;
    this.hash.update(buf);
    if (this.crc !== null) this.crc = crc32(buf, this.crc);
  }
  take = (): number => {
    const n = this.pending;
    this.pending = 0;
    return n;
  };
}

async function* once(buf: Buffer): AsyncGenerator<Buffer> {
  yield buf;
}

/** Content read whole: never less than what is parsed whole. */
const readMax = (limits: IngestLimits): number =>
  Math.max(limits.wholeReadMax, limits.wholeParseMax);

/**
 * A small file in one read, decompressed in one call. Null when it must take the streaming path:
 * its content is larger than the whole-read limit or its gzip is damaged (streaming salvages the
 * records before the damage).
 */
async function readSmall(
  fh: EvidenceFile,
  size: number,
  gzip: boolean,
  limits: IngestLimits,
): Promise<{
  raw: Buffer;
  content: Buffer;
  trailingData: boolean;
  damage?: { message: string; unverified: boolean; verifiedBytes?: number };
} | null> {
  const raw = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    // in the parse thread, a read that waits on nothing: the thread pool's round trip per call
    // left both workers idle half of a small-file tree (see parseJob)
    const bytesRead = readSync(fh.fd, raw, got, size - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  const data = got === size ? raw : raw.subarray(0, got);
  if (!gzip)
    return data.length <= readMax(limits)
      ? { raw: data, content: data, trailingData: false }
      : null;
  try {
    const maxOutputLength = Math.min(decompressedCap(limits, size), readMax(limits) + 1);
    const g = gunzipMembers(data, maxOutputLength, { keepDamaged: true });
    return {
      raw: data,
      content: g.content,
      trailingData: g.firstMemberEnd < data.length,
      ...(g.damage ? { damage: g.damage } : {}),
    };
  } catch {
    return null;
  }
}

/** Read a file from its start through our own handle (a FileHandle stream would close it when destroyed). */
async function* readAll(fh: EvidenceFile): AsyncGenerator<Buffer> {
  let pos = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, pos);
    if (bytesRead === 0) return;
    pos += bytesRead;
    yield bytesRead === READ_CHUNK ? buf : buf.subarray(0, bytesRead);
  }
}

/**
 * The delivered bytes as they are read: counted and hashed, and kept as evidence (blocks that pile
 * up in a large file with few records go out in a message of their own, so memory stays bounded).
 */
async function* metered(
  src: AsyncIterable<Buffer>,
  meter: Meter,
  evidence?: { collector: EvidenceCollector; emit: Emit; file: FileMeta; bytes: () => number },
): AsyncGenerator<Buffer> {
  for await (const c of src) {
    meter.add(c);
    if (evidence) {
      evidence.collector.add(c);
      if (evidence.collector.shouldFlush)
        await evidence.emit({
          file: evidence.file,
          batch: null,
          end: null,
          bytes: evidence.bytes(),
        });
    }
    yield c;
  }
}

async function* capped(
  src: AsyncIterable<Buffer>,
  cap: number,
  compressed: number,
): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const c of src) {
    n += c.length;
    if (n > cap) {
      throw new DecompressionCapError(
        `decompressed size passed ${mib(cap)} from ${mib(compressed)} compressed (a decompression bomb?); raise maxRatio/maxDecompressed in TRAILSCOPE_INGEST_LIMITS if this is genuine`,
      );
    }
    yield c;
  }
}

function mib(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(n >= 10 * 1048576 ? 0 : 1)} MiB` : `${n} bytes`;
}

/** gunzip (all members) of `src`, with the decompressed-size cap applied; `consumed()` counts its input. */
function gunzipped(
  src: Readable,
  limits: IngestLimits,
  compressed: number,
): { content: AsyncIterable<Buffer>; consumed: () => number } {
  const gz = createGunzip({ chunkSize: 256 * 1024 });
  src.on('error', (err) => gz.destroy(err));
  src.pipe(gz);
  return {
    content: capped(gz, decompressedCap(limits, compressed), compressed),
    consumed: () => gz.bytesWritten,
  };
}

async function parseContent(
  content: AsyncIterable<Buffer>,
  sink: RecordSink,
  limits: IngestLimits,
): Promise<StreamResult> {
  try {
    return await parseStream(content, sink, limits);
  } catch (err) {
    if (err instanceof DecompressionCapError) return { error: err.message };
    throw err;
  }
}

/** Peek at the first bytes of a readable without losing them. */
async function peek(
  stream: AsyncIterable<Buffer>,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head, rest: rest() };
}

/**
 * Parse one discovered path: a plain file, a gzip, or a zip archive (each member is a file of its
 * own, "archive.zip!member"). Everything goes out through `emit`; nothing here throws for bad
 * input: every problem becomes the file's outcome.
 */
export async function parseJob(job: ParseJob, limits: IngestLimits, emit: Emit): Promise<void> {
  let fh: EvidenceFile;
  const meta: FileMeta = { path: job.path, size: null, mtimeMs: null };
  try {
    // read-only: evidence is never modified
    fh = openEvidence(job.path);
  } catch (err) {
    await emitEnd(emit, meta, { status: 'failed', error: describeOpenError(err) });
    return;
  }
  try {
    // Synchronous stat and small reads on the open handle: a parse thread has nothing else to do
    // meanwhile, and each awaited call was a round trip through the thread pool (open, stat, two
    // reads, stat, close per file): on the wide corpus's 10k small files both workers sat idle
    // about half the time. Large files still stream with awaited reads.
    const st = fstatSync(fh.fd);
    if (!st.isFile()) {
      await emitEnd(emit, meta, {
        status: 'failed',
        error: 'not a regular file (device, socket or pipe): not read',
      });
      return;
    }
    if (
      job.ino !== undefined &&
      job.dev !== undefined &&
      (st.ino !== job.ino || st.dev !== job.dev)
    ) {
      await emitEnd(emit, meta, {
        status: 'failed',
        error: 'replaced by another file after it was found (not read); run again',
      });
      return;
    }
    meta.size = st.size;
    meta.mtimeMs = Math.trunc(st.mtimeMs);
    const headBuf = Buffer.alloc(8);
    const bytesRead = readSync(fh.fd, headBuf, 0, 8, 0);
    const container = sniffContainer(headBuf.subarray(0, bytesRead));
    if (container?.kind === 'zip') {
      await parseZip(fh, meta, limits, emit);
      return;
    }
    if (container?.kind === 'not-evidence') {
      await emitEnd(emit, meta, {
        status: 'not-cloudtrail',
        error: container.reason,
        bytes: st.size,
      });
      return;
    }
    const meter = new Meter();
    const gzip = container?.kind === 'gzip';
    const evidence = new EvidenceCollector(
      container?.kind === 'parquet' ? 'stored' : gzip ? 'gzip' : 'deflate',
    );
    const out = evidence.attach(emit);
    const sink = new RecordSink(
      meta,
      out,
      limits.batchSize,
      meter.take,
      limits.batchBytes,
      carverFor(limits),
      recordRulesFor(limits),
    );
    if (container?.kind === 'parquet') {
      // DuckDB reads the path itself: hash the bytes first, then check nothing changed meanwhile
      for await (const c of metered(readAll(fh), meter, {
        collector: evidence,
        emit: out,
        file: meta,
        bytes: meter.take,
      }));
      const sha = meter.hash.digest('hex');
      const r = await parseParquet(job.path, sink);
      const after = fstatSync(fh.fd);
      const changed = after.size !== st.size || Math.trunc(after.mtimeMs) !== meta.mtimeMs;
      if (sink.engineResult) for (const n of await querySidecarNotes(job.path)) sink.note(n);
      if (!r.error && !changed)
        evidence.seal({ contentSha256: sha, contentSize: meter.total, trailingData: false });
      await sink.finish({
        sha256: r.error || changed ? null : sha,
        error: changed
          ? 'the file changed while it was being read; run again once it is stable'
          : r.error,
      });
      return;
    }
    let result: StreamResult;
    const whole = st.size <= SMALL_FILE ? await readSmall(fh, st.size, gzip, limits) : null;
    /** The content's SHA-256 and whether data follows the first gzip member, once read whole. */
    let content: () => { contentSha256: string; contentSize: number; trailingData: boolean };
    if (whole) {
      meter.add(whole.raw);
      evidence.add(whole.raw);
      sink.locatable = true;
      sink.verifiedBefore = whole.damage?.verifiedBytes ?? 0;
      result = await parseContent(once(whole.content), sink, limits);
      if (whole.damage) {
        // the cause comes first; what the parse then met (if anything) after it
        sink.dataUnverified = whole.damage.unverified;
        result = {
          error:
            `damaged gzip data (${whole.damage.message})` +
            (result.error ? `; then ${result.error}` : ''),
        };
      }
      content = () => ({
        contentSha256: gzip ? sha256Hex(whole.content) : meter.hash.copy().digest('hex'),
        contentSize: whole.content.length,
        trailingData: whole.trailingData,
      });
    } else {
      const raw = metered(readAll(fh), meter, {
        collector: evidence,
        emit: out,
        file: meta,
        bytes: meter.take,
      });
      if (gzip) {
        const g = gunzipped(Readable.from(raw), limits, st.size);
        const cm = new ContentMeter();
        result = await parseContent(cm.wrap(g.content), sink, limits);
        content = () => ({
          contentSha256: cm.digest(),
          contentSize: cm.size,
          trailingData: streamHasTrailingData({
            consumed: g.consumed(),
            delivered: meter.total,
            contentCrc: cm.crc,
            contentSize: cm.size,
            trailer: evidence.trailer,
          }),
        });
      } else {
        result = await parseContent(raw, sink, limits);
        content = () => ({
          contentSha256: meter.hash.copy().digest('hex'),
          contentSize: meter.total,
          trailingData: false,
        });
      }
    }
    const after = fstatSync(fh.fd);
    if (!result.error && (after.size !== st.size || Math.trunc(after.mtimeMs) !== meta.mtimeMs)) {
      result = {
        error: `the file changed while it was being read (size ${st.size} → ${after.size}); run again once it is stable`,
      };
    }
    // Kept when read whole (records may be located in it, whatever the parse found), else only
    // when every delivered byte was read (a file a parse stopped early in is not kept).
    if (whole || (!result.error && meter.total === st.size)) {
      const facts = content();
      evidence.seal(facts);
      // CloudTrail delivers each log file as one gzip member: more after it is not as delivered
      // (a Firehose or export file may hold several, so only an S3 delivery path says so)
      if (facts.trailingData && gzip && DELIVERY_PATH.test(job.path.replace(/\\/g, '/')))
        sink.note(
          'data follows the first gzip member, which CloudTrail never writes: records after it may have been appended to the delivered file (its digest decides: trailscope verify)',
        );
    }
    const sha = result.error ? null : meter.hash.digest('hex');
    if (sink.engineResult) for (const n of await querySidecarNotes(job.path)) sink.note(n);
    await sink.finish({ sha256: sha, error: result.error, notEvidence: result.notEvidence });
  } catch (err) {
    await emitEnd(emit, meta, { status: 'failed', error: describeReadError(err) });
  } finally {
    await fh.close().catch(() => undefined);
  }
}

async function emitEnd(
  emit: Emit,
  file: FileMeta,
  o: Partial<FileEnd> & { status: FileEnd['status']; bytes?: number },
): Promise<void> {
  const end: FileEnd = {
    status: o.status,
    shape: o.shape ?? null,
    sha256: o.sha256 ?? null,
    records: o.records ?? 0,
    error: o.error ?? null,
    warnings: o.warnings ?? [],
    digest: o.digest ?? null,
  };
  if (o.members !== undefined) end.members = o.members;
  await emit({ file, batch: null, end, bytes: o.bytes ?? 0 });
}

function openZip(fd: number): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings off: yauzl's own decoding rejects a `../x.json` or `/etc/x.json` name with an
    // error that ends the whole archive; names are decoded (and judged) by memberName instead
    yauzl.fromFd(
      fd,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    );
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry): void => {
      cleanup();
      resolve(e);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

/**
 * A member's name as it is indexed (`archive.zip!<name>`): the literal name from the archive
 * (Unicode path field, else UTF-8 or CP437 as flagged), `..`, absolute paths and backslashes kept
 * as they are: members are never extracted, so a name is only a label and cannot reach outside
 * the archive. Control and invisible characters become visible escapes, so a name cannot act on a
 * terminal or hide in a list. A name given twice gets its position, so each member keeps a row.
 */
export function memberName(
  entry: Pick<yauzl.Entry, 'generalPurposeBitFlag' | 'fileNameRaw' | 'extraFields'>,
  seen: Set<string>,
  position: number,
): string {
  let name: string;
  try {
    name = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      true,
    );
  } catch {
    name = entry.fileNameRaw.toString('latin1');
  }
  name = safeText(name, { max: 1024 });
  if (seen.has(name)) name = `${name} (member ${position}: same name as an earlier member)`;
  seen.add(name);
  return name;
}

/** Members are skipped by name as yauzl's path skips them: folders and macOS metadata. */
function skippedMember(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || name.endsWith('.DS_Store');
}

/** A log file as CloudTrail delivers it to S3: `AWSLogs/[o-…/]ACCOUNT/CloudTrail/REGION/…`. */
const DELIVERY_PATH = /(^|\/)AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/CloudTrail\//;

/** An archive without its central directory is read by its local headers up to this size. */
const LOCAL_ZIP_MAX = 32 * 1024 * 1024;
/** …and each member decoded whole up to this size (it is held in memory to be read). */
const LOCAL_MEMBER_MAX = 64 * 1024 * 1024;

/**
 * A zip whose central directory is missing (an interrupted download, a cut copy): each member
 * before the cut is read by its local header, one at a time; a member the cut falls in keeps what
 * decoded and fails as cut. The archive's row says how it was read.
 */
async function parseZipByLocalHeaders(
  fh: EvidenceFile,
  archive: FileMeta,
  limits: IngestLimits,
  emit: Emit,
  why: string,
): Promise<void> {
  const size = archive.size ?? 0;
  const buf = Buffer.alloc(size);
  let got = 0;
  while (got < size) {
    const { bytesRead } = await fh.read(buf, got, size - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  const data = buf.subarray(0, got);
  const maxOutput = Math.min(LOCAL_MEMBER_MAX, decompressedCap(limits, got));
  const scan = readLocalMembers(data, maxOutput);
  const read = new ArchiveMembers(archive, limits, emit);
  for (const m of scan.members) {
    const names = {
      generalPurposeBitFlag: m.generalPurposeBitFlag,
      fileNameRaw: m.nameRaw,
      extraFields: m.extraFields,
    };
    await read.next(names, m.lastModDate, () => {
      // decoded now, read, and let go before the next one: one member in memory at a time
      const { content, damage } = m.encrypted
        ? { content: null, damage: null }
        : decodeLocalMember(data, m, maxOutput);
      return {
        size: content?.length ?? m.uncompressedSize,
        source: {
          compressedSize: m.dataEnd - m.dataStart,
          // the size decoded is the size read: a damaged member says so through its error
          uncompressedSize: content?.length ?? 0,
          isEncrypted: () => m.encrypted,
          open: async () => {
            if (content === null && damage) throw new MemberDamage(damage.message, false);
            return Readable.from(
              (async function* () {
                if (content?.length) yield content;
                if (damage) throw new MemberDamage(damage.message, damage.unverified);
              })(),
            );
          },
        },
      };
    });
  }
  const { members, records } = read;
  const cut = scan.members.at(-1)?.cut ?? false;
  const notes = [
    ...(cut ? ['the last member read is cut short: any member after the cut is lost'] : []),
    ...(scan.skippedBytes
      ? [`${scan.skippedBytes} byte(s) before the first member were skipped`]
      : []),
    ...(scan.passedOver
      ? [
          `${scan.passedOver} byte(s) between members were passed over (a member whose end could not be found, or bytes that are no member)`,
        ]
      : []),
    ...read.failureNotes(),
  ];
  await emitEnd(emit, archive, {
    status: 'failed',
    shape: 'zip',
    sha256: createHash('sha256').update(buf.subarray(0, got)).digest('hex'),
    records,
    error: members
      ? `damaged zip archive: no central directory (a cut or incomplete download); ${members} member(s) were read by their local headers`
      : `damaged zip archive: ${why}`,
    warnings: notes,
    bytes: size,
    members,
  });
}

/** Each member of a zip is indexed as a file of its own; the archive gets a summary row. */
async function parseZip(
  fh: EvidenceFile,
  archive: FileMeta,
  limits: IngestLimits,
  emit: Emit,
): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(fh.fd);
  } catch (err) {
    // no central directory (an interrupted download): the members before the cut are read by
    // their local headers, when the archive is small enough to hold whole
    if (/central directory/i.test((err as Error).message) && (archive.size ?? 0) <= LOCAL_ZIP_MAX)
      return parseZipByLocalHeaders(fh, archive, limits, emit, (err as Error).message);
    await emitEnd(emit, archive, {
      status: 'failed',
      shape: 'zip',
      error: `damaged zip archive: ${(err as Error).message}`,
      bytes: archive.size ?? 0,
    });
    return;
  }
  const read = new ArchiveMembers(archive, limits, emit);
  let archiveError: string | null = null;
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const e = entry;
      await read.next(e, e.getLastModDate(), () => ({
        size: e.uncompressedSize,
        source: {
          compressedSize: e.compressedSize,
          uncompressedSize: e.uncompressedSize,
          crc32: e.crc32,
          isEncrypted: () => e.isEncrypted(),
          open: () => openEntry(zip, e),
        },
      }));
    }
  } catch (err) {
    archiveError = `damaged zip archive: ${(err as Error).message}`;
  }
  // not zip.close(): it would close our handle's fd, which the caller closes
  const hash = createHash('sha256');
  for await (const c of readAll(fh)) hash.update(c);
  const { members, records } = read;
  const notes = read.failureNotes();
  await emitEnd(emit, archive, {
    status: archiveError ? 'failed' : members ? 'indexed' : 'not-cloudtrail',
    shape: 'zip',
    sha256: hash.digest('hex'),
    records,
    error: archiveError ?? (members ? null : 'empty zip archive'),
    warnings: notes,
    bytes: archive.size ?? 0,
    members,
  });
}

/**
 * The members of one archive, read in order: each named (`memberName`), folders and macOS
 * metadata passed over, the rest read as files of their own, and what they held counted for the
 * archive's row. `open` is asked only for a member that is read.
 */
class ArchiveMembers {
  members = 0;
  records = 0;
  private failures = 0;
  private position = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly archive: FileMeta,
    private readonly limits: IngestLimits,
    private readonly emit: Emit,
  ) {}

  async next(
    names: Pick<yauzl.Entry, 'generalPurposeBitFlag' | 'fileNameRaw' | 'extraFields'>,
    modified: Date,
    open: () => { size: number; source: MemberSource },
  ): Promise<void> {
    this.position++;
    const name = memberName(names, this.seen, this.position);
    if (skippedMember(name)) return;
    this.members++;
    const { size, source } = open();
    const meta: FileMeta = {
      path: `${this.archive.path}!${name}`,
      size,
      mtimeMs: modified.getTime(),
    };
    const end = await parseZipMember(source, meta, this.limits, this.emit);
    this.records += end.records;
    if (end.status === 'failed') this.failures++;
  }

  failureNotes(): string[] {
    return this.failures ? [`${this.failures} member(s) failed (see their own rows)`] : [];
  }
}

/** What reading one member needs: its sizes, whether it is encrypted, and its decoded bytes. */
interface MemberSource {
  compressedSize: number;
  uncompressedSize: number;
  /** The CRC-32 its header gives, when it is to be checked here (yauzl checks sizes only). */
  crc32?: number;
  isEncrypted(): boolean;
  open(): Promise<Readable>;
}

async function parseZipMember(
  entry: MemberSource,
  meta: FileMeta,
  limits: IngestLimits,
  emit: Emit,
): Promise<FileEnd> {
  const meter = new Meter(entry.crc32 !== undefined);
  // the member's evidence encoding is known once its first bytes are (a gzip inside is kept as is)
  let out: Emit = emit;
  const sink = new RecordSink(
    meta,
    (m) => out(m),
    limits.batchSize,
    () => 0,
    limits.batchBytes,
    carverFor(limits),
    recordRulesFor(limits),
  );
  const cap = decompressedCap(limits, entry.compressedSize);
  if (entry.uncompressedSize > cap) {
    return sink.finish({
      sha256: null,
      error: `member would decompress to ${mib(entry.uncompressedSize)} from ${mib(entry.compressedSize)} (a decompression bomb?)`,
    });
  }
  if (entry.isEncrypted())
    return sink.finish({
      sha256: null,
      error: 'encrypted zip member (extract it with its password first)',
    });
  let stream: Readable;
  try {
    stream = await entry.open();
  } catch (err) {
    return sink.finish({
      sha256: null,
      error: `cannot read zip member: ${(err as Error).message}`,
    });
  }
  try {
    const { head, rest } = await peek(capped(stream, cap, entry.compressedSize));
    const inner = sniffContainer(head);
    const evidence = new EvidenceCollector(inner?.kind === 'gzip' ? 'gzip' : 'deflate');
    out = evidence.attach(emit);
    let content: AsyncIterable<Buffer> = metered(rest, meter, {
      collector: evidence,
      emit: out,
      file: meta,
      bytes: () => 0,
    });
    let facts = () => ({
      contentSha256: meter.hash.copy().digest('hex'),
      contentSize: meter.total,
      trailingData: false,
    });
    if (inner?.kind === 'gzip') {
      const g = gunzipped(Readable.from(content), limits, entry.uncompressedSize);
      const cm = new ContentMeter();
      content = cm.wrap(g.content);
      facts = () => ({
        contentSha256: cm.digest(),
        contentSize: cm.size,
        trailingData: streamHasTrailingData({
          consumed: g.consumed(),
          delivered: meter.total,
          contentCrc: cm.crc,
          contentSize: cm.size,
          trailer: evidence.trailer,
        }),
      });
    } else if (inner?.kind === 'zip') {
      stream.destroy();
      return sink.finish({
        sha256: null,
        notEvidence: 'a zip inside a zip (extract the inner archive first)',
      });
    } else if (inner?.kind === 'parquet') {
      stream.destroy();
      return sink.finish({
        sha256: null,
        error: 'a Parquet file inside a zip (extract it first: Parquet is read from a file)',
      });
    } else if (inner?.kind === 'not-evidence') {
      stream.destroy();
      return sink.finish({ sha256: null, notEvidence: inner.reason });
    }
    const result = await parseContent(content, sink, limits);
    stream.destroy();
    const whole = !result.error && meter.total === entry.uncompressedSize;
    if (whole) evidence.seal(facts());
    if (whole && meter.crc !== null && meter.crc >>> 0 !== entry.crc32! >>> 0) {
      // the bytes were altered after the archive was made: what was read from them is unverified
      sink.dataUnverified = true;
      return sink.finish({
        sha256: null,
        error: 'damaged zip member: its data fails its CRC check (altered after it was zipped?)',
      });
    }
    return sink.finish({
      sha256: result.error ? null : meter.hash.digest('hex'),
      error: result.error,
      notEvidence: result.notEvidence,
    });
  } catch (err) {
    stream.destroy();
    const msg = err instanceof DecompressionCapError ? err.message : describeReadError(err);
    return sink.finish({ sha256: null, error: msg });
  }
}
