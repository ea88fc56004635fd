// Times are never moved: an impossible calendar date or an out-of-range time is not rolled over to
// another instant (what `Date` does), it is unparsed: kept as written and flagged at ingest, an
// error in a filter.
import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  formatTime,
  formatTimeRange,
  NO_TIME,
  parseEventTime,
  parseLooseTime,
  utcInstant,
  type TimeStyle,
} from '../../src/domain/time.js';
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

describe('formatTime: the one way a time is shown', () => {
  const at = Date.UTC(2026, 2, 12, 23, 58, 14, 0);

  it('writes every style', () => {
    const all: Record<TimeStyle, string> = {
      iso: '2026-03-12T23:58:14Z',
      table: '2026-03-12 23:58:14',
      short: '03-12 23:58:14',
      minute: '2026-03-12 23:58',
      'short-minute': '03-12 23:58',
      clock: '23:58:14',
      'clock-minute': '23:58',
      date: '2026-03-12',
      stamp: '20260312-235814Z',
    };
    for (const [style, text] of Object.entries(all))
      expect(formatTime(at, style as TimeStyle), style).toBe(text);
    expect(formatTime(at)).toBe(all.iso);
  });

  it('is what toISOString says, to the second, for every style that contains it', () => {
    for (const ms of [at, 1, 951_782_400_000, 4_102_444_799_000, -86_400_000]) {
      const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
      expect(formatTime(ms)).toBe(iso);
      expect(formatTime(ms, 'table')).toBe(iso.replace('T', ' ').replace('Z', ''));
      expect(formatTime(ms, 'date')).toBe(iso.slice(0, 10));
    }
  });

  it('adds the zone and drops zero seconds only when asked', () => {
    const onMinute = Date.UTC(2026, 2, 12, 2, 14);
    expect(formatTime(onMinute, 'iso', { trimZeroSeconds: true })).toBe('2026-03-12T02:14Z');
    expect(formatTime(at, 'iso', { trimZeroSeconds: true })).toBe('2026-03-12T23:58:14Z');
    expect(formatTime(onMinute, 'table', { zone: true, trimZeroSeconds: true })).toBe(
      '2026-03-12 02:14Z',
    );
    expect(formatTime(at, 'minute', { zone: true })).toBe('2026-03-12 23:58Z');
    // iso and stamp carry their zone already, date has no time to zone
    expect(formatTime(at, 'iso', { zone: true })).toBe('2026-03-12T23:58:14Z');
    expect(formatTime(at, 'date', { zone: true })).toBe('2026-03-12');
  });

  it('formats the epoch itself (0 is a time, not "missing")', () => {
    expect(formatTime(0)).toBe('1970-01-01T00:00:00Z');
    expect(formatTime(0, 'short')).toBe('01-01 00:00:00');
    expect(formatTime(0, 'stamp')).toBe('19700101-000000Z');
  });

  it('writes years below 1000 with four digits, and years outside 0-9999 in the ISO extended form', () => {
    const y999 = utcInstant(999, 12, 31, 23, 59, 59)!;
    expect(formatTime(y999)).toBe('0999-12-31T23:59:59Z');
    expect(formatTime(utcInstant(5, 1, 2)!, 'date')).toBe('0005-01-02');
    expect(formatTime(Date.UTC(-1, 0, 1), 'date')).toBe('-000001-01-01');
    expect(formatTime(Date.UTC(10000, 0, 1), 'date')).toBe('+010000-01-01');
  });

  it('drops milliseconds instead of rounding them into the next second (or day)', () => {
    const lastMs = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
    expect(formatTime(lastMs)).toBe('2026-12-31T23:59:59Z');
    expect(formatTime(lastMs, 'date')).toBe('2026-12-31');
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 0, 0, 500), 'clock')).toBe('00:00:00');
    // before the epoch too: -1 ms is the last second of 1969
    expect(formatTime(-1)).toBe('1969-12-31T23:59:59Z');
    expect(formatTime(1.7)).toBe('1970-01-01T00:00:00Z');
  });

  it('shows a stable placeholder for what is not a time, in every style, and never throws', () => {
    const styles: TimeStyle[] = ['iso', 'table', 'short', 'minute', 'clock', 'date', 'stamp'];
    for (const bad of [NaN, Infinity, -Infinity, 8.64e15 + 1, -8.64e15 - 1])
      for (const style of styles) expect(formatTime(bad, style)).toBe(NO_TIME);
    expect(NO_TIME).not.toMatch(/invalid/i);
    expect(formatTime(8.64e15, 'date')).toBe('+275760-09-13');
  });

  it('writes a range without the date its end shares with its start', () => {
    const a = Date.UTC(2026, 2, 10, 0, 0, 0);
    expect(formatTimeRange(a, Date.UTC(2026, 2, 10, 2, 18, 5))).toBe('2026-03-10 00:00 → 02:18');
    expect(formatTimeRange(a, Date.UTC(2026, 2, 12, 23, 58, 14))).toBe(
      '2026-03-10 00:00 → 03-12 23:58',
    );
    expect(formatTimeRange(a, Date.UTC(2027, 0, 1, 1, 2, 3), 'table')).toBe(
      '2026-03-10 00:00:00 → 2027-01-01 01:02:03',
    );
    expect(formatTimeRange(a, Date.UTC(2026, 2, 12, 23, 58), 'minute', { zone: true })).toBe(
      '2026-03-10 00:00Z → 03-12 23:58Z',
    );
    expect(formatTimeRange(a, NaN)).toBe(`2026-03-10 00:00 → ${NO_TIME}`);
  });
});
