import { afterAll, describe, expect, it } from 'vitest';
import { caseFileWith } from '../helpers/case-file.js';
import { refreshCredentials } from '../../src/case/lineage-refresh.js';
import { CredentialStore, credentialRow } from '../../src/store/credentials.js';
import { traceEvent, traceKey } from '../../src/domain/lineage.js';
import { traceJson, type TraceJson } from '../../src/domain/lineage-json.js';
import { formatTraceText } from '../../src/cli/trace-text.js';
import { pivotsFor } from '../../src/tui/events/pivots.js';
import type { EventRow } from '../../src/store/event-row.js';

// Records in CloudTrail's shapes (IAM user guide examples: CreateAccessKey responseElements.accessKey,
// CreateLoginProfile loginProfile, ConsoleLogin with additionalEventData.MFAUsed, calls a service
// made for a user with userIdentity.invokedBy and the service as sourceIPAddress).
const A = '111122223333';
const T = (hh: number, mm: number, ss = 0) =>
  `2024-04-11T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}Z`;
let n = 0;

function user(name: string, key?: string, session?: { created: string; console?: boolean }) {
  return {
    type: 'IAMUser',
    principalId: `AIDA${name.toUpperCase().padEnd(16, 'X').slice(0, 16)}`,
    arn: `arn:aws:iam::${A}:user/${name}`,
    accountId: A,
    ...(key ? { accessKeyId: key } : {}),
    userName: name,
    ...(session
      ? {
          sessionContext: {
            sessionIssuer: {},
            webIdFederationData: {},
            attributes: { creationDate: session.created, mfaAuthenticated: 'false' },
          },
        }
      : {}),
  };
}

function rec(o: {
  id: string;
  time: string;
  name: string;
  source: string;
  who: Record<string, unknown>;
  req?: unknown;
  res?: unknown;
  ip?: string;
  error?: [string, string];
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  n++;
  return {
    eventVersion: '1.09',
    userIdentity: o.who,
    eventTime: o.time,
    eventSource: o.source,
    eventName: o.name,
    awsRegion: 'us-east-1',
    sourceIPAddress: o.ip ?? '203.0.113.66',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: o.req ?? null,
    responseElements: o.error ? null : (o.res ?? null),
    ...(o.error ? { errorCode: o.error[0], errorMessage: o.error[1] } : {}),
    requestID: `req-iam-${n}`,
    eventID: o.id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: A,
    eventCategory: 'Management',
    ...(o.extra ?? {}),
  };
}

const LEAKED = 'AKIALEAKEDKEY0000001';
const BACKDOOR = 'AKIABACKDOOR00000001';
const NEWCONSOLE = 'ASIANEWUSERCONSOLE01';
const DANA1 = 'ASIADANACONSOLE00001';
const DANA2 = 'ASIADANACONSOLE00002';
const ORPHAN_CONSOLE = 'ASIAORPHANCONSOLE001';
const FAS = 'ASIAFORWARDEDKEY0001';
const FAS_INTERNAL = 'ASIAFORWARDEDKEY0002';
const FAS_ROLE = 'ASIAFORWARDEDKEY0003';

const records = [
  rec({
    id: 'use-leaked',
    time: T(11, 0),
    name: 'GetCallerIdentity',
    source: 'sts.amazonaws.com',
    who: user('leaked', LEAKED),
  }),
  rec({
    id: 'create-key',
    time: T(11, 5),
    name: 'CreateAccessKey',
    source: 'iam.amazonaws.com',
    who: user('leaked', LEAKED),
    req: { userName: 'backdoor' },
    res: {
      accessKey: {
        userName: 'backdoor',
        accessKeyId: BACKDOOR,
        status: 'Active',
        createDate: 'Apr 11, 2024 11:05:00 AM',
      },
    },
  }),
  rec({
    id: 'create-key-denied',
    time: T(11, 6),
    name: 'CreateAccessKey',
    source: 'iam.amazonaws.com',
    who: user('leaked', LEAKED),
    req: { userName: 'admin' },
    error: ['AccessDenied', 'User is not authorized to perform: iam:CreateAccessKey'],
  }),
  rec({
    id: 'use-backdoor',
    time: T(11, 20),
    name: 'ListBuckets',
    source: 's3.amazonaws.com',
    who: user('backdoor', BACKDOOR),
    ip: '198.51.100.99',
  }),
  rec({
    id: 'create-hidden',
    time: T(11, 7),
    name: 'CreateAccessKey',
    source: 'iam.amazonaws.com',
    who: user('leaked', LEAKED),
    req: { userName: 'svc' },
    res: {
      accessKey: {
        userName: 'svc',
        accessKeyId: 'HIDDEN_DUE_TO_SECURITY_REASONS',
        status: 'Active',
      },
    },
  }),
  rec({
    id: 'use-svc',
    time: T(11, 30),
    name: 'ListUsers',
    source: 'iam.amazonaws.com',
    who: user('svc', 'AKIASVCKEY0000000001'),
  }),
  // a user made, given a password, signing in
  rec({
    id: 'create-user',
    time: T(11, 10),
    name: 'CreateUser',
    source: 'iam.amazonaws.com',
    who: user('leaked', LEAKED),
    req: { userName: 'newuser' },
    res: {
      user: {
        path: '/',
        userName: 'newuser',
        userId: 'AIDANEWUSERXXXXXXXXX',
        arn: `arn:aws:iam::${A}:user/newuser`,
        createDate: 'Apr 11, 2024 11:10:00 AM',
      },
    },
  }),
  rec({
    id: 'create-profile',
    time: T(11, 11),
    name: 'CreateLoginProfile',
    source: 'iam.amazonaws.com',
    who: user('leaked', LEAKED),
    req: { userName: 'newuser', passwordResetRequired: false },
    res: {
      loginProfile: {
        userName: 'newuser',
        createDate: 'Apr 11, 2024 11:11:00 AM',
        passwordResetRequired: false,
      },
    },
  }),
  rec({
    id: 'login-newuser',
    time: T(11, 15),
    name: 'ConsoleLogin',
    source: 'signin.amazonaws.com',
    who: user('newuser'),
    ip: '198.51.100.99',
    res: { ConsoleLogin: 'Success' },
    extra: {
      eventType: 'AwsConsoleSignIn',
      additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com/' },
    },
  }),
  rec({
    id: 'use-newuser',
    time: T(11, 40),
    name: 'DescribeInstances',
    source: 'ec2.amazonaws.com',
    who: user('newuser', NEWCONSOLE, { created: T(11, 15) }),
    ip: '198.51.100.99',
    extra: { sessionCredentialFromConsole: 'true' },
  }),
  // dana signs in twice from two addresses; each console key belongs to the sign-in its creationDate names
  rec({
    id: 'login-dana-1',
    time: T(9, 0),
    name: 'ConsoleLogin',
    source: 'signin.amazonaws.com',
    who: user('dana'),
    ip: '192.0.2.10',
    res: { ConsoleLogin: 'Success' },
    extra: { eventType: 'AwsConsoleSignIn', additionalEventData: { MFAUsed: 'Yes' } },
  }),
  rec({
    id: 'login-dana-2',
    time: T(10, 0),
    name: 'ConsoleLogin',
    source: 'signin.amazonaws.com',
    who: user('dana'),
    ip: '203.0.113.200',
    res: { ConsoleLogin: 'Success' },
    extra: { eventType: 'AwsConsoleSignIn', additionalEventData: { MFAUsed: 'No' } },
  }),
  rec({
    id: 'use-dana-1',
    time: T(10, 30),
    name: 'GetObject',
    source: 's3.amazonaws.com',
    who: user('dana', DANA1, { created: T(9, 0, 1) }),
    ip: '192.0.2.10',
    extra: { sessionCredentialFromConsole: 'true' },
  }),
  rec({
    id: 'use-dana-1b',
    time: T(10, 40),
    name: 'ListBuckets',
    source: 's3.amazonaws.com',
    who: user('dana', DANA2, { created: T(9, 0, 1) }),
    ip: '192.0.2.10',
    extra: { sessionCredentialFromConsole: 'true' },
  }),
  rec({
    id: 'use-orphan-console',
    time: T(10, 45),
    name: 'ListBuckets',
    source: 's3.amazonaws.com',
    who: user('erin', ORPHAN_CONSOLE, { created: T(8, 0) }),
    extra: { sessionCredentialFromConsole: 'true' },
  }),
  // a service calling on alice's behalf: the trigger and the forwarded call
  rec({
    id: 'alice-get-secret',
    time: T(12, 0, 0),
    name: 'GetSecretValue',
    source: 'secretsmanager.amazonaws.com',
    who: user('alice', 'AKIAALICEKEY00000001'),
    req: { secretId: 'prod/db' },
  }),
  rec({
    id: 'kms-for-alice',
    time: T(12, 0, 1),
    name: 'Decrypt',
    source: 'kms.amazonaws.com',
    who: { ...user('alice', FAS), invokedBy: 'secretsmanager.amazonaws.com' },
    ip: 'secretsmanager.amazonaws.com',
    extra: { readOnly: true },
  }),
  rec({
    id: 'internal-for-alice',
    time: T(13, 0),
    name: 'Decrypt',
    source: 'kms.amazonaws.com',
    who: { ...user('alice', FAS_INTERNAL), invokedBy: 'AWS Internal' },
    ip: 'AWS Internal',
  }),
  rec({
    id: 'for-role',
    time: T(13, 5),
    name: 'Decrypt',
    source: 'kms.amazonaws.com',
    ip: 'AWS Internal',
    who: {
      type: 'AssumedRole',
      principalId: 'AROAAPPROLEXXXXXXXXX:app',
      arn: `arn:aws:sts::${A}:assumed-role/app/app`,
      accountId: A,
      accessKeyId: FAS_ROLE,
      invokedBy: 'AWS Internal',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAAPPROLEXXXXXXXXX',
          arn: `arn:aws:iam::${A}:role/app`,
          accountId: A,
          userName: 'app',
        },
        attributes: { creationDate: T(13, 0), mfaAuthenticated: 'false' },
      },
    },
  }),
];

const db = caseFileWith(records);
refreshCredentials(db, 0);
const store = new CredentialStore(db);
afterAll(() => db.close());
const key = (k: string): TraceJson => traceJson(traceKey(store, k)!);

describe('lineage through IAM-created credentials', () => {
  it('a key made with CreateAccessKey traces to who made it, when and with which key', () => {
    const t = key(BACKDOOR);
    expect(t.hops.map((h) => h.accessKeyId)).toEqual([LEAKED, BACKDOOR]);
    expect(t.hops[1].issuedBy).toMatchObject({
      eventId: 'create-key',
      eventName: 'CreateAccessKey',
      via: 'iam',
      eventTime: T(11, 5),
      sourceIPAddress: '203.0.113.66',
    });
    expect(t.hops[1].identity).toMatchObject({ type: 'IAMUser', userName: 'backdoor' });
    expect(t.hops[1].notes.join(' ')).toContain(
      `created by CreateAccessKey for user backdoor with key ${LEAKED}`,
    );
    expect(t.origin).toMatchObject({ kind: 'iam-user', label: 'user/leaked' });
    expect(t.complete).toBe(true);
    expect(formatTraceText(traceKey(store, BACKDOOR)!)).toContain(
      'created by CreateAccessKey at 2024-04-11T11:05:00Z',
    );
    expect(credentialRow(db, BACKDOOR)).toMatchObject({ origin_label: 'user/leaked', complete: 1 });
  });

  it('"keys minted by" lists the created long-term key beside STS issuances; a denied CreateAccessKey created nothing', () => {
    const t = key(LEAKED);
    expect(t.derived).toEqual([
      {
        accessKeyId: BACKDOOR,
        via: 'iam',
        userName: 'backdoor',
        eventId: 'create-key',
        eventName: 'CreateAccessKey',
        eventTime: T(11, 5),
        roleArn: null,
        events: 1,
      },
    ]);
    expect(formatTraceText(traceKey(store, LEAKED)!)).toMatch(
      /AKIABACKDOOR00000001 {2}CreateAccessKey at .* long-term, for user backdoor/,
    );
  });

  it('says so where AWS hid the created key', () => {
    const t = key('AKIASVCKEY0000000001');
    expect(t.origin.kind).toBe('iam-user');
    expect(t.hops[0].notes.join(' ')).toMatch(
      /create-hidden.*HIDDEN_DUE_TO_SECURITY_REASONS: it may be this one/,
    );
  });

  it('a console sign-in of a user whose password someone set links to that CreateLoginProfile and on to its key', () => {
    const t = key(NEWCONSOLE);
    expect(
      t.hops.map((h) => [h.accessKeyId, h.issuedBy?.eventId ?? null, h.issuedBy?.via ?? null]),
    ).toEqual([
      [LEAKED, null, null],
      [null, 'create-profile', 'iam'],
      [NEWCONSOLE, 'login-newuser', 'console'],
    ]);
    expect(t.hops[1].identity.userName).toBe('newuser');
    expect(t.hops[1].notes[0]).toContain(
      `console password set by CreateLoginProfile for user newuser with key ${LEAKED}`,
    );
    expect(t.origin).toMatchObject({ kind: 'iam-user', label: 'user/leaked' });
  });

  it('the CreateAccessKey and CreateUser events offer pivots to the created key and user', () => {
    const row = (id: string) =>
      db.prepare('SELECT * FROM events_v WHERE event_id = ?').get(id) as EventRow;
    const p = pivotsFor(
      row('create-key'),
      records.find((r) => r.eventID === 'create-key')!,
    );
    expect(p.find((x) => x.key === '7')?.filter.text).toBe(`key:${BACKDOOR}`);
    expect(p.find((x) => x.key === '8')?.filter.text).toBe('user:backdoor');
    const hidden = pivotsFor(
      row('create-hidden'),
      records.find((r) => r.eventID === 'create-hidden')!,
    );
    expect(hidden.find((x) => x.key === '7')?.label).toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
    const u = pivotsFor(
      row('create-user'),
      records.find((r) => r.eventID === 'create-user')!,
    );
    expect(u.find((x) => x.key === '8')?.filter.text).toBe('user:newuser');
    expect(
      pivotsFor(
        row('create-key-denied'),
        records.find((r) => r.eventID === 'create-key-denied')!,
      ).some((x) => x.key === '7'),
    ).toBe(false);
  });
});

describe('console sessions', () => {
  it('a console key belongs to the sign-in its creationDate matches, not the latest one', () => {
    const t = traceJson(traceEvent(store, 'use-dana-1')!);
    expect(t.hops[0].issuedBy).toMatchObject({
      eventId: 'login-dana-1',
      via: 'console',
      sourceIPAddress: '192.0.2.10',
    });
    expect(t.hops[0].mfa).toBe(false); // as the calls reported it
    expect(t.origin).toMatchObject({ kind: 'console', label: 'console user/dana' });
    expect(t.complete).toBe(true);
  });

  it('groups the keys of one console session (principal and creationDate)', () => {
    expect(key(DANA1).hops[0].sessionKeys).toEqual([DANA2]);
    expect(key(DANA2).hops[0].sessionKeys).toEqual([DANA1]);
  });

  it('a console session whose sign-in is not in the evidence is incomplete, and names no sign-in', () => {
    const t = key(ORPHAN_CONSOLE);
    expect(t.complete).toBe(false);
    expect(t.origin.kind).toBe('console');
    expect(t.hops[0].issuedBy).toBeNull();
    expect(t.gap?.reason).toContain(
      `created ${T(8, 0)}: no ConsoleLogin within 5 s of it is in this evidence`,
    );
  });
});

describe('service-forwarded calls', () => {
  it('"service X on behalf of Y", tied to the call that triggered it and on through its key', () => {
    const t = key(FAS);
    expect(t.hops.map((h) => h.accessKeyId)).toEqual(['AKIAALICEKEY00000001', FAS]);
    expect(t.hops[1].issuedBy).toMatchObject({
      eventId: 'alice-get-secret',
      eventName: 'GetSecretValue',
      via: 'service',
    });
    expect(t.hops[1].notes.join(' ')).toContain(
      `service secretsmanager.amazonaws.com on behalf of arn:aws:iam::${A}:user/alice`,
    );
    expect(t).toMatchObject({ complete: true, origin: { kind: 'iam-user', label: 'user/alice' } });
  });

  it('AWS Internal calls for a user are the user\'s, not a gap "issued outside this evidence"', () => {
    const t = key(FAS_INTERNAL);
    expect(t.complete).toBe(true);
    expect(t.gap).toBeNull();
    expect(t.origin.label).toBe('user/alice');
    expect(t.hops[0].notes.join(' ')).toContain('service AWS Internal on behalf of');
    expect(credentialRow(db, FAS_INTERNAL)).toMatchObject({ complete: 1 });
  });

  it('for a role session without its own calls in evidence, the gap says what is missing', () => {
    const t = key(FAS_ROLE);
    expect(t.complete).toBe(false);
    expect(t.gap?.reason).toContain('made this call on behalf of');
    expect(t.gap?.reason).not.toContain('issued outside');
  });
});
