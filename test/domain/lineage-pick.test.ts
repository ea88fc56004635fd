import { describe, expect, it } from 'vitest';
import { pickIssuance, preferredCopy } from '../../src/domain/lineage-pick.js';
import { isLinkableKey, keyKind, shortKey } from '../../src/domain/lineage-keys.js';
import type { CallerIdentity, Issuance } from '../../src/domain/lineage-types.js';

const caller = (o: Partial<CallerIdentity> = {}): CallerIdentity => ({
  type: 'IAMUser',
  arn: 'arn:aws:iam::111122223333:user/a',
  accountId: '111122223333',
  principalId: 'AIDA',
  userName: 'a',
  invokedBy: null,
  accessKeyId: 'AKIAPARENT0000000001',
  sessionIssuerArn: null,
  mfa: null,
  sourceIdentity: null,
  consoleSession: null,
  sessionCreatedMs: null,
  ...o,
});
let n = 0;
const iss = (timeMs: number, o: Partial<Issuance> = {}): Issuance => ({
  rowid: ++n,
  eventId: `e${n}`,
  eventName: 'AssumeRole',
  timeMs,
  eventTime: null,
  awsRegion: 'us-east-1',
  sourceIp: null,
  userAgent: null,
  recipientAccountId: '111122223333',
  sharedEventId: null,
  requestId: `r${n}`,
  issuedKey: 'ASIAKEY0000000000001',
  expirationMs: timeMs + 3600_000,
  roleArn: null,
  principalArn: null,
  caller: caller(),
  ...o,
});

describe('access key IDs', () => {
  it('rejects placeholders and malformed keys', () => {
    for (const k of [
      '',
      'SAMPLE_ACCESS_KEY',
      '1111',
      'ASIAXXXXXXXXXXXXXXXX',
      'AKIA0000000000000000',
      'asiaabcdefghijklmnop',
      'ASIA1234567890123456',
      'HIDDEN_DUE_TO_SECURITY_REASONS',
      null,
      undefined,
    ]) {
      expect(isLinkableKey(k), String(k)).toBe(false);
    }
    for (const k of ['AKIAJQ3DRY5GH7KZ2M4A', 'ASIACHAIN10000000001'])
      expect(isLinkableKey(k)).toBe(true);
    for (const k of ['AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE'])
      expect(isLinkableKey(k)).toBe(false);
  });

  it('classifies keys by prefix and shortens them for tables', () => {
    expect(keyKind('AKIAJQ3DRY5GH7KZ2M4A')).toBe('long-term');
    expect(keyKind('ASIAJQ3DRY5GH7KZ2M4A')).toBe('temporary');
    expect(keyKind('ASIAIOSFODNN7EXAMPLE')).toBe('placeholder');
    expect(keyKind('ABIAJQ3DRY5GH7KZ2M4A')).toBe('other');
    expect(keyKind('1111')).toBe('placeholder');
    expect(shortKey('ASIAIOSFODNN7EXAMW3X')).toBe('ASIA…W3X');
  });
});

describe('pickIssuance', () => {
  it('takes the latest issuance before the use that is still live', () => {
    const a = iss(1_000_000);
    const b = iss(9_000_000);
    expect(pickIssuance([a, b], 1_500_000, null)).toEqual({ issuance: a });
    expect(pickIssuance([a, b], 9_500_000, null)).toEqual({ issuance: b });
    expect(pickIssuance([b, a], null, null)).toEqual({ issuance: b });
  });

  it("prefers the issuance named by the use's creationDate", () => {
    const a = iss(1_000_000, { expirationMs: null });
    const b = iss(2_000_000, { expirationMs: null });
    expect(pickIssuance([a, b], 3_000_000, 1_000_500)).toEqual({ issuance: a });
  });

  it('does not link a use to an expired issuance or to one made after it, and says why', () => {
    const a = iss(1_000_000, { eventId: 'old' });
    const r1 = pickIssuance([a], 1_000_000 + 2 * 3600_000, null);
    expect(r1.issuance).toBeNull();
    expect(r1.issuance === null && r1.why).toMatch(/old.*expired/);
    const r2 = pickIssuance([a], 500_000, null);
    expect(r2.issuance === null && r2.why).toMatch(/issued only after this use/);
  });

  it('never links a use that acts as one role to an AssumeRole into another', () => {
    const ex = iss(1_000_000, { eventId: 'into-ex', roleArn: 'arn:aws:iam::111122223333:role/EX' });
    const r = pickIssuance([ex], 1_500_000, 1_000_000, 'arn:aws:iam::111122223333:role/OTHER');
    expect(r.issuance).toBeNull();
    expect(r.issuance === null && r.why).toMatch(/into-ex.*role\/EX.*role\/OTHER/);
    // the same role, however its name is cased, still links
    expect(pickIssuance([ex], 1_500_000, 1_000_000, 'arn:aws:iam::111122223333:role/ex')).toEqual({
      issuance: ex,
    });
  });

  it('a creationDate naming an issuance after the use does not make it the parent', () => {
    const later = iss(4_000_000, { eventId: 'later', expirationMs: null });
    const r = pickIssuance([later], 3_000_000, 4_000_000);
    expect(r.issuance).toBeNull();
    expect(r.issuance === null && r.why).toMatch(/issued only after this use/);
  });

  it('ignores issuances of placeholder keys', () => {
    expect(pickIssuance([iss(1, { issuedKey: '1111' })], null, null)).toEqual({
      issuance: null,
      why: null,
    });
  });

  it("of two copies of a cross-account call, keeps the caller's", () => {
    const owner = iss(1_000, {
      sharedEventId: 's',
      caller: caller({ type: 'AWSAccount', accessKeyId: null, arn: null }),
    });
    const callerCopy = iss(1_000, { sharedEventId: 's' });
    expect(preferredCopy([owner, callerCopy])).toBe(callerCopy);
    expect(pickIssuance([owner, callerCopy], 2_000, null)).toEqual({ issuance: callerCopy });
  });
});
