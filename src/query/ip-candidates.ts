import { parseCidr, parseIp } from '../util/cidr.js';

/**
 * Index ranges of `dict.value` that hold every spelling of an address, or of the addresses in a
 * range, so `ip:` seeks a few ranges of the (field, value) index instead of testing every distinct
 * IP of a case with a JavaScript function. Each range is [from, to) in binary order.
 *
 * Any IPv4 spelling starts with its first octets written with up to two leading zeros; any IPv6
 * spelling (IPv4-mapped ones included) starts with ':', a bracket, or its first group written
 * with leading zeros and in either case. Values starting with '0', ':' or '[' are always
 * candidates: they are the only ones that can spell an address unusually, and they are few.
 */
export type ValueRange = readonly [from: string, to: string];

/** The byte after `s`'s last character: the end of the range of strings starting with `s`. */
const rangeOf = (prefix: string): ValueRange => [
  prefix,
  prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1),
];

const ALWAYS: ValueRange[] = [rangeOf('0'), rangeOf(':'), rangeOf('[')];

/** `7` → 7, 07, 007; `45` → 45, 045; at most three digits. */
function octetSpellings(n: number): string[] {
  const s = String(n);
  const out = [s];
  for (let t = s; t.length < 3;) out.push((t = '0' + t));
  return out;
}

function hexSpellings(word: number): string[] {
  const base = word.toString(16);
  const padded: string[] = [];
  for (let t = base; t.length <= 4; t = '0' + t) padded.push(t);
  const out = new Set<string>();
  for (const p of padded) {
    // every upper/lower combination of the hex letters (at most 16)
    const letters = [...p].map((c, i) => (/[a-f]/.test(c) ? i : -1)).filter((i) => i >= 0);
    for (let mask = 0; mask < 1 << letters.length; mask++) {
      const chars = [...p];
      letters.forEach((i, b) => {
        if (mask & (1 << b)) chars[i] = chars[i].toUpperCase();
      });
      out.add(chars.join(''));
    }
  }
  return [...out];
}

/** Ranges holding every spelling of the IPv4 prefix made of `octets` (each followed by '.'). */
function v4Ranges(octets: readonly number[]): ValueRange[] {
  let prefixes = [''];
  for (const o of octets)
    prefixes = prefixes.flatMap((p) => octetSpellings(o).map((s) => `${p}${s}.`));
  return prefixes.filter((p) => !p.startsWith('0')).map(rangeOf);
}

/** Candidate ranges for one address (`ip:a`), or null when it is not an address (compare as text). */
export function addressRanges(text: string): ValueRange[] | null {
  const bytes = parseIp(text);
  if (!bytes) return null;
  if (bytes.length === 4) return [...v4Ranges(bytes.slice(0, 3)), ...ALWAYS];
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return [...v4Ranges(bytes.slice(12, 15)), ...ALWAYS];
  const first = (bytes[0] << 8) | bytes[1];
  return [
    ...hexSpellings(first)
      .filter((s) => !s.startsWith('0'))
      .map((s) => rangeOf(`${s}:`)),
    ...ALWAYS,
  ];
}

/** Candidate ranges for a CIDR range, or null when every value must be tested (short or IPv6 prefixes). */
export function cidrRanges(text: string): ValueRange[] | null {
  const range = parseCidr(text);
  if (!range || range.bytes.length !== 4) return null;
  const whole = Math.min(3, Math.floor(range.prefix / 8));
  if (whole === 0) return null;
  return [...v4Ranges(range.bytes.slice(0, whole)), ...ALWAYS];
}
