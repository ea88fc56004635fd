import { describe, expect, it } from 'vitest';
import { formatTraceText } from '../../src/cli/trace-text.js';
import { terminalSafeJson } from '../../src/cli/commands/trace.js';
import { traceJson } from '../../src/domain/lineage-json.js';
import type { Trace } from '../../src/domain/lineage-types.js';

const EVIL = 'evil\u001b]52;c;aGVsbG8=\u0007\u202etxt.exe\u009b2J';

const hostile: Trace = {
  subject: 'ASIAHOSTILE000000001',
  subjectKind: 'key',
  accessKeyId: 'ASIAHOSTILE000000001',
  atMs: null,
  hops: [
    {
      accessKeyId: null,
      identity: {
        type: 'SAMLUser',
        arn: EVIL,
        accountId: '111122223333',
        principalId: EVIL,
        userName: EVIL,
      },
      issuedBy: null,
      mfa: null,
      sourceIdentity: null,
      roleArn: null,
      sessionName: null,
      notes: [`SAML subject: ${EVIL}`],
    },
    {
      accessKeyId: 'ASIAHOSTILE000000001',
      identity: {
        type: 'AssumedRole',
        arn: EVIL,
        accountId: '111122223333',
        principalId: null,
        userName: null,
      },
      issuedBy: {
        rowid: 1,
        eventId: EVIL,
        eventName: 'AssumeRoleWithSAML',
        eventTime: '2024-04-11T10:00:00Z',
        timeMs: 1,
        awsRegion: EVIL,
        sourceIPAddress: EVIL,
        userAgent: EVIL,
        recipientAccountId: '111122223333',
        expirationMs: null,
      },
      mfa: false,
      sourceIdentity: EVIL,
      roleArn: EVIL,
      sessionName: EVIL,
      notes: [],
    },
  ],
  complete: true,
  origin: { kind: 'saml', arn: EVIL, label: EVIL },
  gap: null,
  derived: [
    {
      accessKeyId: 'ASIADERIVED000000001',
      eventId: EVIL,
      eventName: EVIL,
      eventTime: EVIL,
      roleArn: EVIL,
      events: 3,
    },
  ],
};

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('trace output with hostile evidence', () => {
  it('human output carries no control, escape or bidi characters', () => {
    const text = formatTraceText(hostile);
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain('evil\\e]52;c;aGVsbG8=');
    expect(text).toContain('Keys minted by ASIAHOSTILE000000001 (1):');
  });

  it('JSON output escapes what JSON.stringify leaves raw, and still parses to the same values', () => {
    const json = terminalSafeJson(traceJson(hostile));
    expect(json).not.toMatch(UNSAFE);
    const back = JSON.parse(json);
    expect(back.hops[1].issuedBy.userAgent).toBe(EVIL);
    expect(back.origin.label).toBe(EVIL);
  });
});
