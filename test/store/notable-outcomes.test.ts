import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { evaluateNotable } from '../../src/case/notable/evaluate.js';
import {
  notableEvents,
  notableRuleViews,
  notableTotals,
  sortRuleViews,
} from '../../src/case/notable/report.js';
import { rulesOfEvent, notableMarks } from '../../src/store/notable.js';
import { severityRank } from '../../src/domain/notable/types.js';
import type { Database } from '../../src/store/db.js';

let db: Database | undefined;
afterEach(() => db?.close());

const at = (min: number, sec = 0): string =>
  new Date(Date.UTC(2024, 3, 11, 12, min, sec)).toISOString().replace('.000', '');
const rowid = (d: Database, e: Record<string, unknown>): number =>
  d.prepare('SELECT id FROM events WHERE event_id = ?').pluck().get(e.eventID) as number;
const rules = (d: Database, e: Record<string, unknown>): string[] => rulesOfEvent(d, rowid(d, e));

const ATTACKER = {
  type: 'IAMUser',
  principalId: 'AIDAATTACKER00000001',
  arn: 'arn:aws:iam::111122223333:user/leaked',
  accountId: '111122223333',
  accessKeyId: 'AKIALEAKEDKEY0000001',
  userName: 'leaked',
};

function cloudtrail(
  eventName: string,
  requestParameters: unknown,
  min: number,
  extra: Record<string, unknown> = {},
) {
  return ctEvent({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName,
    requestParameters,
    eventTime: at(min),
    readOnly: false,
    userIdentity: ATTACKER,
    ...extra,
  });
}

describe('notable rules report outcomes', () => {
  it('three StopLogging calls that all failed: "StopLogging called", 3 (0 succeeded)', () => {
    const failed = {
      errorCode: 'TrailNotFoundException',
      errorMessage:
        'Unknown trail: arn:aws:cloudtrail:us-east-1:111122223333:trail/x for the user: 111122223333',
    };
    const calls = [1, 2, 3].map((m) =>
      cloudtrail(
        'StopLogging',
        { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/x' },
        m,
        failed,
      ),
    );
    db = caseFileWith(calls);
    evaluateNotable(db);
    const [v] = notableRuleViews(db);
    expect(v).toMatchObject({
      id: 'cloudtrail-stopped',
      title: 'StopLogging called',
      events: 3,
      succeeded: 0,
      failed: 3,
      severity: 'critical',
    });
    expect(v.who).toEqual([{ label: 'leaked', events: 3 }]);
  });

  it('an AccessDenied LeaveOrganization and DeleteTrail are attempts: counted as failed, one step lower', () => {
    const leave = ctEvent({
      eventSource: 'organizations.amazonaws.com',
      eventName: 'LeaveOrganization',
      eventTime: at(1),
      userIdentity: ATTACKER,
      errorCode: 'AccessDenied',
      errorMessage: 'not authorized',
    });
    const del = cloudtrail('DeleteTrail', { name: 'org-trail' }, 2, {
      errorCode: 'AccessDenied',
      errorMessage: 'not authorized',
    });
    const user = ctEvent({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      eventTime: at(3),
      userIdentity: ATTACKER,
      requestParameters: { userName: 'x' },
    });
    const deniedUser = ctEvent({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      eventTime: at(4),
      userIdentity: ATTACKER,
      requestParameters: { userName: 'y' },
      errorCode: 'AccessDenied',
      errorMessage: 'no',
    });
    db = caseFileWith([leave, del, user, deniedUser]);
    evaluateNotable(db);
    const views = notableRuleViews(db);
    const byId = new Map(views.map((v) => [v.id, v]));
    expect(byId.get('org-leave')).toMatchObject({
      title: 'LeaveOrganization called',
      events: 1,
      succeeded: 0,
      severity: 'high',
      ruleSeverity: 'critical',
    });
    expect(byId.get('cloudtrail-deleted')).toMatchObject({
      title: 'DeleteTrail called',
      succeeded: 0,
      severity: 'critical',
    });
    // one success among the matches: the rule keeps its severity; the failed event alone is marked lower
    expect(byId.get('iam-user-created')).toMatchObject({
      events: 2,
      succeeded: 1,
      severity: 'medium',
    });
    expect(notableMarks(db, [rowid(db, user), rowid(db, deniedUser)])).toEqual(
      new Map([
        [rowid(db, user), severityRank('medium')],
        [rowid(db, deniedUser), severityRank('low')],
      ]),
    );
    expect(
      notableEvents(db, { limit: 10 }).find((e) => e.eventId === deniedUser.eventID)?.severity,
    ).toBe('low');
  });

  it('counts distinct events: one event two rules matched is one event', () => {
    const root = {
      type: 'Root',
      principalId: '111122223333',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
      accessKeyId: 'ASIAROOTSESSION00001',
    };
    const e = ctEvent({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      userIdentity: root,
      readOnly: false,
    });
    db = caseFileWith([e]);
    evaluateNotable(db);
    expect(rules(db, e).sort()).toEqual(['iam-access-key-created', 'root-activity']);
    expect(notableRuleViews(db).reduce((n, r) => n + r.events, 0)).toBe(2);
    expect(notableTotals(db)).toEqual({ events: 1, succeeded: 1 });
  });

  it('sorts by severity, count, first and last seen', () => {
    const list = [1, 2, 3, 4, 5].map((m) =>
      ctEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'ListBuckets',
        eventTime: at(10 + m),
        userIdentity: ATTACKER,
      }),
    );
    const stop = cloudtrail('StopLogging', { name: 't' }, 1);
    const user = ctEvent({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      eventTime: at(30),
      userIdentity: ATTACKER,
      requestParameters: { userName: 'x' },
    });
    db = caseFileWith([...list, stop, user]);
    evaluateNotable(db);
    const views = notableRuleViews(db);
    expect(views.map((v) => v.id)).toEqual([
      'cloudtrail-stopped',
      'iam-user-created',
      's3-list-buckets',
    ]);
    expect(sortRuleViews([...views], 'count').map((v) => v.id)[0]).toBe('s3-list-buckets');
    expect(sortRuleViews([...views], 'first').map((v) => v.id)).toEqual([
      'cloudtrail-stopped',
      's3-list-buckets',
      'iam-user-created',
    ]);
    expect(sortRuleViews([...views], 'last').map((v) => v.id)).toEqual([
      'iam-user-created',
      's3-list-buckets',
      'cloudtrail-stopped',
    ]);
  });
});

describe('notable rules judge like a responder', () => {
  it('10,000 AccessDenied by delivery.logs.amazonaws.com are not "someone probing": their own low rule', () => {
    const service = Array.from({ length: 40 }, (_, i) =>
      ctEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutObject',
        eventTime: at(0, i),
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied',
        userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' },
        sourceIPAddress: 'delivery.logs.amazonaws.com',
      }),
    );
    const probe = Array.from({ length: 12 }, (_, i) =>
      ctEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListUsers',
        eventTime: at(5, i),
        errorCode: 'AccessDenied',
        errorMessage: 'no',
        userIdentity: ATTACKER,
      }),
    );
    db = caseFileWith([...service, ...probe]);
    evaluateNotable(db);
    expect(rules(db, service[0])).toEqual(['service-denied-burst']);
    expect(rules(db, probe[0])).toEqual(['access-denied-burst']);
    const byId = new Map(notableRuleViews(db).map((v) => [v.id, v]));
    expect(byId.get('service-denied-burst')).toMatchObject({
      severity: 'low',
      events: 40,
      who: [{ label: 'delivery.logs.amazonaws.com', events: 40 }],
    });
    expect(byId.get('access-denied-burst')).toMatchObject({ severity: 'medium', events: 12 });
  });

  it('egress to 0.0.0.0/0 is a plain change; port 22 open to 208.236.235.254/0 is the whole internet', () => {
    const egress = ctEvent({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupEgress',
      readOnly: false,
      requestParameters: {
        groupId: 'sg-0a1b2c3d',
        ipPermissions: {
          items: [{ ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }],
        },
      },
    });
    const ingress = ctEvent({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      readOnly: false,
      requestParameters: {
        groupId: 'sg-0a1b2c3d',
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              ipRanges: { items: [{ cidrIp: '208.236.235.254/0' }] },
            },
          ],
        },
      },
    });
    db = caseFileWith([egress, ingress]);
    evaluateNotable(db);
    expect(rules(db, egress)).toEqual(['sg-changed']);
    expect(rules(db, ingress)).toEqual(['sg-open-to-world']);
  });

  it('an empty PutInsightSelectors right after CreateTrail is no reduction; after Insights were on, it is', () => {
    const create = cloudtrail(
      'CreateTrail',
      { name: 'defender-trail', s3BucketName: 'logs', isMultiRegionTrail: true },
      1,
    );
    const emptyNew = cloudtrail(
      'PutInsightSelectors',
      { trailName: 'defender-trail', insightSelectors: [] },
      1,
    );
    const on = cloudtrail(
      'PutInsightSelectors',
      {
        trailName: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/prod',
        insightSelectors: [{ insightType: 'ApiCallRateInsight' }],
      },
      2,
    );
    const off = cloudtrail('PutInsightSelectors', { trailName: 'prod', insightSelectors: [] }, 3);
    const unknown = cloudtrail(
      'PutEventSelectors',
      {
        trailName: 'legacy',
        eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }],
      },
      4,
    );
    const defaultsCut = cloudtrail(
      'PutEventSelectors',
      {
        trailName: 'defender-trail',
        eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }],
      },
      5,
    );
    const again = cloudtrail(
      'PutEventSelectors',
      {
        trailName: 'defender-trail',
        eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }],
      },
      6,
    );
    // same second as its CreateTrail, stored first: the trail still existed first
    db = caseFileWith([emptyNew, create, on, off, unknown, defaultsCut, again]);
    evaluateNotable(db);
    expect(rules(db, emptyNew)).toEqual([]);
    expect(rules(db, on)).toEqual([]);
    expect(rules(db, off)).toEqual(['cloudtrail-selectors-reduced']);
    expect(rules(db, unknown)).toEqual(['cloudtrail-selectors-unknown-previous']);
    expect(rules(db, defaultsCut)).toEqual(['cloudtrail-selectors-reduced']);
    expect(rules(db, again)).toEqual([]);
    const byId = new Map(notableRuleViews(db).map((v) => [v.id, v]));
    expect(byId.get('cloudtrail-selectors-unknown-previous')?.title).toMatch(
      /previous state unknown/,
    );
  });
});
