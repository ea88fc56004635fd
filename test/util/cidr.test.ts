import { describe, expect, it } from 'vitest';
import { ipInCidr, parseCidr, parseIp } from '../../src/util/cidr.js';

describe('cidr', () => {
  it('parses IPv4 and IPv6 addresses', () => {
    expect(parseIp('10.1.2.3')).toEqual([10, 1, 2, 3]);
    expect(parseIp('256.1.1.1')).toBeNull();
    expect(parseIp('2001:db8::1')).toHaveLength(16);
    expect(parseIp('::ffff:1.2.3.4')!.slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIp('ec2.amazonaws.com')).toBeNull();
    expect(parseIp('AWS Internal')).toBeNull();
  });

  it('matches ranges', () => {
    const r8 = parseCidr('10.0.0.0/8')!;
    expect(ipInCidr('10.255.0.1', r8)).toBe(true);
    expect(ipInCidr('11.0.0.1', r8)).toBe(false);
    expect(ipInCidr('::ffff:10.0.0.1', r8)).toBe(true);
    expect(ipInCidr('not an ip', r8)).toBe(false);
    const odd = parseCidr('192.168.4.0/22')!;
    expect(ipInCidr('192.168.7.255', odd)).toBe(true);
    expect(ipInCidr('192.168.8.0', odd)).toBe(false);
    const v6 = parseCidr('2001:db8::/32')!;
    expect(ipInCidr('2001:db8:ffff::1', v6)).toBe(true);
    expect(ipInCidr('2001:db9::1', v6)).toBe(false);
    expect(ipInCidr('10.0.0.1', v6)).toBe(false);
    expect(ipInCidr('0.0.0.1', parseCidr('0.0.0.0/0')!)).toBe(true);
    expect(ipInCidr('203.0.113.9', parseCidr('203.0.113.9')!)).toBe(true);
  });

  it('rejects bad ranges', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0/8', '10.0.0.0/', '10.0.0.0/x', '::/129', ''])
      expect(parseCidr(bad), bad).toBeNull();
  });
});

describe('ipInCidr with addresses in turn (the last address is remembered)', () => {
  it('gives each address its own answer', () => {
    const r = parseCidr('10.0.0.0/8')!;
    const six = parseCidr('2001:db8::/32')!;
    const seq = [
      '10.1.2.3',
      '10.1.2.3',
      '11.0.0.1',
      '::ffff:10.9.9.9',
      'bad',
      '2001:db8::1',
      '10.1.2.3',
    ];
    expect(seq.map((ip) => ipInCidr(ip, r))).toEqual([true, true, false, true, false, false, true]);
    expect(seq.map((ip) => ipInCidr(ip, six))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      false,
    ]);
  });
});
