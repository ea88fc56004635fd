import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressRanges, cidrRanges, type ValueRange } from '../../src/query/ip-candidates.js';
import { canonicalIp, ipInCidr, parseCidr } from '../../src/util/cidr.js';

const inRanges = (v: string, ranges: readonly ValueRange[]) =>
  ranges.some(([a, b]) => v >= a && v < b);
const pad = (n: number, zeros: number) => '0'.repeat(zeros) + String(n);

/** Spellings of an IPv4 address a log may hold: leading zeros per octet, IPv4-mapped IPv6 forms. */
const spelling = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
    fc.constantFrom('plain', 'mapped', 'MAPPED', 'long', 'hex'),
  )
  .map(([o, z, how]) => {
    const dotted = o
      .map((n, i) => (String(n).length + z[i] <= 3 ? pad(n, z[i]) : String(n)))
      .join('.');
    const hex = `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
    const text =
      how === 'plain'
        ? dotted
        : how === 'mapped'
          ? `::ffff:${dotted}`
          : how === 'MAPPED'
            ? `::FFFF:${dotted}`
            : how === 'long'
              ? `0:0:0:0:0:ffff:${dotted}`
              : `::ffff:${hex}`;
    return { canonical: o.join('.'), text };
  });

describe("index ranges of an address's spellings", () => {
  it('hold every spelling of an IPv4 address', () => {
    fc.assert(
      fc.property(spelling, ({ canonical, text }) => {
        expect(canonicalIp(text)).toBe(canonical);
        expect(inRanges(text, addressRanges(canonical)!), text).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('hold every address of a CIDR range, however it is spelt', () => {
    fc.assert(
      fc.property(spelling, fc.integer({ min: 8, max: 32 }), ({ canonical, text }, prefix) => {
        const cidr = `${canonical}/${prefix}`;
        const ranges = cidrRanges(cidr);
        expect(ipInCidr(text, parseCidr(cidr)!)).toBe(true);
        expect(ranges === null || inRanges(text, ranges), `${text} in ${cidr}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('hold IPv6 spellings: case, leading zeros, brackets', () => {
    const r = addressRanges('2001:db8::1')!;
    for (const v of [
      '2001:db8::1',
      '2001:DB8::1',
      '2001:0db8:0:0:0:0:0:1',
      '[2001:db8::1]',
      '2001:db8::1%eth0',
    ])
      expect(inRanges(v, r), v).toBe(true);
    expect(addressRanges('AWS Internal')).toBeNull();
    expect(cidrRanges('10.0.0.0/4')).toBeNull();
  });
});
