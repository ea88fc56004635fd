import { parseCidr, parseIp } from '../../util/cidr.js';

/**
 * For engines whose SQL has no address type that every parser and engine version accepts:
 * a Java/Trino regular expression matching every spelling of one address (the case file's
 * `ipMatchForm` equality), and an IPv4 range as arithmetic on the dotted parts.
 */

const hex = (n: number): string => (n === 0 ? '0*0' : `0*${n.toString(16)}`);

/** IPv4 `a.b.c.d` written with leading zeros, plain or IPv4-mapped (`::ffff:`, `0:0:0:0:0:ffff:`, hex tail). */
function v4Spellings(b: readonly number[]): string {
  const dotted = b.map((x) => `0*${x}`).join('\\.');
  const prefix = '(?:(?:0{1,4}:){5}|::(?:0{1,4}:){0,4}|(?:0{1,4}:){1,4}:)ffff:';
  const tail = `${hex((b[0] << 8) | b[1])}:${hex((b[2] << 8) | b[3])}`;
  return `(?:${prefix})?${dotted}|${prefix}${tail}`;
}

/** Every way of writing eight words: each word with leading zeros, one run of zero words as `::` or none. */
function v6Spellings(words: readonly number[]): string {
  const alts = [words.map(hex).join(':')];
  for (let i = 0; i < 8; i++) {
    for (let j = i + 1; j <= 8 && words[j - 1] === 0; j++) {
      alts.push(`${words.slice(0, i).map(hex).join(':')}::${words.slice(j).map(hex).join(':')}`);
    }
  }
  return alts.join('|');
}

/** A case-insensitive regex matching every spelling of the address, or null when `text` is not one. */
export function ipSpellingRegex(text: string): string | null {
  const bytes = parseIp(text);
  if (!bytes) return null;
  const mapped =
    bytes.length === 16 &&
    bytes.slice(0, 10).every((x) => x === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff;
  const v4 = bytes.length === 4 ? bytes : mapped ? bytes.slice(12) : null;
  if (v4) return `(?i)^(?:${v4Spellings(v4)})$`;
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  return `(?i)^(?:${v6Spellings(words)})$`;
}

/** [lo, hi] of an IPv4 range as 32-bit numbers, or null for IPv6 ranges. */
export function v4RangeBounds(cidr: string): [number, number] | null {
  const r = parseCidr(cidr);
  if (!r || r.bytes.length !== 4) return null;
  const base = r.bytes.reduce((n, b) => n * 256 + b, 0);
  const size = 2 ** (32 - r.prefix);
  const lo = Math.floor(base / size) * size;
  return [lo, lo + size - 1];
}
