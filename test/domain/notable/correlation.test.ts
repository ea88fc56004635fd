import { describe, expect, it } from 'vitest';
import { burstIndexes } from '../../../src/domain/notable/burst.js';
import {
  foreignAccounts,
  networkOf,
  newNetworkFirstSeen,
} from '../../../src/domain/notable/new-ip.js';
import { isDeniedError } from '../../../src/domain/notable/rules.js';

const MIN = 60_000;

describe('burst detection', () => {
  it('flags every event of a window that reaches the threshold', () => {
    const times = Array.from({ length: 10 }, (_, i) => i * 10_000); // 10 in 90 s
    expect(burstIndexes(times, 5 * MIN, 10)).toEqual([...times.keys()]);
  });
  it('does not flag the same count spread wider than the window', () => {
    const times = Array.from({ length: 10 }, (_, i) => i * MIN); // 10 over 9 minutes
    expect(burstIndexes(times, 5 * MIN, 10)).toEqual([]);
  });
  it('keeps steady background below the threshold unflagged, and flags only the burst within it', () => {
    const background = Array.from({ length: 100 }, (_, i) => i * 2 * MIN);
    const burst = Array.from({ length: 12 }, (_, i) => 50 * MIN + 500 + i * 1000);
    const times = [...background, ...burst].sort((a, b) => a - b);
    const flagged = burstIndexes(times, 5 * MIN, 10).map((i) => times[i]);
    for (const t of burst) expect(flagged).toContain(t);
    // background calls count only when they share a five-minute window with the burst
    for (const t of flagged)
      expect(t > burst[0] - 5 * MIN && t < burst[burst.length - 1] + 5 * MIN).toBe(true);
    expect(flagged.length).toBeLessThan(background.length / 4);
  });
});

describe('first-seen networks of a key', () => {
  it('a key seen from one address has nothing new', () => {
    expect(newNetworkFirstSeen([{ ip: '198.51.100.7', first_ms: 5 }])).toEqual([]);
  });
  it('an address in a network the key never used is new', () => {
    expect(
      newNetworkFirstSeen([
        { ip: '198.51.100.7', first_ms: 5 },
        { ip: '203.0.113.9', first_ms: 9 },
      ]),
    ).toEqual([{ ip: '203.0.113.9', first_ms: 9 }]);
  });
  it('hopping between addresses of the same /16 (CI runners) is not new', () => {
    expect(
      newNetworkFirstSeen([
        { ip: '20.42.16.187', first_ms: 5 },
        { ip: '20.42.19.5', first_ms: 9 },
      ]),
    ).toEqual([]);
  });
  it('two networks first seen at the same instant are neither new', () => {
    expect(
      newNetworkFirstSeen([
        { ip: '198.51.100.7', first_ms: 5 },
        { ip: '203.0.113.9', first_ms: 5 },
      ]),
    ).toEqual([]);
  });
  it('groups IPv4 by /16, IPv6 by /48, and keeps service names whole', () => {
    expect(networkOf('20.42.16.187')).toBe('20.42.0.0/16');
    expect(networkOf('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(networkOf('ec2.amazonaws.com')).toBe('ec2.amazonaws.com');
  });
});

describe('foreign accounts and denied errors', () => {
  it('keeps 12-digit accounts outside the evidence', () => {
    expect(
      foreignAccounts(
        ['111122223333', '444455556666', 'anonymous', 'XXXXXXXXXXXX'],
        new Set(['111122223333']),
      ),
    ).toEqual(['444455556666']);
  });
  it('recognises the CIS denied-error patterns', () => {
    for (const c of [
      'AccessDenied',
      'AccessDeniedException',
      'UnauthorizedOperation',
      'Client.UnauthorizedOperation',
    ])
      expect(isDeniedError(c)).toBe(true);
    for (const c of ['ThrottlingException', 'NoSuchBucket', 'InvalidParameterValue'])
      expect(isDeniedError(c)).toBe(false);
  });
});
