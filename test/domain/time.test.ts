// Times are never moved: an impossible calendar date or an out-of-range time is not rolled over to
// another instant (what `Date` does), it is unparsed: kept as written and flagged at ingest, an
// error in a filter.
import { describe, expect, it } from 'vitest';
import { daysInMonth, parseEventTime, parseLooseTime, utcInstant } from '../../src/domain/time.js';
import { compileFilter, FilterError, parseTimeSpan } from '../../src/query/index.js';
import { normalizeRecord } from '../../src/ingest/normalize.js';
import { unwrapItem } from '../../src/ingest/unwrap.js';
import { ctEvent } from '../helpers/case-file.js';

const IMPOSSIBLE = [
  '2024-02-30T00:00:00Z',
  '2024-02-31T12:00:00Z',
  '2023-02-29T00:00:00Z',
  '2024-04-31T00:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-00-10T00:00:00Z',
  '2024-01-00T00:00:00Z',
  '2024-01-32T00:00:00Z',
  '2024-01-01T25:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T23:60:00Z',
  '2024-01-01T23:59:60Z',
  '2024-01-01T23:59:99Z',
  '2024-01-01T00:00:00+25:00',
  '2024-01-01T00:00:00+05:60',
  '0000-01-01T00:00:00Z',
  '2024-02-30 10:00:00',
];

describe('parseEventTime', () => {
  it('reads the forms CloudTrail and its exports write', () => {
    expect(parseEventTime('2024-04-11T12:34:56Z')).toBe(Date.UTC(2024, 3, 11, 12, 34, 56));
    expect(parseEventTime('2024-04-11T12:34:56.789Z')).toBe(Date.UTC(2024, 3, 11, 12, 34, 56, 789));
    expect(parseEventTime('2024-04-11T12:34:56.78912Z')).toBe(
      Date.UTC(2024, 3, 11, 12, 34, 56, 789),
    );
    expect(parseEventTime('2024-04-11T14:34:56+02:00')).toBe(Date.UTC(2024, 3, 11, 12, 34, 56));
    expect(parseEventTime('2024-04-11T07:04:56-0530')).toBe(Date.UTC(2024, 3, 11, 12, 34, 56));
    expect(parseEventTime('2024-04-11 12:34:56')).toBe(Date.UTC(2024, 3, 11, 12, 34, 56));
    expect(parseEventTime('2024-04-11T12:34')).toBe(Date.UTC(2024, 3, 11, 12, 34));
    expect(parseEventTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseEventTime('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseEventTime('1712838896')).toBe(1712838896000);
    expect(parseEventTime('1712838896123')).toBe(1712838896123);
  });

  it('years below 100 are those years, not 19xx', () => {
    expect(new Date(parseEventTime('0024-03-01T00:00:00Z')!).getUTCFullYear()).toBe(24);
  });

  it.each(IMPOSSIBLE)('%s is unparsed, not rolled over', (t) => {
    expect(parseEventTime(t)).toBeNull();
  });

  it('knows the calendar', () => {
    expect([2023, 2024, 1900, 2000].map((y) => daysInMonth(y, 2))).toEqual([28, 29, 28, 29]);
    expect(utcInstant(2024, 4, 31)).toBeNull();
    expect(utcInstant(2024, 12, 31, 23, 59, 59, 999)).toBe(Date.UTC(2024, 11, 31, 23, 59, 59, 999));
  });
});

describe('parseLooseTime (STS expiration and friends)', () => {
  it('reads the loose forms and refuses the impossible ones instead of moving them', () => {
    expect(parseLooseTime('Apr 11, 2024, 1:34:56 PM')).toBe(Date.UTC(2024, 3, 11, 13, 34, 56));
    expect(parseLooseTime('Feb 29, 2024, 1:34:56 PM')).toBe(Date.UTC(2024, 1, 29, 13, 34, 56));
    expect(parseLooseTime('Feb 30, 2024, 1:34:56 PM')).toBeNull();
    expect(parseLooseTime('Feb 29, 2023, 1:34:56 PM')).toBeNull();
    expect(parseLooseTime('2024/02/30 10:00:00')).toBeNull();
    for (const t of IMPOSSIBLE) expect(parseLooseTime(t)).toBeNull();
  });
});

describe('ingest keeps an impossible eventTime as written and flags it', () => {
  it.each(['2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T25:00:00Z'])('%s', (t) => {
    const e = normalizeRecord(ctEvent({ eventTime: t }));
    expect(e.timeValid).toBe(false);
    expect(e.eventTime).toBe(t);
    expect(e.timeMs).toBe(0);
    expect(JSON.parse(e.raw).eventTime).toBe(t);
  });
});

describe('lookup-events entries rebuilt from their fields', () => {
  it('an EventTime out of range is kept as written and flagged instead of failing the file', () => {
    const entry = (t: number) =>
      unwrapItem(
        { EventId: 'e1', EventName: 'GetObject', EventSource: 's3.amazonaws.com', EventTime: t },
        'Events',
      );
    for (const t of [1e300, -1e20]) {
      const u = entry(t);
      expect(u.kind).toBe('event');
      const e = normalizeRecord((u as { record: Record<string, unknown> }).record);
      expect(e.timeValid).toBe(false);
      expect(e.eventTime).toBe(String(t));
    }
    const ok = normalizeRecord((entry(1712838896) as { record: Record<string, unknown> }).record);
    expect(ok.timeMs).toBe(1712838896000);
  });
});

describe('filters: an impossible time is an error, never another instant', () => {
  it.each([
    'after:2024-02-30',
    'before:2024-13-01',
    'on:2024-01-01T25',
    'after:2024-01-01T23:59:60Z',
    'after:2024-01-01T10:00+25:00',
    'on:2023-02-29',
  ])('%s', (f) => {
    expect(() => compileFilter(f)).toThrow(FilterError);
  });

  it('possible ones still work, years below 100 included', () => {
    expect(() => compileFilter('after:2024-02-29')).not.toThrow();
    expect(parseTimeSpan('2024-02-29')).toEqual({
      start: Date.UTC(2024, 1, 29),
      end: Date.UTC(2024, 2, 1),
    });
    expect(parseTimeSpan('2024-04-11T13:05+02:00')).toEqual({
      start: Date.UTC(2024, 3, 11, 11, 5),
      end: Date.UTC(2024, 3, 11, 11, 6),
    });
    expect(new Date(parseTimeSpan('0024-03-01')!.start).getUTCFullYear()).toBe(24);
  });
});
