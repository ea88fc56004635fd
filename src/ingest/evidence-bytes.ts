import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Emit } from './messages.js';

/**
 * The evidence bytes of one file, collected by the parse worker while it reads the file, so the
 * case file keeps what was delivered (and `verify` works after the evidence folder is gone)
 * without a second read:
 * - `gzip`: the delivered `.json.gz` as is (blocks concatenate to the file);
 * - `deflate`: a plain file (or a zip member that is not a gzip) raw-deflated once, in blocks of
 *   `BLOCK_BYTES` of content, each block on its own so that any one can be inflated alone;
 * - `stored`: bytes kept as they are (Parquet, compressed already).
 */
export type EvidenceEncoding = 'gzip' | 'deflate' | 'stored';

/** Bytes per block: a typical delivery file is one row; a message never carries more than a few. */
export const BLOCK_BYTES = 4 * 1024 * 1024;
/** Blocks waiting this long go out on their own (a large file with few records). */
const FLUSH_BYTES = 4 * BLOCK_BYTES;

export interface EvidenceBlock {
  seq: number;
  data: Uint8Array;
}

/** What a file's last message says about its kept bytes (only when the whole file was read). */
export interface EvidenceFacts {
  encoding: EvidenceEncoding;
  deliveredSize: number;
  /** SHA-256 of the uncompressed content (what CloudTrail digests hash). */
  contentSha256: string;
  contentSize: number;
  /** Data follows the first gzip member: not what AWS delivered, whatever the content hash says. */
  trailingData: boolean;
  /** Content bytes per block (`deflate`) or delivered bytes per block (others). */
  blockBytes: number;
}

/** A buffer that owns exactly its bytes: posting a view to another thread copies its whole backing store. */
function own(b: Buffer): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);
}

export class EvidenceCollector {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private ready: EvidenceBlock[] = [];
  private readyBytes = 0;
  private seq = 0;
  private tail = Buffer.alloc(0);
  private facts: EvidenceFacts | null = null;
  delivered = 0;

  constructor(readonly encoding: EvidenceEncoding) {}

  /** Delivered bytes, in order (for `deflate`, the content, which is the same bytes). */
  add(buf: Buffer): void {
    if (buf.length === 0) return;
    this.delivered += buf.length;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.tail =
      buf.length >= 8
        ? Buffer.from(buf.subarray(buf.length - 8))
        : Buffer.concat([this.tail, buf]).subarray(-8);
    while (this.pendingBytes >= BLOCK_BYTES) this.cut(BLOCK_BYTES);
  }

  /** The last 8 delivered bytes (a gzip's trailer). */
  get trailer(): Buffer {
    return Buffer.from(this.tail);
  }

  /** Blocks are waiting long enough to send them without a batch. */
  get shouldFlush(): boolean {
    return this.readyBytes >= FLUSH_BYTES;
  }

  private cut(n: number): void {
    const all =
      this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const piece = all.subarray(0, n);
    const data = this.encoding === 'deflate' ? own(deflateRawSync(piece)) : own(piece);
    this.ready.push({ seq: this.seq++, data });
    this.readyBytes += data.byteLength;
    const rest = all.subarray(n);
    this.pending = rest.length ? [Buffer.from(rest)] : [];
    this.pendingBytes = rest.length;
  }

  /** Blocks ready to travel with the next message. */
  take(): EvidenceBlock[] {
    const out = this.ready;
    this.ready = [];
    this.readyBytes = 0;
    return out;
  }

  /** The whole file was read: the last block, and the facts its last message carries. */
  seal(f: { contentSha256: string; contentSize: number; trailingData: boolean }): void {
    if (this.pendingBytes > 0) this.cut(this.pendingBytes);
    this.facts = {
      encoding: this.encoding,
      deliveredSize: this.delivered,
      blockBytes: BLOCK_BYTES,
      ...f,
    };
  }

  /**
   * `emit` with the ready blocks attached to each message, and the facts to the file's last one
   * (with a digest's content). Unsealed (the file was not read whole): no facts, and the writer
   * drops the blocks.
   */
  attach(emit: Emit): Emit {
    return (msg) => {
      const blocks = this.take();
      let out = blocks.length ? { ...msg, evidence: blocks } : msg;
      // a digest's exact uncompressed bytes are its delivered bytes decompressed: not kept twice
      if (out.end && this.facts) out = { ...out, end: { ...out.end, evidence: this.facts } };
      return emit(out);
    };
  }
}

/** SHA-256, CRC-32 and size of a content stream as it passes. */
export class ContentMeter {
  private readonly hash = createHash('sha256');
  crc = 0;
  size = 0;

  async *wrap(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const c of src) {
      this.hash.update(c);
      this.crc = crc32(c, this.crc);
      this.size += c.length;
      yield c;
    }
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
