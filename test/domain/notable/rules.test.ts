import { describe, expect, it } from 'vitest';
import { RULES, ruleById } from '../../../src/domain/notable/rules.js';
import { eventRuleMatches, matchingEventRules } from '../../../src/domain/notable/match.js';
import { matchSeverity, SEVERITIES, type EventFacts } from '../../../src/domain/notable/types.js';
import { isWholeInternet, loggingChangeSucceeded } from '../../../src/domain/notable/predicates.js';
import { normalizeRecord } from '../../../src/ingest/normalize.js';
import { EVENT_RULE_CASES } from './fixtures.js';
import { idOf, ruleHits } from './rule-harness.js';

/** The facts the index-time evaluator reads, produced by the real normalizer. */
function factsOf(record: Record<string, unknown>): EventFacts {
  const n = normalizeRecord(record);
  const s = n.strings;
  return {
    eventName: s.event_name,
    eventSource: s.event_source,
    identityType: s.identity_type,
    invokedBy: s.invoked_by,
    eventType: s.event_type,
    errorCode: s.error_code,
    errorMessage: s.error_message,
    mfa: n.mfa === null ? null : n.mfa ? 1 : 0,
    reqText: n.reqText,
    request: () => record.requestParameters,
  };
}

describe('notable rules as data', () => {
  it('have unique ids and complete descriptions', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z0-9-]+$/);
      expect(r.title.length).toBeGreaterThan(3);
      expect(r.why.length).toBeGreaterThan(10);
      expect(SEVERITIES).toContain(r.severity);
      expect(r.mitre.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(ruleById(r.id)).toBe(r);
    }
  });

  it('every per-event rule has positive and negative cases', () => {
    for (const r of RULES.filter((x) => x.kind === 'event')) {
      const cases = EVENT_RULE_CASES[r.id];
      expect(cases, `cases for ${r.id}`).toBeDefined();
      expect(cases.positive.length, `positive for ${r.id}`).toBeGreaterThan(0);
      expect(cases.negative.length, `negative for ${r.id}`).toBeGreaterThan(0);
    }
  });

  for (const rule of RULES) {
    if (rule.kind !== 'event') continue;
    const cases = EVENT_RULE_CASES[rule.id];
    if (!cases) continue;
    // Positives and look-alikes go into separate case files (a look-alike must not be rescued by
    // a positive's burst), each with the rule's context events.
    it(`${rule.id}: matches its positives and not its look-alikes`, () => {
      const context = cases.context ?? [];
      const hits = ruleHits([...context, ...cases.positive], rule);
      cases.positive.forEach((rec, i) => expect(hits.has(idOf(rec)), `positive #${i}`).toBe(true));
      const misses = ruleHits([...context, ...cases.negative], rule);
      cases.negative.forEach((rec, i) =>
        expect(misses.has(idOf(rec)), `look-alike #${i}`).toBe(false),
      );
    });
  }

  it('a rule that judges its calls has a look-alike with one of its event names', () => {
    // rules without a predicate flag every call of their names by design (the bench shows their share)
    for (const r of RULES) {
      if (r.kind !== 'event' || !r.names || !r.when) continue;
      const names = (EVENT_RULE_CASES[r.id]?.negative ?? []).map((rec) => rec.eventName);
      expect(
        names.some((n) => r.names!.includes(n as string)),
        `${r.id}: look-alikes ${names.join(', ')}`,
      ).toBe(true);
    }
  });

  it('a world-open security group grant is flagged high, not also as a plain change', () => {
    const open = EVENT_RULE_CASES['sg-open-to-world'].positive[0];
    expect(matchingEventRules(RULES, factsOf(open)).map((r) => r.id)).toEqual(['sg-open-to-world']);
  });
});

describe('rules state outcomes', () => {
  const stop = ruleById('cloudtrail-stopped')!;
  const user = ruleById('iam-user-created')!;

  it('titles say what was attempted, not what happened', () => {
    expect(stop.title).toBe('StopLogging called');
    expect(ruleById('cloudtrail-deleted')!.title).toBe('DeleteTrail called');
    expect(ruleById('org-leave')!.title).toBe('LeaveOrganization called');
    for (const r of RULES)
      expect(r.title, r.id).not.toMatch(
        /\b(stopped|deleted|left the organization|made public|opened to)\b/i,
      );
  });

  it('a failed-only match is one severity step lower unless the rule says attempts matter', () => {
    expect(matchSeverity(user, true)).toBe('medium');
    expect(matchSeverity(user, false)).toBe('low');
    expect(matchSeverity(ruleById('org-leave')!, false)).toBe('high');
    expect(matchSeverity(ruleById('s3-list-buckets')!, false)).toBe('info');
    // StopLogging: the attempt is the finding
    expect(matchSeverity(stop, false)).toBe('critical');
  });
});

describe('rules judge like a responder', () => {
  it('any /0, however written, is the whole internet; narrower ranges are not', () => {
    for (const c of [
      '0.0.0.0/0',
      '208.236.235.254/0',
      '::/0',
      '0::/0',
      '0:0:0:0:0:0:0:0/0',
      '2001:db8::/0',
      '::/00',
      ' 10.1.2.3/0 ',
    ]) {
      expect(isWholeInternet(c), c).toBe(true);
    }
    for (const c of [
      '0.0.0.0/1',
      '208.236.235.254/32',
      '::/1',
      '2001:db8::/10',
      'sg-0123',
      '0/0x',
      '',
    ])
      expect(isWholeInternet(c), c).toBe(false);
  });

  it('a world-open ingress grant that failed still matches, as an attempt', () => {
    const failedOpen = EVENT_RULE_CASES['sg-open-to-world'].positive.at(-1)!;
    expect(factsOf(failedOpen).errorCode).toBe('AccessDenied');
    expect(matchingEventRules(RULES, factsOf(failedOpen)).map((r) => r.id)).toEqual([
      'sg-open-to-world',
    ]);
  });

  it('"a logging change that succeeded" is one predicate', () => {
    const ok = {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      errorCode: null,
      errorMessage: null,
    };
    expect(loggingChangeSucceeded(ok)).toBe(true);
    expect(
      loggingChangeSucceeded({
        ...ok,
        errorCode: 'TrailNotFoundException',
        errorMessage: 'Unknown trail',
      }),
    ).toBe(false);
    expect(loggingChangeSucceeded({ ...ok, eventName: 'DescribeTrails' })).toBe(false);
    expect(loggingChangeSucceeded({ ...ok, eventSource: 'cloudwatch.amazonaws.com' })).toBe(false);
  });
});
