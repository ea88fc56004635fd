import { afterEach, describe, expect, it } from 'vitest';
import { addRecords, caseFileWith, ctEvent } from '../helpers/case-file.js';
import { evaluateNotable, notableIsStale } from '../../src/case/notable/evaluate.js';
import {
  notableMarks,
  notablePin,
  pageNotableEvents,
  pageRuleEvents,
  ruleCounts,
  ruleSummary,
  rulesOfEvent,
} from '../../src/store/notable.js';
import { pageEvents } from '../../src/store/event-pages.js';
import { MATCH_ALL, type SqlFilter } from '../../src/store/filter-sql.js';
import type { Database } from '../../src/store/db.js';

let db: Database | undefined;
afterEach(() => db?.close());

function rowidOf(d: Database, eventId: unknown): number {
  return d.prepare('SELECT id FROM events WHERE event_id = ?').pluck().get(eventId) as number;
}

const at = (min: number, sec = 0): string =>
  new Date(Date.UTC(2024, 3, 11, 12, min, sec)).toISOString().replace('.000', '');

describe('notable evaluation in the case file', () => {
  it('stores per-event matches, the summary and the marks', () => {
    const stop = ctEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventTime: at(5),
      readOnly: false,
    });
    const quiet = ctEvent({ eventTime: at(6) });
    db = caseFileWith([stop, quiet]);
    evaluateNotable(db);
    const s = rowidOf(db, stop.eventID);
    const q = rowidOf(db, quiet.eventID);
    expect(rulesOfEvent(db, s)).toEqual(['cloudtrail-stopped']);
    expect(rulesOfEvent(db, q)).toEqual([]);
    expect(ruleSummary(db)).toEqual([
      {
        rule_id: 'cloudtrail-stopped',
        events: 1,
        succeeded: 1,
        first_ms: Date.parse(at(5)),
        last_ms: Date.parse(at(5)),
      },
    ]);
    expect([...notableMarks(db, [s, q])]).toEqual([[s, 4]]);
    expect(
      pageRuleEvents(db, 'cloudtrail-stopped', MATCH_ALL, { limit: 10 }).map((r) => r.event_id),
    ).toEqual([stop.eventID]);
    expect(ruleCounts(db, { where: 'e.time_ms > ?', params: [Date.parse(at(5))] })).toEqual([]);
  });

  it('pins and pages the same events whichever form of the condition the match count picks', () => {
    const stops = [1, 2, 3].map((m) =>
      ctEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        eventTime: at(m),
        readOnly: false,
      }),
    );
    const other = ctEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'DeleteTrail',
      eventTime: at(4),
      readOnly: false,
    });
    db = caseFileWith([...stops, other, ctEvent({ eventTime: at(5) })]);
    evaluateNotable(db);
    const ids = (pin: SqlFilter) =>
      pageEvents(db!, pin, { limit: 50, order: 'desc' }).map((r) => r.event_id);
    const want = stops.map((e) => e.eventID).reverse();
    expect(ids(notablePin('cloudtrail-stopped', 1))).toEqual(want);
    expect(ids(notablePin('cloudtrail-stopped', 100_000))).toEqual(want);
    expect(ids(notablePin(null))).toEqual([other.eventID, ...want]);
    expect(ids(notablePin(null, 1))).toEqual([other.eventID, ...want]);
    expect(pageNotableEvents(db, MATCH_ALL, { limit: 2 }).map((r) => r.row.event_id)).toEqual([
      other.eventID,
      want[0],
    ]);
  });

  it('evaluates only new events on the next run, and knows when it is stale', () => {
    db = caseFileWith([
      ctEvent({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', readOnly: false }),
    ]);
    const first = evaluateNotable(db);
    expect(first.full).toBe(true);
    expect(notableIsStale(db)).toBe(false);
    addRecords(
      db,
      [
        ctEvent({
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateAccessKey',
          readOnly: false,
        }),
      ],
      '/evidence/b.json',
    );
    expect(notableIsStale(db)).toBe(true);
    const second = evaluateNotable(db, { sinceRowid: first.toRowid });
    expect(second.full).toBe(false);
    expect(second.fromRowid).toBe(first.toRowid);
    expect(
      ruleSummary(db)
        .map((r) => r.rule_id)
        .sort(),
    ).toEqual(['iam-access-key-created', 'iam-user-created']);
  });

  it('flags callers from accounts that are not the evidence accounts, not the own accounts', () => {
    const outsider = ctEvent({
      userIdentity: { type: 'AWSAccount', principalId: 'AIDAX', accountId: '999988887777' },
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
    });
    const insider = ctEvent({});
    const anonymous = ctEvent({
      userIdentity: { type: 'AWSAccount', principalId: 'anonymous', accountId: 'anonymous' },
    });
    db = caseFileWith([outsider, insider, anonymous]);
    evaluateNotable(db);
    expect(rulesOfEvent(db, rowidOf(db, outsider.eventID))).toEqual(['foreign-account-caller']);
    expect(rulesOfEvent(db, rowidOf(db, insider.eventID))).toEqual([]);
    expect(rulesOfEvent(db, rowidOf(db, anonymous.eventID))).toEqual([]);
  });

  // A caller's other calls are read through its own index, or through the name index when the
  // names are rare (under half a percent of the events): both must give the same answer.
  it.each([
    ['common', 0],
    ['rare', 2500],
  ])('judges a sweep by the same calls whether its name is %s', (_label, padding) => {
    const read = (min: number, secret: string, arn = 'arn:aws:iam::111122223333:user/alice') =>
      ctEvent({
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'GetSecretValue',
        eventTime: at(min),
        userIdentity: { type: 'IAMUser', principalId: 'AIDAX', arn, accountId: '111122223333' },
        requestParameters: { secretId: secret },
      });
    // alice reads five secrets in four minutes (a sweep); bob reads four, and one more an hour later
    const alice = [1, 2, 3, 4, 5].map((m) => read(m, `s${m}`));
    const bob = [
      ...[1, 2, 3, 4].map((m) => read(m, `s${m}`, 'arn:aws:iam::111122223333:user/bob')),
      read(59, 's9', 'arn:aws:iam::111122223333:user/bob'),
    ];
    const other = Array.from({ length: padding }, (_, i) =>
      ctEvent({ eventTime: at(i % 60, i % 50) }),
    );
    db = caseFileWith([...alice, ...bob, ...other]);
    evaluateNotable(db);
    for (const e of alice)
      expect(rulesOfEvent(db, rowidOf(db, e.eventID))).toEqual(['secrets-bulk-read']);
    for (const e of bob) expect(rulesOfEvent(db, rowidOf(db, e.eventID))).toEqual([]);
  });

  it.each([
    ['common', 0],
    ['rare', 2500],
  ])(
    'judges a role by its own earlier deploys whether UpdateFunctionCode is %s',
    (_label, padding) => {
      const day = (d: number) =>
        new Date(Date.UTC(2024, 3, d, 9)).toISOString().replace('.000', '');
      const deploy = (d: number, role: string, session: string, fn = 'payments') =>
        ctEvent({
          eventSource: 'lambda.amazonaws.com',
          eventName: 'UpdateFunctionCode20150331v2',
          eventTime: day(d),
          userIdentity: {
            type: 'AssumedRole',
            principalId: `AROAX${role}:${session}`,
            arn: `arn:aws:sts::111122223333:assumed-role/${role}/${session}`,
            accountId: '111122223333',
            sessionContext: {
              sessionIssuer: {
                type: 'Role',
                arn: `arn:aws:iam::111122223333:role/${role}`,
                userName: role,
              },
            },
          },
          requestParameters: { functionName: fn },
        });
      // the pipeline role deploys daily from a new session each time; an intruder's role once
      const pipeline = [1, 2, 3].map((d) => deploy(d, 'deployer', `build-${d}`));
      const intruder = deploy(3, 'ops', 'mallory');
      const other = Array.from({ length: padding }, (_, i) =>
        ctEvent({ eventTime: at(i % 60, i % 50) }),
      );
      db = caseFileWith([...pipeline, intruder, ...other]);
      evaluateNotable(db);
      const flagged = (e: Record<string, unknown>) =>
        rulesOfEvent(db!, rowidOf(db!, e.eventID)).includes('lambda-code-updated');
      expect(pipeline.map(flagged)).toEqual([true, false, false]);
      expect(flagged(intruder)).toBe(true);
    },
  );

  it('flags a burst of denied calls by one identity, not the same number spread out or across identities', () => {
    const denied = { errorCode: 'AccessDenied', errorMessage: 'not authorized' };
    const burst = Array.from({ length: 10 }, (_, i) =>
      ctEvent({ ...denied, eventName: `List${i}`, eventTime: at(10, i * 5) }),
    );
    const spread = Array.from({ length: 10 }, (_, i) =>
      ctEvent({
        ...denied,
        eventTime: at(i * 4),
        userIdentity: {
          type: 'IAMUser',
          arn: 'arn:aws:iam::111122223333:user/carol',
          accountId: '111122223333',
        },
      }),
    );
    const many = Array.from({ length: 9 }, (_, i) =>
      ctEvent({
        ...denied,
        eventTime: at(30, i),
        userIdentity: {
          type: 'IAMUser',
          arn: `arn:aws:iam::111122223333:user/u${i}`,
          accountId: '111122223333',
        },
      }),
    );
    db = caseFileWith([...burst, ...spread, ...many]);
    evaluateNotable(db);
    for (const e of burst)
      expect(rulesOfEvent(db, rowidOf(db, e.eventID))).toEqual(['access-denied-burst']);
    for (const e of [...spread, ...many])
      expect(rulesOfEvent(db, rowidOf(db, e.eventID))).toEqual([]);
  });

  it('flags GetCallerIdentity as the first call from a new network of a key, not from its usual one', () => {
    const key = {
      type: 'IAMUser',
      principalId: 'AIDACI',
      arn: 'arn:aws:iam::111122223333:user/ci',
      accountId: '111122223333',
      accessKeyId: 'AKIACI0000000000001',
      userName: 'ci',
    };
    const usual = ctEvent({ userIdentity: key, sourceIPAddress: '10.0.0.5', eventTime: at(1) });
    const usualProbe = ctEvent({
      userIdentity: key,
      sourceIPAddress: '10.0.0.5',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventTime: at(2),
    });
    const probe = ctEvent({
      userIdentity: key,
      sourceIPAddress: '203.0.113.9',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventTime: at(20),
    });
    const after = ctEvent({
      userIdentity: key,
      sourceIPAddress: '203.0.113.9',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventTime: at(21),
    });
    const other = ctEvent({
      userIdentity: key,
      sourceIPAddress: '198.51.100.1',
      eventName: 'ListUsers',
      eventTime: at(22),
    });
    const otherProbe = ctEvent({
      userIdentity: key,
      sourceIPAddress: '198.51.100.1',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventTime: at(23),
    });
    const hop = ctEvent({
      userIdentity: key,
      sourceIPAddress: '10.0.200.9',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventTime: at(30),
    });
    db = caseFileWith([usual, usualProbe, probe, after, other, otherProbe, hop]);
    evaluateNotable(db);
    expect(rulesOfEvent(db, rowidOf(db, probe.eventID))).toEqual(['caller-identity-new-ip']);
    // 198.51.100.1 opened a new network with ListUsers, not GetCallerIdentity; 10.0.200.9 is the usual /16
    for (const e of [usual, usualProbe, after, other, otherProbe, hop])
      expect(rulesOfEvent(db, rowidOf(db, e.eventID))).toEqual([]);
  });

  it('judges new networks per caller: a rotated key on the usual network is not new, a leaked one elsewhere is', () => {
    const ci = (key: string) => ({
      type: 'IAMUser',
      principalId: 'AIDACI',
      arn: 'arn:aws:iam::111122223333:user/ci',
      accountId: '111122223333',
      accessKeyId: key,
      userName: 'ci',
    });
    const gci = (key: string, ip: string, min: number) =>
      ctEvent({
        userIdentity: ci(key),
        sourceIPAddress: ip,
        eventSource: 'sts.amazonaws.com',
        eventName: 'GetCallerIdentity',
        eventTime: at(min),
      });
    const oldKey = ctEvent({
      userIdentity: ci('AKIAOLD0000000000001'),
      sourceIPAddress: '20.42.16.187',
      eventTime: at(1),
    });
    const rotated = gci('AKIANEW0000000000001', '20.42.19.5', 10);
    const rotatedElsewhere = gci('AKIANEW0000000000001', '4.175.118.201', 11);
    const leaked = gci('AKIAOLD0000000000001', '45.137.21.9', 20);
    db = caseFileWith([oldKey, rotated, rotatedElsewhere, leaked]);
    evaluateNotable(db);
    expect(rulesOfEvent(db, rowidOf(db, rotated.eventID))).toEqual([]);
    expect(rulesOfEvent(db, rowidOf(db, rotatedElsewhere.eventID))).toEqual([
      'caller-identity-new-ip',
    ]);
    expect(rulesOfEvent(db, rowidOf(db, leaked.eventID))).toEqual(['caller-identity-new-ip']);
  });

  it('an out-of-order file moves "first seen" and the flag with it', () => {
    const key = {
      type: 'IAMUser',
      principalId: 'AIDACI',
      arn: 'arn:aws:iam::111122223333:user/ci',
      accountId: '111122223333',
      accessKeyId: 'AKIACI0000000000002',
      userName: 'ci',
    };
    const probe = ctEvent({
      userIdentity: key,
      sourceIPAddress: '203.0.113.9',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      eventTime: at(20),
    });
    const later = ctEvent({ userIdentity: key, sourceIPAddress: '10.0.0.5', eventTime: at(25) });
    db = caseFileWith([probe, later]);
    evaluateNotable(db);
    expect(rulesOfEvent(db, rowidOf(db, probe.eventID))).toEqual([]);
    addRecords(
      db,
      [ctEvent({ userIdentity: key, sourceIPAddress: '10.0.0.5', eventTime: at(1) })],
      '/evidence/older.json',
    );
    evaluateNotable(db);
    expect(rulesOfEvent(db, rowidOf(db, probe.eventID))).toEqual(['caller-identity-new-ip']);
  });
});
