import { describe, expect, it } from 'vitest';
import { burstIndexes } from '../../../src/domain/notable/burst.js';
import { foreignAccounts, laterFirstSeenIps } from '../../../src/domain/notable/new-ip.js';
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
    for (const t of flagged) expect(t > burst[0] - 5 * MIN && t < burst[burst.length - 1] + 5 * MIN).toBe(true);
    expect(flagged.length).toBeLessThan(background.length / 4);
  });
});

describe('first-seen IPs of a key', () => {
  it('a key seen from one address has no new address', () => {
    expect(laterFirstSeenIps([{ ip: 'a', first_ms: 5 }])).toEqual([]);
  });
  it('addresses after the first are new', () => {
    expect(laterFirstSeenIps([{ ip: 'a', first_ms: 5 }, { ip: 'b', first_ms: 9 }])).toEqual([{ ip: 'b', first_ms: 9 }]);
  });
  it('two addresses first seen at the same instant are neither new', () => {
    expect(laterFirstSeenIps([{ ip: 'a', first_ms: 5 }, { ip: 'b', first_ms: 5 }])).toEqual([]);
  });
});

describe('foreign accounts and denied errors', () => {
  it('keeps 12-digit accounts outside the evidence', () => {
    expect(foreignAccounts(['111122223333', '444455556666', 'anonymous', 'XXXXXXXXXXXX'], new Set(['111122223333']))).toEqual(['444455556666']);
  });
  it('recognises the CIS denied-error patterns', () => {
    for (const c of ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation']) expect(isDeniedError(c)).toBe(true);
    for (const c of ['ThrottlingException', 'NoSuchBucket', 'InvalidParameterValue']) expect(isDeniedError(c)).toBe(false);
  });
});
