import { describe, expect, it } from 'vitest';
import { pickIssuance, preferredCopy } from '../../src/domain/lineage-pick.js';
import { isLinkableKey, keyKind, shortKey } from '../../src/domain/lineage-keys.js';
import type { CallerIdentity, Issuance } from '../../src/domain/lineage-types.js';

const caller = (o: Partial<CallerIdentity> = {}): CallerIdentity => ({
  type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/a', accountId: '111122223333', principalId: 'AIDA', userName: 'a', invokedBy: null,
  accessKeyId: 'AKIAPARENT0000000001', sessionIssuerArn: null, mfa: null, sourceIdentity: null, consoleSession: null, sessionCreatedMs: null, ...o,
});
let n = 0;
const iss = (timeMs: number, o: Partial<Issuance> = {}): Issuance => ({
  rowid: ++n, eventId: `e${n}`, eventName: 'AssumeRole', timeMs, eventTime: null, awsRegion: 'us-east-1', sourceIp: null, userAgent: null,
  recipientAccountId: '111122223333', sharedEventId: null, requestId: `r${n}`, issuedKey: 'ASIAKEY0000000000001', expirationMs: timeMs + 3600_000,
  roleArn: null, principalArn: null, caller: caller(), ...o,
});

describe('access key IDs', () => {
  it('rejects placeholders and malformed keys', () => {
    for (const k of ['', 'SAMPLE_ACCESS_KEY', '1111', 'ASIAXXXXXXXXXXXXXXXX', 'AKIA0000000000000000', 'asiaabcdefghijklmnop', 'ASIA1234567890123456', 'HIDDEN_DUE_TO_SECURITY_REASONS', null, undefined]) {
      expect(isLinkableKey(k), String(k)).toBe(false);
    }
    for (const k of ['AKIAIOSFODNN7EXAMPLE', 'ASIACHAIN10000000001']) expect(isLinkableKey(k)).toBe(true);
  });

  it('classifies keys by prefix and shortens them for tables', () => {
    expect(keyKind('AKIAIOSFODNN7EXAMPLE')).toBe('long-term');
    expect(keyKind('ASIAIOSFODNN7EXAMPLE')).toBe('temporary');
    expect(keyKind('ABIAIOSFODNN7EXAMPLE')).toBe('other');
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

  it('prefers the issuance named by the use\'s creationDate', () => {
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

  it('ignores issuances of placeholder keys', () => {
    expect(pickIssuance([iss(1, { issuedKey: '1111' })], null, null)).toEqual({ issuance: null, why: null });
  });

  it('of two copies of a cross-account call, keeps the caller\'s', () => {
    const owner = iss(1_000, { sharedEventId: 's', caller: caller({ type: 'AWSAccount', accessKeyId: null, arn: null }) });
    const callerCopy = iss(1_000, { sharedEventId: 's' });
    expect(preferredCopy([owner, callerCopy])).toBe(callerCopy);
    expect(pickIssuance([owner, callerCopy], 2_000, null)).toEqual({ issuance: callerCopy });
  });
});
