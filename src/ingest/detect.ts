import { looksLikeJsonLines } from './json-splitter.js';
/**
 * Content sniffing on a file's first bytes: which parser to use, or why the file is not evidence.
 * Returns a result with a reason, never throws.
 */

export type Sniffed =
  | { kind: 'gzip' }
  | { kind: 'zip' }
  | { kind: 'parquet' }
  | { kind: 'utf16'; littleEndian: boolean; /** bytes of byte-order mark to skip */ skip: number }
  | { kind: 'json'; /** bytes to skip (UTF-8 byte-order mark) */ skip: number }
  | { kind: 'csv'; skip: number }
  | { kind: 'empty'; reason: string }
  | { kind: 'not-evidence'; reason: string };

const OTHER_COMPRESSION: [number[], string][] = [
  [[0x42, 0x5a, 0x68], 'bzip2'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], '7z'],
  [[0x52, 0x61, 0x72, 0x21], 'rar'],
];

function startsWith(buf: Buffer, sig: number[]): boolean {
  return buf.length >= sig.length && sig.every((b, i) => buf[i] === b);
}

/** Compressed containers, from magic bytes. */
export function sniffContainer(head: Buffer): Sniffed | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  // Parquet ("PAR1"): Security Lake's storage, and what the big engines export
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return { kind: 'parquet' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return { kind: 'zip' };
  for (const [sig, name] of OTHER_COMPRESSION) {
    if (startsWith(head, sig))
      return {
        kind: 'not-evidence',
        reason: `${name}-compressed data (unsupported: decompress it first)`,
      };
  }
  return null;
}

/**
 * UTF-16 without a byte-order mark (what some Windows tools write): text whose first characters
 * are ASCII, so every other byte is NUL. Little-endian (true), big-endian (false), or not (null).
 */
function utf16WithoutMark(head: Buffer): boolean | null {
  const n = Math.min(head.length, 64) & ~1;
  if (n < 8) return null;
  const ascii = (b: number): boolean =>
    b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f);
  let le = true;
  let be = true;
  for (let i = 0; i < n; i += 2) {
    if (!(ascii(head[i]) && head[i + 1] === 0)) le = false;
    if (!(head[i] === 0 && ascii(head[i + 1]))) be = false;
  }
  return le ? true : be ? false : null;
}

function hexPreview(buf: Buffer): string {
  return [...buf.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Decompressed content: JSON, CSV, empty, or something else (with what it looks like). */
export function sniffContent(head: Buffer, atEnd: boolean): Sniffed {
  // compressed data inside compressed data (a .gz of a .gz): named, not called binary junk
  const container = sniffContainer(head);
  if (container) return container;
  let skip = 0;
  if (startsWith(head, [0xef, 0xbb, 0xbf])) skip = 3;
  // Windows PowerShell writes UTF-16 LE with a byte-order mark by default
  if (startsWith(head, [0xff, 0xfe])) return { kind: 'utf16', littleEndian: true, skip: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'utf16', littleEndian: false, skip: 2 };
  const bare = utf16WithoutMark(head);
  if (bare !== null) return { kind: 'utf16', littleEndian: bare, skip: 0 };
  let i = skip;
  while (
    i < head.length &&
    (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)
  )
    i++;
  if (i >= head.length) {
    if (head.length === 0) return { kind: 'empty', reason: 'empty file' };
    if (atEnd) return { kind: 'empty', reason: 'only whitespace' };
    // a huge run of leading whitespace: let the JSON parser decide
    return { kind: 'json', skip };
  }
  const c = head[i];
  if (c === 0x7b || c === 0x5b) return { kind: 'json', skip };
  const sample = head.subarray(skip, Math.min(head.length, skip + 4096));
  // text with a stray control character (an attacker's user name in a console CSV) is still text;
  // a NUL byte or a dense run of controls is not
  let control = 0;
  let nul = false;
  for (const b of sample) {
    if (b === 0) nul = true;
    else if (b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) control++;
  }
  if (nul || control > Math.max(2, sample.length / 100))
    return {
      kind: 'not-evidence',
      reason: `binary data (starts ${hexPreview(head)}), not JSON or CSV`,
    };
  // JSON Lines whose first line is something else (a preamble, a cut record, a CloudWatch Logs
  // timestamp): the lines after it say so, and the splitter skips what is not JSON, counted
  if (looksLikeJsonLines(head.subarray(skip), atEnd)) return { kind: 'json', skip };
  const text = sample.toString('utf8');
  const firstLine = text.split(/\r?\n/, 1)[0];
  if (firstLine.includes(',') || firstLine.includes('\t')) return { kind: 'csv', skip };
  const preview = firstLine.length > 60 ? firstLine.slice(0, 59) + '…' : firstLine;
  return {
    kind: 'not-evidence',
    reason: `text that is neither JSON nor CSV (first line: ${JSON.stringify(preview)})`,
  };
}
