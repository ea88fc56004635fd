import { parse as csvParse } from 'csv-parse';
import { sniffContent } from './detect.js';
import {
  ENVELOPE_KEYS,
  JsonSplitter,
  looksLikeJsonLines,
  SplitError,
  type Container,
  type SplitItem,
} from './json-splitter.js';
import { CsvRowMapper, csvRecordUsable, looksLikeCsvHeader } from './csv-records.js';
import { EngineCsvMapper, looksLikeEngineHeader } from './engines/engine-csv.js';
import { stringifyJson } from '../util/deep-json.js';
import type { IngestLimits } from './limits.js';
import type { RecordSink } from './record-sink.js';

/** How reading a decompressed stream ended, besides the records handed to the sink. */
export interface StreamResult {
  /** Parsing or reading stopped here (records before it were kept). */
  error?: string;
  /** The content is not CloudTrail evidence at all (empty, binary, other text). */
  notEvidence?: string;
}

/**
 * A read that stopped on an error: its words, and when compressed data decoded into damage before
 * the decoder noticed, the sink is told that what it read may hold altered bytes.
 */
function readStop(err: unknown, sink: RecordSink): { error: string } {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof MemberDamage && err.unverified) sink.dataUnverified = true;
  // a header check fails only where a member starts: what came before passed its own checks
  if (
    (e?.code === 'Z_DATA_ERROR' && e.message !== 'incorrect header check') ||
    zipSizeMismatch(err)
  )
    sink.dataUnverified = true;
  return { error: describeReadError(err) };
}

/** yauzl's words when a member's data does not decode to the size its header gives. */
function zipSizeMismatch(err: unknown): boolean {
  return /^(too many|not enough) bytes in the stream/.test((err as Error)?.message ?? '');
}

/**
 * A zip member read by its local header whose data is damaged or cut (zip-local.ts): its words,
 * and whether what decoded before it is unverified (a failed CRC) or stands (a cut).
 */
export class MemberDamage extends Error {
  constructor(
    message: string,
    readonly unverified: boolean,
  ) {
    super(message);
    this.name = 'MemberDamage';
  }
}

/** Errors from reading or decompressing, in words for the summary. */
export function describeReadError(err: unknown): string {
  if (err instanceof MemberDamage) return `damaged zip member: ${err.message}`;
  const e = err as NodeJS.ErrnoException;
  const code = e?.code;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e?.message ?? ''))
    return 'truncated gzip data (the file ends early)';
  if (code === 'Z_DATA_ERROR') return `damaged gzip data (${e.message})`;
  if (zipSizeMismatch(err))
    return `damaged zip member: its data does not decode to the size its header gives (${e.message})`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EIO') return 'I/O error while reading';
  return e?.message ?? String(err);
}

const SNIFF_BYTES = 64 * 1024;
const FEED_BYTES = 1024 * 1024;

/** Pulls chunks from an async iterator, turning a read error into a recorded stop instead of a throw. */
class Pull {
  done = false;
  error: unknown = null;
  constructor(private readonly it: AsyncIterator<Buffer>) {}
  async next(): Promise<Buffer | null> {
    if (this.done) return null;
    try {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return null;
      }
      return r.value;
    } catch (err) {
      this.error = err;
      this.done = true;
      return null;
    }
  }
  /** Stop the source early (ends decompression and reading behind it). */
  async close(): Promise<void> {
    this.done = true;
    await this.it.return?.().catch(() => undefined);
  }
}

/** Parse one decompressed stream (a file, a gzip's content or a zip member) into the sink. */
export async function parseStream(
  chunks: AsyncIterable<Buffer>,
  sink: RecordSink,
  limits: IngestLimits,
): Promise<StreamResult> {
  const pull = new Pull(chunks[Symbol.asyncIterator]());
  try {
    return await parsePulled(pull, sink, limits);
  } finally {
    await pull.close();
  }
}

async function parsePulled(
  pull: Pull,
  sink: RecordSink,
  limits: IngestLimits,
): Promise<StreamResult> {
  const acc: Buffer[] = [];
  let accBytes = 0;
  while (!pull.done && accBytes < SNIFF_BYTES) {
    const c = await pull.next();
    if (c) {
      acc.push(c);
      accBytes += c.length;
    }
  }
  const head = acc.length === 1 ? acc[0] : Buffer.concat(acc);
  const sniff = sniffContent(head, pull.done);
  if (sniff.kind === 'utf16') {
    if (pull.error) return readStop(pull.error, sink);
    // re-encoded: offsets in it are not offsets in the delivered content
    sink.locatable = false;
    return parseStream(utf16ToUtf8(head, pull, sniff.littleEndian, sniff.skip), sink, limits);
  }
  if (sniff.kind === 'empty')
    return pull.error ? readStop(pull.error, sink) : { notEvidence: sniff.reason };
  if (sniff.kind === 'not-evidence') return { notEvidence: sniff.reason };
  if (sniff.kind === 'gzip' || sniff.kind === 'zip')
    return { notEvidence: 'compressed data inside compressed data (extract it first)' };
  if (sniff.kind === 'parquet')
    return {
      notEvidence:
        'Parquet inside compressed data (decompress it first: Parquet is read from a file)',
    };
  const first = head.subarray(sniff.skip);
  if (sniff.kind === 'csv') return parseCsv(first, pull, sink, limits);
  sink.contentSkip = sniff.skip;

  // JSON: the whole document in one JSON.parse when it is small enough, else stream it.
  const parts: Buffer[] = [first];
  let size = first.length;
  while (!pull.done && size <= limits.wholeParseMax) {
    const c = await pull.next();
    if (c) {
      parts.push(c);
      size += c.length;
    }
  }
  const firstIsAll = pull.done && !pull.error && size === first.length;
  // records that can be located in the content are split out (one JSON.parse per record, no
  // re-serialising); the rest is parsed whole, its records serialised once for their stored copy
  if (pull.done && size <= limits.wholeParseMax && !pull.error && !sink.locatable) {
    const whole = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    let doc: unknown;
    let parsed = false;
    try {
      doc = JSON.parse(whole.toString('utf8'));
      parsed = true;
    } catch {
      // not one document: JSON Lines, concatenated pages, or damaged; the splitter tells which
    }
    if (parsed) {
      await itemsFromValue(doc, sink);
      return {};
    }
    return splitStream([whole], pull, sink, limits, looksLikeJsonLines(first, firstIsAll));
  }
  return splitStream(parts, pull, sink, limits, looksLikeJsonLines(first, firstIsAll));
}

/** Re-encode a UTF-16 stream (its BOM, `skip` bytes, at the start of `head`) as UTF-8, chunk by chunk. */
async function* utf16ToUtf8(
  head: Buffer,
  pull: Pull,
  littleEndian: boolean,
  skip: number,
): AsyncGenerator<Buffer> {
  // ignoreBOM: a mark is skipped here already, and one in the middle is text
  const decoder = new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { ignoreBOM: true });
  yield Buffer.from(decoder.decode(head.subarray(skip), { stream: true }), 'utf8');
  for (let c = await pull.next(); c; c = await pull.next())
    yield Buffer.from(decoder.decode(c, { stream: true }), 'utf8');
  if (pull.error) throw pull.error;
  yield Buffer.from(decoder.decode(), 'utf8');
}

async function itemsFromValue(doc: unknown, sink: RecordSink): Promise<void> {
  const feed = async (container: Container, values: unknown[]): Promise<void> => {
    for (const v of values) {
      sink.item(container, null, v);
      if (sink.full) await sink.flushIfFull();
    }
  };
  if (Array.isArray(doc)) return feed('array', doc);
  if (typeof doc === 'object' && doc !== null) {
    const o = doc as Record<string, unknown>;
    let envelope = false;
    for (const key of ENVELOPE_KEYS) {
      const v = o[key];
      if (Array.isArray(v)) {
        envelope = true;
        await feed(key, v);
      }
    }
    const hits = o.hits as Record<string, unknown> | null | undefined;
    if (typeof hits === 'object' && hits !== null && Array.isArray(hits.hits)) {
      envelope = true;
      await feed('hits', hits.hits);
    }
    if (envelope) return;
  }
  await feed('top', [doc]);
}

async function splitStream(
  first: Buffer[],
  pull: Pull,
  sink: RecordSink,
  limits: IngestLimits,
  lines: boolean,
): Promise<StreamResult> {
  const queue: SplitItem[] = [];
  const splitter = new JsonSplitter(
    (item) => queue.push(item),
    limits.maxItemBytes,
    (offset, bytes) => sink.oversized(offset, bytes, limits.maxItemBytes),
    lines,
  );
  const drain = async (): Promise<void> => {
    for (let i = 0; i < queue.length; i++) {
      sink.item(queue[i].container, queue[i].text, undefined, queue[i]);
      if (sink.full) await sink.flushIfFull();
    }
    queue.length = 0;
  };
  const feed = async (buf: Buffer): Promise<void> => {
    for (let off = 0; off < buf.length; off += FEED_BYTES) {
      splitter.push(buf.subarray(off, Math.min(buf.length, off + FEED_BYTES)));
      await drain();
    }
  };
  try {
    for (const b of first) await feed(b);
    first.length = 0;
    for (let c = await pull.next(); c; c = await pull.next()) await feed(c);
    if (pull.error) {
      await drain();
      return readStop(pull.error, sink);
    }
    splitter.end();
    await drain();
    noteJunk(splitter, sink);
    return {};
  } catch (err) {
    await drain();
    noteJunk(splitter, sink);
    if (err instanceof SplitError) {
      if (pull.error) return readStop(pull.error, sink);
      return { error: `invalid JSON at byte ${err.offset}: ${err.message}` };
    }
    throw err;
  }
}

function noteJunk(splitter: JsonSplitter, sink: RecordSink): void {
  if (splitter.junkLines)
    sink.note(
      `${splitter.junkLines} line(s) that are not JSON were skipped (first at byte ${splitter.firstJunkAt})`,
    );
  if (splitter.brokenLines)
    sink.note(
      `${splitter.brokenLines} line(s) that end inside a JSON value (a truncated or damaged record) were skipped (first at byte ${splitter.firstBrokenAt}); the lines after them were read`,
    );
}

/** Rows with a quote that never closes that are skipped before the rest of the file is given up. */
const MAX_UNCLOSED = 16;

async function parseCsv(
  first: Buffer,
  pull: Pull,
  sink: RecordSink,
  limits: IngestLimits,
): Promise<StreamResult> {
  let csvError: (Error & { code?: string }) | null = null;
  const newParser = () => {
    const p = csvParse({
      relax_column_count: true,
      relax_quotes: true,
      bom: true,
      skip_empty_lines: true,
      max_record_size: limits.maxItemBytes,
      info: true,
    });
    p.on('error', (err: Error) => {
      csvError = err;
    });
    return p;
  };
  let parser = newParser();
  let mapper: CsvRowMapper | null = null;
  let engine: EngineCsvMapper | null = null;
  let notEvidence: string | null = null;
  /**
   * Where the last row ended (bytes and lines of the input), and the input from there on: a quote
   * that never closes swallows the rest of the file into one cell, and the rows after the broken
   * one are read again from these bytes (bounded as the parser's own record is).
   */
  let base = { bytes: 0, lines: 0 };
  let lastEnd = { bytes: 0, lines: 0 };
  let held: Buffer[] = [];
  let heldFrom = 0;
  const ragged = { rows: 0, firstLine: 0 };
  const unclosed = { rows: 0, firstLine: 0 };
  const joined = { rows: 0, firstLine: 0 };
  const cutCells = { rows: 0, firstLine: 0 };
  const drain = async (): Promise<void> => {
    let r: { record: string[]; info: { bytes: number; lines: number } } | null;
    while ((r = parser.read() as typeof r) !== null) {
      const row = r.record;
      const after = lastEnd.lines;
      lastEnd = { bytes: base.bytes + r.info.bytes, lines: base.lines + r.info.lines };
      if (notEvidence) continue;
      if (engine) {
        const rec = engine.map(row);
        if (!rec) continue;
        sink.forcedShape =
          engine.engine === 'cloudtrail-lake' ? 'cloudtrail-lake-csv' : 'athena-csv';
        if (csvRecordUsable(rec)) sink.csvRecord(rec, stringifyJson(rec));
        else sink.skipItem('names no event (no eventname or eventid)');
        if (sink.full) await sink.flushIfFull();
        continue;
      }
      if (!mapper) {
        if (looksLikeEngineHeader(row)) {
          engine = new EngineCsvMapper(row);
          sink.forcedShape = 'athena-csv';
          sink.engineResult = true;
          continue;
        }
        if (!looksLikeCsvHeader(row)) {
          const shown = row.slice(0, 6).join(', ');
          notEvidence = `CSV without CloudTrail columns (header: ${shown.length > 80 ? shown.slice(0, 79) + '…' : shown})`;
          continue;
        }
        mapper = new CsvRowMapper(row);
        sink.forcedShape = 'console-csv';
        continue;
      }
      if (row.length !== mapper.width && !(row.length === 1 && row[0] === '')) {
        if (ragged.rows++ === 0) ragged.firstLine = lastEnd.lines;
      }
      if (mapper.joinsLines(row) && joined.rows++ === 0) joined.firstLine = after;
      const rec = mapper.map(row);
      if (!rec) continue;
      if (rec.cutFullEvent && cutCells.rows++ === 0) cutCells.firstLine = lastEnd.lines;
      if (csvRecordUsable(rec.record)) sink.csvRecord(rec.record, rec.raw, rec.fromColumns);
      else sink.skipItem('names no event (no event name or ID)');
      if (sink.full) await sink.flushIfFull();
    }
    // keep only the input after the last row's end
    while (held.length && heldFrom + held[0].length <= lastEnd.bytes) {
      heldFrom += held[0].length;
      held.shift();
    }
  };
  const write = async (buf: Buffer): Promise<boolean> => {
    held.push(buf);
    parser.write(buf);
    await drain();
    return csvError === null && notEvidence === null;
  };
  const finish = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      parser.once('finish', resolve);
      parser.once('error', () => resolve());
      parser.end();
    });
    await drain();
  };
  if (await write(first)) {
    for (let c = await pull.next(); c; c = await pull.next()) if (!(await write(c))) break;
  }
  if (csvError === null && notEvidence === null) await finish();
  // a quote never closed: the row it opened in is skipped, and the rows after it read again
  while (
    csvError !== null &&
    (csvError as { code?: string }).code === 'CSV_QUOTE_NOT_CLOSED' &&
    (mapper || engine) &&
    !pull.error
  ) {
    const tail = Buffer.concat(held).subarray(lastEnd.bytes - heldFrom);
    let at = 0;
    let line = lastEnd.lines + 1;
    while (at < tail.length && (tail[at] === 0x0a || tail[at] === 0x0d)) {
      if (tail[at] === 0x0a) line++;
      at++;
    }
    if (unclosed.rows++ === 0) unclosed.firstLine = line;
    // each recovery parses the rest of the file again: a few are worth it, a file of broken rows
    // is not (it would take time growing with the square of its size)
    if (unclosed.rows > MAX_UNCLOSED) {
      csvError = new Error(
        `more than ${MAX_UNCLOSED} rows with a quote that is never closed (the first on line ${unclosed.firstLine}): the rest of the file from line ${line} was not read`,
      );
      break;
    }
    const nl = tail.indexOf(0x0a, at);
    if (nl === -1) {
      csvError = null;
      break;
    }
    const rest = tail.subarray(nl + 1);
    base = { bytes: lastEnd.bytes + nl + 1, lines: line };
    lastEnd = { ...base };
    held = [rest];
    heldFrom = base.bytes;
    csvError = null;
    parser = newParser();
    parser.write(rest);
    await drain();
    if (csvError === null) await finish();
  }
  if (unclosed.rows && unclosed.rows <= MAX_UNCLOSED)
    sink.note(
      `${unclosed.rows} row(s) with a quote that is never closed were skipped (first on line ${unclosed.firstLine}); the rows after them were read`,
    );
  if (joined.rows)
    sink.note(
      `${joined.rows} row(s) have a cell that spans lines (the first starts after line ${joined.firstLine}): a stray quote and a later one may have joined several rows into one cell, so the events on those lines may be missing`,
    );
  if (cutCells.rows)
    sink.note(
      `${cutCells.rows} row(s) whose CloudTrail event cell is not a whole JSON record (cut or damaged; the first ends on line ${cutCells.firstLine}): read from the row's other columns only (caveat:rebuilt)`,
    );
  if (ragged.rows)
    sink.note(
      `${ragged.rows} row(s) have more or fewer cells than the header (first ending on line ${ragged.firstLine}): their cells were read by position`,
    );
  if (engine) for (const n of (engine as EngineCsvMapper).notes()) sink.note(n);
  if (notEvidence) return { notEvidence };
  if (csvError) return { error: `invalid CSV: ${(csvError as Error).message}` };
  if (pull.error) return readStop(pull.error, sink);
  return {};
}
