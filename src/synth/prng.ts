/**
 * A small, fast, seeded PRNG for synthetic evidence (demo incident, benchmark corpus, fixtures).
 * Determinism matters more than quality here: the same seed must give the same bytes on every
 * machine and Node version, so this avoids Math.random and anything platform-dependent.
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through splitmix32.
 */

const UPPER_HEX = '0123456789ABCDEF';
const LOWER_HEX = '0123456789abcdef';
/** Access key IDs use base32 characters (A–Z, 2–7) after their 4-letter prefix. */
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** FNV-1a over a string: turns a textual seed ("bench-v1") into 32 bits. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type Seed = number | string;

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: Seed) {
    let s = (typeof seed === 'string' ? hashSeed(seed) : seed) >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    // Discard the first outputs: sfc32 mixes poorly for a few rounds after seeding.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** An independent generator derived from this one and a label (stable regardless of call order elsewhere). */
  fork(label: Seed): Prng {
    const base = typeof label === 'string' ? hashSeed(label) : label >>> 0;
    return new Prng((base ^ this.u32()) >>> 0);
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max] (inclusive). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /**
   * Index drawn from a Zipf-like distribution over n items (item 0 most frequent): real evidence is
   * dominated by a few event names, identities and IPs with a long tail.
   */
  zipfIndex(n: number, skew = 1.1): number {
    // Inverse of a continuous power-law CDF: cheap, no table, good enough for synthetic variety.
    const u = this.next();
    if (skew === 1) return Math.min(n - 1, Math.floor(Math.exp(u * Math.log(n + 1)) - 1));
    const e = 1 - skew;
    const x = Math.pow(u * (Math.pow(n + 1, e) - 1) + 1, 1 / e) - 1;
    return Math.min(n - 1, Math.max(0, Math.floor(x)));
  }

  /** `len` lowercase hex characters. */
  hex(len: number): string {
    return this.fromAlphabet(LOWER_HEX, len);
  }

  upperHex(len: number): string {
    return this.fromAlphabet(UPPER_HEX, len);
  }

  alnum(len: number): string {
    return this.fromAlphabet(ALNUM, len);
  }

  fromAlphabet(alphabet: string, len: number): string {
    let out = '';
    for (let i = 0; i < len; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  /** A random (version 4 layout) UUID, as CloudTrail uses for eventID and requestID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = LOWER_HEX[8 + this.int(4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** An IAM-style identifier: 4-letter prefix (AKIA, ASIA, AIDA, AROA, …) plus 16 base32 characters. */
  awsId(prefix: string): string {
    return prefix + this.fromAlphabet(KEY_ALPHABET, 16);
  }

  /** A 12-digit account ID (no leading zero, so it survives careless numeric handling). */
  accountId(): string {
    return String(this.range(1, 9)) + this.fromAlphabet('0123456789', 11);
  }

  /** An IPv4 address in dotted form from the given first octets (e.g. [10] or [203, 0, 113]). */
  ipv4(prefix: readonly number[] = []): string {
    const parts = [...prefix];
    while (parts.length < 4) parts.push(parts.length === 3 ? this.range(1, 254) : this.int(256));
    return parts.join('.');
  }

  /** Fisher–Yates shuffle, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }
}

/**
 * A weighted picker built once (cumulative table + binary search), for the hot loop of the
 * benchmark generator where `pick` is called millions of times.
 */
export class WeightedPicker<T> {
  private readonly items: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('weighted picker needs a positive weight');
    this.items = kept.map(([item]) => item);
    this.cumulative = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  pick(rng: Prng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }

  get size(): number {
    return this.items.length;
  }
}

/** One-off weighted pick (for cold paths; build a WeightedPicker for hot loops). */
export function weightedPick<T>(rng: Prng, entries: readonly (readonly [T, number])[]): T {
  return new WeightedPicker(entries).pick(rng);
}
