import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { getInsights } from '../../src/case/insights.js';
import { compileFilter } from '../../src/query/index.js';
import { countEvents } from '../../src/store/event-pages.js';
import type { Database } from '../../src/store/db.js';

let db: Database | undefined;
afterEach(() => db?.close());

const BASE = Date.UTC(2024, 3, 11, 0, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/** One call to DescribeInstances every 10 minutes for a day, plus a burst of 40 GetObject calls/min by mallory. */
function evidence(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let m = 0; m < 24 * 60; m += 10) out.push(ctEvent({ eventTime: iso(BASE + m * 60_000) }));
  for (let m = 0; m < 24 * 60; m += 30)
    out.push(
      ctEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        eventTime: iso(BASE + m * 60_000 + 7000),
      }),
    );
  const mallory = {
    type: 'IAMUser',
    principalId: 'AIDAM',
    arn: 'arn:aws:iam::111122223333:user/mallory',
    accountId: '111122223333',
    userName: 'mallory',
  };
  for (let m = 600; m < 603; m++) {
    for (let i = 0; i < 40; i++) {
      out.push(
        ctEvent({
          userIdentity: mallory,
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          eventTime: iso(BASE + m * 60_000 + i * 1000),
        }),
      );
    }
  }
  out.push(
    ctEvent({
      eventVersion: '1.07',
      eventType: 'AwsCloudTrailInsight',
      eventCategory: 'Insight',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      userIdentity: undefined,
      eventTime: iso(BASE + 700 * 60_000),
      insightDetails: {
        state: 'Start',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        insightType: 'ApiCallRateInsight',
        insightContext: { statistics: { baseline: { average: 0.5 }, insight: { average: 12 } } },
      },
    }),
  );
  return out;
}

describe('offline insights over a case file', () => {
  it('finds the burst with its window, baseline, observed rate, top identity and a working filter', () => {
    db = caseFileWith(evidence());
    const report = getInsights(db);
    const byName = report.windows.filter((w) => w.scope === 'event-name' && w.metric === 'calls');
    expect(byName).toHaveLength(1);
    const w = byName[0];
    expect(w.eventName).toBe('GetObject');
    expect(w.start).toBe(BASE + 600 * 60_000);
    expect(w.end).toBe(BASE + 603 * 60_000);
    expect(w.total).toBe(121); // the burst plus alice's usual call at 10:00
    expect(w.baseline).toBeLessThan(0.1);
    expect(w.observed).toBeCloseTo(121 / 3, 5);
    expect(w.topIdentities[0]).toEqual({ who: 'mallory', events: 120 });
    expect(countEvents(db, compileFilter(w.filter))).toBe(121);
    // the account/region series sees the same burst
    expect(
      report.windows.some(
        (x) =>
          x.scope === 'account-region' &&
          x.accountId === '111122223333' &&
          x.region === 'us-east-1',
      ),
    ).toBe(true);
    // no window for the steady DescribeInstances calls
    expect(report.windows.some((x) => x.eventName === 'DescribeInstances')).toBe(false);
  });

  it('lists CloudTrail Insights events found in the evidence, with their statistics', () => {
    db = caseFileWith(evidence());
    const { evidence: found } = getInsights(db);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      state: 'Start',
      insightType: 'ApiCallRateInsight',
      eventName: 'RunInstances',
      baselineAverage: 0.5,
      insightAverage: 12,
    });
  });

  it('caches the windows and serves them until events are added', () => {
    db = caseFileWith(evidence());
    const first = getInsights(db);
    db.prepare('UPDATE insight_windows SET total = -1').run(); // proves the second call reads the cache
    expect(getInsights(db).windows[0].total).toBe(-1);
    expect(getInsights(db, { refresh: true }).windows).toEqual(first.windows);
  });

  it('an empty case file has no span and no windows', () => {
    db = caseFileWith([]);
    expect(getInsights(db)).toEqual({ span: null, windows: [], evidence: [] });
  });
});
