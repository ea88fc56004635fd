/**
 * IPv4 / IPv6 addresses and CIDR ranges as bytes, for `ip:10.0.0.0/8`. Pure; shared by the filter
 * compiler (to validate a range and say where it is wrong) and the SQL function that matches it.
 */

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseV6(s: string): number[] | null {
  let text = s;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // an embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = lastColon >= 0 ? parseV4(text.slice(lastColon + 1)) : null;
    if (!v4) return null;
    const hex = (hi: number, lo: number): string => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hex(v4[0], v4[1])}:${hex(v4[2], v4[3])}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return null;
  const want = 8;
  let words: number[];
  if (halves.length === 2) {
    const fill = want - head.length - rest.length;
    if (fill < 1) return null;
    words = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else {
    if (head.length !== want) return null;
    words = head;
  }
  const bytes: number[] = [];
  for (const w of words) bytes.push(w >> 8, w & 0xff);
  return bytes;
}

/** Bytes of an IPv4 (4) or IPv6 (16) address, or null when it is not an address. */
export function parseIp(s: string): number[] | null {
  // no trimming: " 10.0.0.1" is not the address 10.0.0.1, in matching and facets alike
  if (s.includes(':')) return parseV6(s.replace(/^\[|\]$/g, ''));
  return parseV4(s);
}

export interface Cidr {
  bytes: number[];
  prefix: number;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (a /32 or /128). Null when invalid. */
export function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf('/');
  const addr = parseIp(slash >= 0 ? s.slice(0, slash) : s);
  if (!addr) return null;
  const max = addr.length * 8;
  if (slash < 0) return { bytes: addr, prefix: max };
  const p = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p) || Number(p) > max) return null;
  // an IPv4-mapped range (::ffff:1.2.3.0/120) is the IPv4 range it maps: mapped addresses are IPv4
  const mapped = v4Mapped(addr);
  if (mapped && Number(p) >= 96) return { bytes: mapped, prefix: Number(p) - 96 };
  return { bytes: addr, prefix: Number(p) };
}

function v4Mapped(bytes: number[]): number[] | null {
  if (bytes.length !== 16) return null;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return null;
  return bytes[10] === 0xff && bytes[11] === 0xff ? bytes.slice(12) : null;
}

/** The last address parsed for ipInCidr: many ranges are usually tested against one address in a row. */
let lastIp: string | null = null;
let lastBytes: number[] | null = null;

function addressBytes(ip: string): number[] | null {
  if (ip === lastIp) return lastBytes;
  const parsed = parseIp(ip);
  // an IPv4-mapped address is its IPv4 address: in IPv4 ranges, never in IPv6 ones
  lastBytes = parsed && (v4Mapped(parsed) ?? parsed);
  lastIp = ip;
  return lastBytes;
}

/** Is the address inside the range? IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 ranges. */
export function ipInCidr(ip: string, range: Cidr): boolean {
  const bytes = addressBytes(ip);
  if (!bytes) return false;
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (range.bytes[i] & mask)) return false;
  }
  return true;
}

/**
 * One address, one spelling: IPv4 in plain dotted decimal (`035.249.253.232` is read as decimal,
 * 35.249.253.232), an IPv4-mapped IPv6 address as its IPv4 address, other IPv6 addresses in the
 * RFC 5952 form (lower case, longest run of zero groups compressed). Null when `s` is not an
 * address (CloudTrail also records service names and "AWS Internal" as source IPs).
 */
export function canonicalIp(s: string): string | null {
  const bytes = parseIp(s);
  if (!bytes) return null;
  const v4 = bytes.length === 4 ? bytes : v4Mapped(bytes);
  if (v4) return v4.join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  // the longest run of two or more zero words is written as "::" (the first, on a tie)
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  if (best < 0) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}
