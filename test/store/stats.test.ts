import { describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { compileFilter } from '../../src/query/index.js';
import type { SqlFilter } from '../../src/store/filter-sql.js';
import {
  histogramBuckets,
  MAX_BUCKETS,
  totals,
  TooManyBucketsError,
  valueCounts,
} from '../../src/store/stats.js';

function db() {
  return caseFileWith([
    ctEvent({ eventID: 's1', eventTime: '2024-04-11T10:05:00Z', eventName: 'ListBuckets' }),
    ctEvent({
      eventID: 's2',
      eventTime: '2024-04-11T10:10:00Z',
      eventName: 'ListBuckets',
      errorCode: 'AccessDenied',
    }),
    ctEvent({
      eventID: 's3',
      eventTime: '2024-04-11T12:00:00Z',
      eventName: 'GetObject',
      readOnly: false,
    }),
    ctEvent({ eventID: 's4', eventTime: 'not a time', eventName: 'GetObject' }),
    ctEvent({
      eventID: 's5',
      eventTime: '2024-04-11T12:30:00Z',
      eventName: 'AssumeRole',
      userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      resources: [{ ARN: 'arn:aws:iam::111122223333:role/R', type: 'AWS::IAM::Role' }],
    }),
  ]);
}

describe('stats', () => {
  it('totals events, errors, span and untimed events', () => {
    expect(totals(db(), compileFilter(''))).toEqual({
      events: 5,
      errors: 1,
      untimed: 1,
      firstMs: Date.parse('2024-04-11T10:05:00Z'),
      lastMs: Date.parse('2024-04-11T12:30:00Z'),
    });
    expect(totals(db(), compileFilter('name:nothing'))).toEqual({
      events: 0,
      errors: 0,
      firstMs: null,
      lastMs: null,
      untimed: 0,
    });
  });

  it('counts values, most frequent first, with the number of distinct values', () => {
    const d = db();
    expect(valueCounts(d, compileFilter(''), { kind: 'dict', field: 'event_name' }, 2)).toEqual({
      distinct: 3,
      values: [
        { value: 'GetObject', count: 2 },
        { value: 'ListBuckets', count: 2 },
      ],
    });
    // unfiltered, the events without an error code are counted as all events less those with one
    // (the error code's index holds only the latter)
    expect(valueCounts(d, compileFilter(''), { kind: 'dict', field: 'error_code' })).toEqual({
      distinct: 2,
      values: [
        { value: null, count: 4 },
        { value: 'AccessDenied', count: 1 },
      ],
    });
    expect(
      valueCounts(d, compileFilter(''), { kind: 'dict', field: 'session_issuer_arn' }),
    ).toEqual({ distinct: 1, values: [{ value: null, count: 5 }] });
    expect(
      valueCounts(d, compileFilter('name:ListBuckets'), { kind: 'dict', field: 'error_code' }),
    ).toEqual({
      distinct: 2,
      values: [
        { value: null, count: 1 },
        { value: 'AccessDenied', count: 1 },
      ],
    });
    expect(
      valueCounts(d, compileFilter(''), { kind: 'column', column: 'read_only' }).values,
    ).toEqual([
      { value: 1, count: 4 },
      { value: 0, count: 1 },
    ]);
    // a multi-valued field's "missing" bucket is every event with no value at all: what -has:resourceType selects
    expect(valueCounts(d, compileFilter(''), { kind: 'resource', part: 'type' }).values).toEqual([
      { value: null, count: 4 },
      { value: 'AWS::IAM::Role', count: 1 },
    ]);
  });

  it('labels identities by ARN, else the invoking service', () => {
    const v = valueCounts(db(), compileFilter(''), { kind: 'identity' });
    expect(v.values).toEqual([
      { value: 'arn:aws:iam::111122223333:user/alice', count: 4 },
      { value: 'ec2.amazonaws.com', count: 1 },
    ]);
  });

  it('buckets events and errors over time, empty buckets included', () => {
    const b = histogramBuckets(db(), compileFilter(''), 3_600_000);
    expect(
      b.map((x) => [new Date(x.startMs).toISOString().slice(11, 16), x.events, x.errors]),
    ).toEqual([
      ['10:00', 2, 1],
      ['11:00', 0, 0],
      ['12:00', 2, 0],
    ]);
    expect(histogramBuckets(db(), compileFilter('name:none'), 60_000)).toEqual([]);
  });

  it('counts the unfiltered histogram by index ranges with the same result as grouping', () => {
    const d = db();
    for (const step of [60_000, 3_600_000, 86_400_000]) {
      expect(histogramBuckets(d, compileFilter(''), step)).toEqual(
        histogramBuckets(d, compileFilter('has:id'), step),
      );
    }
  });

  it('refuses absurd bucket counts', () => {
    expect(() => histogramBuckets(db(), compileFilter(''), 1)).toThrow(TooManyBucketsError);
    expect(MAX_BUCKETS).toBeGreaterThan(1000);
  });
});

describe('value counts through the complement', () => {
  it('equal the direct counts for broad filters', async () => {
    const { compileAst, negateAst } = await import('../../src/query/index.js');
    const d = db();
    for (const text of [
      '-error:*',
      '-error:* -type:service',
      'NOT (name:ListBuckets OR ip:10.0.0.0/8)',
      '-name:GetObject,AssumeRole',
      '',
    ]) {
      const f = compileFilter(text);
      const complement = compileAst(negateAst(f.ast));
      const all = d.prepare('SELECT count(*) FROM events').pluck().get() as number;
      const n = (x: SqlFilter) =>
        d
          .prepare(`SELECT count(*) FROM events e WHERE ${x.where}`)
          .pluck()
          .get(...x.params) as number;
      expect(n(f) + n(complement), text).toBe(all);
      for (const key of [
        { kind: 'dict', field: 'event_name' },
        { kind: 'identity' },
        { kind: 'column', column: 'read_only' },
        { kind: 'resource', part: 'type' },
      ] as const) {
        expect(valueCounts(d, f, key, 3, { complement }), `${text} ${key.kind}`).toEqual(
          valueCounts(d, f, key, 3),
        );
      }
    }
  });
});
