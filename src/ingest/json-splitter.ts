/**
 * Splits a JSON byte stream into record-sized pieces without parsing the whole document, so a
 * 200 MB `{"Records":[...]}` or a 2 GB JSON Lines file is read with memory bounded by the largest
 * single record.
 *
 * What becomes an item:
 * - each element of a top-level array (container `array`);
 * - each element of the array under an envelope key (`Records`, `Events`, `events`) of a top-level
 *   object (container = that key), or under `hits.hits` (a search response: container `hits`);
 *   the rest of such an object is dropped;
 * - any other top-level value, whole (container `top`): JSON Lines, concatenated documents, a single
 *   event, a digest file.
 */

/** `logEvents`: a CloudWatch Logs subscription payload (as Firehose writes it to S3). */
export const ENVELOPE_KEYS = ['Records', 'Events', 'events', 'logEvents'] as const;
/**
 * `hits`: each element of `hits.hits` of a top-level object, as an Elasticsearch or OpenSearch
 * search response holds its documents (`{"took":…,"hits":{"total":…,"hits":[{"_source":…}]}}`).
 */
export type Container = (typeof ENVELOPE_KEYS)[number] | 'hits' | 'array' | 'top';

export interface SplitItem {
  /** The item's JSON text exactly as in the file (may be pretty-printed). */
  text: string;
  container: Container;
  /** Where the item's bytes start in the input, and how many there are. */
  offset: number;
  bytes: number;
}

export class SplitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SplitError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

const ENVELOPE_KEY_SET = new Set<string>(ENVELOPE_KEYS);
/** `2024-04-11T12:00:00.000Z ` before a `{`, as CloudWatch Logs writes lines exported to S3. */
const TIMESTAMP_PREFIX =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})? (?=\{)/;

/** Longer than any timestamp prefix with its space and the brace after it. */
const TIMESTAMP_MAX = 48;

/** The length of a timestamp prefix at `at` (whole in this buffer), or 0. */
function timestampPrefix(buf: Buffer, at: number): number {
  const m = TIMESTAMP_PREFIX.exec(
    buf.toString('latin1', at, Math.min(buf.length, at + TIMESTAMP_MAX)),
  );
  return m ? m[0].length : 0;
}

/**
 * Whether the start of an input is JSON Lines: two of its lines are each, alone, a JSON object
 * with keys, or one is after a CloudWatch Logs timestamp, or (a whole input of a few lines) one
 * is and every other starts an object. Pretty-printed JSON never puts a
 * non-empty object on one line of its own, and a document with one compact object per line
 * separates them by commas (so at most its last parses alone): this holds for JSON Lines only,
 * and it lets a broken first line be skipped like any other. `complete`: `head` is the whole
 * input, so its last line counts without a line break after it.
 */
export function looksLikeJsonLines(head: Buffer, complete = false): boolean {
  // one line (a whole delivery file in the head, often): it counts only with a timestamp, which
  // is seen without parsing it (it would be parsed again by the split)
  const firstBreak = head.indexOf(0x0a);
  if (
    (firstBreak === -1 || head.subarray(firstBreak + 1).every(isSpace)) &&
    !TIMESTAMP_PREFIX.test(head.toString('latin1', 0, TIMESTAMP_MAX).trimStart())
  )
    return false;
  let parsed = 0;
  let start = 0;
  /** Lines with something on them, and whether each of those starts an object. */
  let lines = 0;
  let allObjects = true;
  for (let n = 0; start < head.length && n < 9; n++) {
    let nl = head.indexOf(0x0a, start);
    if (nl === -1) {
      if (!complete) return false;
      nl = head.length;
    }
    const raw = head.toString('utf8', start, nl).trim();
    start = nl + 1;
    const stamp = TIMESTAMP_PREFIX.exec(raw)?.[0].length ?? 0;
    const line = raw.slice(stamp);
    if (line) lines++;
    // each line starts an object, but the first may be the tail of one cut at its start
    if (line && !line.startsWith('{') && !(lines === 1 && line.endsWith('}'))) allObjects = false;
    if (!line.startsWith('{') || !line.endsWith('}')) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length)
        if (stamp > 0 || ++parsed === 2) return true;
    } catch {
      // a broken line: look at the next
    }
  }
  // a whole small input of a few lines, each starting an object and one of them whole (a cut
  // line beside it): pretty-printed JSON starts no inner line with `{` on its own, and an
  // array or envelope of compact records has a line with its bracket
  return complete && start >= head.length && parsed === 1 && lines >= 2 && allObjects;
}

/** Keys longer than this cannot be envelope keys; don't bother copying them. */
const MAX_KEY_BYTES = 16;

export class JsonSplitter {
  private depth = 0;
  private inString = false;
  private escape = false;
  /** Bytes consumed before the current buffer (for error offsets). */
  private base = 0;

  /**
   * Depth at which items live: 0 top-level values, 1 elements of a top-level array, 2 elements of
   * an envelope array; -1 inside the rest of an envelope object (nothing there is an item).
   */
  private itemDepth = 0;
  private container: Container = 'top';
  private inItem = false;
  private itemIsScalar = false;
  /** The current item's bytes from earlier buffers, and where it starts in the current one. */
  private pieces: Buffer[] = [];
  private piecesBytes = 0;
  private itemStart = 0;
  /** The current item's first byte, counted from the start of the input. */
  private itemOffset = 0;

  /** Inside a top-level object: watching its keys for an envelope array. */
  private topIsObject = false;
  /** The depth whose keys are watched: 1, or 2 inside a top-level object's `hits` object. */
  private keyDepth = 1;
  private keyStart = -1;
  private keyPrefix = '';
  private lastKey: string | null = null;
  private afterColonKey: string | null = null;

  /** Lines skipped because they did not start a JSON value, and the byte offset of the first. */
  junkLines = 0;
  firstJunkAt = -1;
  private inJunk = false;

  /** Inside an item already over maxItemBytes: its bytes are counted, not kept. */
  private skipping = false;

  /**
   * JSON Lines: set once the first top-level value closes without a line break inside it. From
   * then on a line break inside a value means that line is broken (compact JSON has none, and a
   * string may not hold one), so the value is dropped there and the next line starts afresh,
   * instead of reading the rest of the file as part of the broken value. Pretty-printed input
   * breaks lines inside its first value and never enters this mode.
   */
  private linesMode = false;
  private modeDecided = false;
  private breakInValue = false;
  /** The next line break at or after the scan position in the current buffer (-1: not looked). */
  private nextBreak = -1;
  /** A line's first bytes at the end of the last buffer, maybe a timestamp prefix, and where. */
  private tsCarry = '';
  private tsCarryAt = -1;
  /** Where the current top-level object starts, and whether it is pretty-printed (lines mode). */
  private topOffset = -1;
  private prettyTop = false;
  /** Nothing but blanks yet after the current top-level object's opening brace. */
  private topFresh = false;
  /** Lines dropped because a value was still open at their end, and the first one's offset. */
  brokenLines = 0;
  firstBrokenAt = -1;

  /**
   * With `onOversized`, an item over maxItemBytes is passed over (its bytes are scanned, never
   * held) and the items after it still come out: one crafted or huge record does not hide the rest
   * of its file. Without it, such an item stops the split with a SplitError.
   */
  constructor(
    private readonly onItem: (item: SplitItem) => void,
    private readonly maxItemBytes = 64 * 1024 * 1024,
    private readonly onOversized?: (offset: number, bytes: number) => void,
    /** The input is known to be JSON Lines (its head says so): its first line may be broken too. */
    lines = false,
  ) {
    if (lines) this.linesMode = this.modeDecided = true;
  }

  /** Bytes fed so far. */
  get offset(): number {
    return this.base;
  }

  push(buf: Buffer): void {
    const len = buf.length;
    let i = 0;
    if (this.inItem) this.itemStart = 0;
    if (this.inString && this.keyStart >= 0) this.keyStart = 0;
    this.nextBreak = -1;
    if (this.tsCarry) i = this.resumePrefix(buf);
    if (this.inJunk) {
      const nl = buf.indexOf(0x0a);
      this.inJunk = nl === -1;
      i = nl === -1 ? len : nl + 1;
    }
    while (i < len) {
      if (this.inString) {
        i = this.scanString(buf, i);
        continue;
      }
      const b = buf[i];
      if (isSpace(b)) {
        if (b === 0x0a && this.depth > 0) {
          // a top-level array, or an envelope's array between its records, may hold one object
          // per line: only a line that ends inside a top-level object's value (or record) is broken
          if (this.linesMode && this.topIsObject && this.inItem && !this.prettyTop) {
            // a line that ends just after the value's opening brace starts a pretty-printed
            // document (concatenated after compact ones): its line breaks are its layout
            if (this.topFresh) this.prettyTop = true;
            else {
              i = this.breakLine(i);
              continue;
            }
          }
          this.breakInValue = true;
        }
        if (this.inItem && this.itemIsScalar) this.endItem(buf, i);
        i++;
        continue;
      }
      // anything after a top-level object's opening brace: a line break now is not its layout
      if (this.topFresh && this.base + i !== this.topOffset) this.topFresh = false;
      if (this.inItem && this.itemIsScalar && (b === COMMA || b === CLOSE_ARR || b === CLOSE_OBJ))
        this.endItem(buf, i);
      if (
        !this.inItem &&
        this.depth === this.itemDepth &&
        b !== COMMA &&
        b !== CLOSE_ARR &&
        b !== CLOSE_OBJ
      ) {
        if (this.depth === 0) {
          if (b === OPEN_ARR) {
            this.itemDepth = 1;
            this.container = 'array';
            this.depth++;
            i++;
            continue;
          }
          if (b >= 0x30 && b <= 0x39) {
            // a CloudWatch Logs export to S3: each line is `<timestamp> <event JSON>`
            const n = timestampPrefix(buf, i);
            if (n > 0) {
              i += n;
              continue;
            }
            // the buffer ends inside what may be such a prefix: decided with the next bytes
            if (len - i < TIMESTAMP_MAX && buf.indexOf(0x0a, i) === -1) {
              this.tsCarry = buf.toString('latin1', i, len);
              this.tsCarryAt = this.base + i;
              i = len;
              continue;
            }
          }
          if (b !== OPEN_OBJ) {
            // a line of something else between top-level values (JSON Lines with a bad line):
            // skip to the next line and count it rather than give up on the rest of the file
            i = this.skipJunkLine(buf, i, this.base + i);
            continue;
          }
          this.topIsObject = true;
          this.topOffset = this.base + i;
          this.topFresh = true;
          this.lastKey = null;
          this.afterColonKey = null;
        }
        this.startItem(i, b);
        if (this.itemIsScalar && b !== QUOTE) {
          i++;
          continue;
        }
      }
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.topIsObject && this.depth === this.keyDepth) {
            this.keyStart = i + 1;
            this.keyPrefix = '';
            this.lastKey = null;
          } else {
            this.keyStart = -1;
          }
          i++;
          break;
        case OPEN_OBJ:
        case OPEN_ARR:
          if (
            b === OPEN_ARR &&
            this.topIsObject &&
            this.depth === this.keyDepth &&
            this.afterColonKey !== null &&
            (this.keyDepth === 1
              ? ENVELOPE_KEY_SET.has(this.afterColonKey)
              : this.afterColonKey === 'hits')
          ) {
            // an envelope: drop the buffered object, its array's elements are the items
            this.inItem = false;
            this.skipping = false;
            this.pieces = [];
            this.piecesBytes = 0;
            this.itemDepth = this.depth + 1;
            this.container = this.keyDepth === 1 ? (this.afterColonKey as Container) : 'hits';
          } else if (
            b === OPEN_OBJ &&
            this.topIsObject &&
            this.depth === 1 &&
            this.keyDepth === 1 &&
            this.afterColonKey === 'hits'
          ) {
            // a search response's `hits` object: its own `hits` array holds the documents
            this.keyDepth = 2;
            this.lastKey = null;
            this.afterColonKey = null;
          }
          this.depth++;
          i++;
          break;
        case CLOSE_OBJ:
        case CLOSE_ARR:
          if (this.depth === 0) {
            if (this.linesMode) {
              // a line with a closing bracket too many: skip the rest of it, as other junk
              i = this.skipJunkLine(buf, i, this.base + i);
              break;
            }
            throw new SplitError(`unexpected '${String.fromCharCode(b)}'`, this.base + i);
          }
          this.depth--;
          i++;
          if (this.inItem && !this.itemIsScalar && this.depth === this.itemDepth) {
            this.endItem(buf, i);
          } else if (this.itemDepth === 1 && this.depth === 0) {
            this.itemDepth = 0;
            this.container = 'top';
          } else if (this.itemDepth >= 2 && this.depth === this.itemDepth - 1) {
            this.itemDepth = -1;
            this.container = 'top';
          }
          if (this.keyDepth === 2 && this.depth === 1) {
            this.keyDepth = 1;
            this.afterColonKey = null;
          }
          if (this.depth === 0) {
            this.topIsObject = false;
            this.keyDepth = 1;
            this.prettyTop = false;
            if (this.itemDepth === -1) this.itemDepth = 0;
            if (!this.modeDecided) {
              this.modeDecided = true;
              this.linesMode = !this.breakInValue;
            }
          }
          break;
        case COMMA:
          if (this.topIsObject && this.depth === this.keyDepth) this.afterColonKey = null;
          i++;
          break;
        case COLON:
          if (this.topIsObject && this.depth === this.keyDepth) this.afterColonKey = this.lastKey;
          i++;
          break;
        default:
          i++;
      }
    }
    if (this.inItem) this.addPiece(buf.subarray(this.itemStart));
    this.base += len;
  }

  /** Call at end of input; throws when the input stopped inside a value. */
  end(): void {
    if (this.tsCarry) this.junkAt(this.tsCarryAt);
    this.tsCarry = '';
    if (this.inItem && this.itemIsScalar && !this.inString) this.endItem(Buffer.alloc(0), 0);
    if (this.inString || this.depth !== 0 || this.inItem) {
      // where the open value began: in JSON Lines, a broken line before the end reads the rest of
      // the file as part of itself, and this is the line to look at
      const where = this.inItem ? ` that starts at byte ${this.itemOffset}` : '';
      throw new SplitError(
        `input ends inside the JSON value${where} (truncated, or that value is broken and the rest was read as part of it)`,
        this.base,
      );
    }
  }

  /**
   * The start of a line carried from the last buffer (a possible timestamp prefix) with this
   * buffer's first bytes: past the prefix when it is one (the position in `buf` to go on from),
   * carried again while still too short to tell, else a junk line skipped to its end.
   */
  private resumePrefix(buf: Buffer): number {
    const carried = this.tsCarry;
    const joined = carried + buf.toString('latin1', 0, Math.min(buf.length, TIMESTAMP_MAX));
    const m = TIMESTAMP_PREFIX.exec(joined);
    if (m) {
      this.tsCarry = '';
      return m[0].length - carried.length;
    }
    if (joined.length < TIMESTAMP_MAX && !joined.includes('\n')) {
      this.tsCarry = joined;
      return buf.length;
    }
    this.tsCarry = '';
    return this.skipJunkLine(buf, 0, this.tsCarryAt);
  }

  private junkAt(offset: number): void {
    this.junkLines++;
    if (this.firstJunkAt < 0) this.firstJunkAt = offset;
  }

  /** Count a junk line that starts at `offset` and go past its end (in this buffer or later ones). */
  private skipJunkLine(buf: Buffer, from: number, offset: number): number {
    this.junkAt(offset);
    const nl = buf.indexOf(0x0a, from);
    this.inJunk = nl === -1;
    return nl === -1 ? buf.length : nl + 1;
  }

  /** A line ended inside a value (JSON Lines): drop what is open and read on from the next line. */
  private breakLine(at: number): number {
    this.prettyTop = false;
    this.topFresh = false;
    this.brokenLines++;
    if (this.firstBrokenAt < 0) this.firstBrokenAt = this.inItem ? this.itemOffset : this.base + at;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.itemDepth = 0;
    this.container = 'top';
    this.inItem = false;
    this.itemIsScalar = false;
    this.skipping = false;
    this.pieces = [];
    this.piecesBytes = 0;
    this.topIsObject = false;
    this.keyDepth = 1;
    this.keyStart = -1;
    this.keyPrefix = '';
    this.lastKey = null;
    this.afterColonKey = null;
    return at + 1;
  }

  private startItem(i: number, b: number): void {
    this.inItem = true;
    this.skipping = false;
    this.itemIsScalar = b !== OPEN_OBJ && b !== OPEN_ARR;
    this.itemStart = i;
    this.itemOffset = this.base + i;
    this.pieces = [];
    this.piecesBytes = 0;
  }

  private tooBig(at: number): SplitError {
    return new SplitError(
      `a single JSON value is larger than ${Math.round(this.maxItemBytes / 1048576)} MiB`,
      at,
    );
  }

  private addPiece(piece: Buffer): void {
    if (piece.length === 0) return;
    this.piecesBytes += piece.length;
    if (this.skipping) return;
    if (this.piecesBytes > this.maxItemBytes) {
      if (!this.onOversized) throw this.tooBig(this.base);
      this.skipping = true;
      this.pieces = [];
      return;
    }
    // copy: the caller may reuse its buffer
    this.pieces.push(Buffer.from(piece));
  }

  private endItem(buf: Buffer, end: number): void {
    const last = buf.subarray(this.itemStart, end);
    if (this.onOversized && (this.skipping || this.piecesBytes + last.length > this.maxItemBytes)) {
      const bytes = this.piecesBytes + last.length;
      this.skipping = false;
      this.inItem = false;
      this.itemIsScalar = false;
      this.pieces = [];
      this.piecesBytes = 0;
      this.onOversized(this.itemOffset, bytes);
      return;
    }
    let text: string;
    if (this.pieces.length === 0) {
      if (last.length > this.maxItemBytes) throw this.tooBig(this.base + end);
      text = last.toString('utf8');
    } else {
      if (this.piecesBytes + last.length > this.maxItemBytes) throw this.tooBig(this.base + end);
      text = Buffer.concat([...this.pieces, last]).toString('utf8');
    }
    const container = this.container;
    const bytes = this.piecesBytes + last.length;
    this.inItem = false;
    this.itemIsScalar = false;
    this.pieces = [];
    this.piecesBytes = 0;
    this.onItem({ text, container, offset: this.itemOffset, bytes });
  }

  private scanString(buf: Buffer, i: number): number {
    const len = buf.length;
    if (this.escape) {
      this.escape = false;
      if (this.linesMode && this.topIsObject && this.inItem && !this.prettyTop && buf[i] === 0x0a)
        return this.breakLine(i);
      i++;
      if (i >= len) return i;
    }
    const start = i;
    let j = buf.indexOf(QUOTE, i);
    while (j !== -1) {
      let k = j - 1;
      while (k >= start && buf[k] === BACKSLASH) k--;
      if ((j - 1 - k) % 2 === 0) break;
      j = buf.indexOf(QUOTE, j + 1);
    }
    if (this.linesMode && this.topIsObject && this.inItem && !this.prettyTop) {
      // a string may not hold a line break: one here means the line was cut inside the string
      if (this.nextBreak < i) {
        const nl = buf.indexOf(0x0a, i);
        this.nextBreak = nl === -1 ? len : nl;
      }
      if (this.nextBreak < (j === -1 ? len : j)) return this.breakLine(this.nextBreak);
    }
    if (j === -1) {
      let k = len - 1;
      while (k >= start && buf[k] === BACKSLASH) k--;
      this.escape = (len - 1 - k) % 2 === 1;
      if (this.keyStart >= 0) {
        this.keyPrefix += buf.toString(
          'latin1',
          this.keyStart,
          Math.min(len, this.keyStart + MAX_KEY_BYTES + 1),
        );
        if (this.keyPrefix.length > MAX_KEY_BYTES) this.keyStart = -1;
      }
      return len;
    }
    this.inString = false;
    if (this.keyStart >= 0) {
      const key =
        this.keyPrefix +
        buf.toString('latin1', this.keyStart, Math.min(j, this.keyStart + MAX_KEY_BYTES + 1));
      this.lastKey = key.length <= MAX_KEY_BYTES ? key : null;
      this.keyStart = -1;
      this.keyPrefix = '';
    }
    const next = j + 1;
    if (this.inItem && this.itemIsScalar && this.depth === this.itemDepth) this.endItem(buf, next);
    return next;
  }
}
