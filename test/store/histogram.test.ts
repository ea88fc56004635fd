import { describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { histogram, timeSpan } from '../../src/store/histogram.js';
import { MATCH_ALL } from '../../src/store/filter-sql.js';

const at = (iso: string, over: Record<string, unknown> = {}) =>
  ctEvent({ eventTime: iso, ...over });

describe('histogram', () => {
  const db = caseFileWith([
    at('2024-04-11T00:00:00Z'),
    at('2024-04-11T00:30:00Z', { eventName: 'AssumeRole' }),
    at('2024-04-11T05:59:00Z'),
    at('2024-04-11T06:00:00Z', { eventName: 'AssumeRole' }),
    at('not a time'),
  ]);

  it('spans the timed events of a filter', () => {
    expect(timeSpan(db, MATCH_ALL)).toEqual({
      from: Date.parse('2024-04-11T00:00:00Z'),
      to: Date.parse('2024-04-11T06:00:00Z'),
    });
    const names = {
      where: `e.event_name_ref IN (SELECT id FROM dict WHERE field = 'event_name' AND value = ?)`,
      params: ['AssumeRole'],
    };
    expect(timeSpan(db, names)).toEqual({
      from: Date.parse('2024-04-11T00:30:00Z'),
      to: Date.parse('2024-04-11T06:00:00Z'),
    });
    expect(timeSpan(db, { where: '0', params: [] })).toBeNull();
  });

  it('counts per bucket over the span, every timed event in exactly one bucket', () => {
    const h = histogram(db, MATCH_ALL, { buckets: 6 })!;
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(h.counts[0]).toBe(2);
    expect(h.counts[5]).toBe(2);
    expect(h.to).toBe(Date.parse('2024-04-11T06:00:00Z'));
    const fixed = histogram(db, MATCH_ALL, {
      buckets: 2,
      from: Date.parse('2024-04-11T00:00:00Z'),
      to: Date.parse('2024-04-11T01:00:00Z'),
    })!;
    expect(fixed.counts).toEqual([2, 0]);
  });
});
