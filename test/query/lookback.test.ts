import { afterAll, describe, expect, it } from 'vitest';
import { caseFileWith } from '../helpers/case-file.js';
import {
  FilterError,
  compileFilter,
  compilePredicate,
  parseFilter,
  printFilter,
  sinceEcho,
} from '../../src/query/index.js';
import { parseLookback } from '../../src/query/time-values.js';
import { emitSql } from '../../src/query/dialects/emit.js';
import { normalizeRecord } from '../../src/ingest/normalize.js';

/**
 * `since:2h` counts back from the end of the evidence; `since:now-2h` from the clock. Evidence from
 * March with the clock in April: the first finds the last two hours of March, the second nothing
 * until the clock is put back.
 */
const TIMES = ['2026-03-12T20:00:00Z', '2026-03-12T22:30:00Z', '2026-03-12T23:58:00Z'];
const RECORDS = TIMES.map((t, i) => ({
  eventVersion: '1.09',
  eventID: `e-${i}`,
  eventTime: t,
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
}));
const db = caseFileWith(RECORDS);
afterAll(() => db.close());
const END = Date.parse(TIMES[2]);
const APRIL = Date.parse('2026-04-20T12:00:00Z');

function sqlIds(text: string, now: number): string[] {
  const f = compileFilter(text, { now });
  return db
    .prepare(`SELECT e.event_id FROM events e WHERE ${f.where} ORDER BY e.event_id`)
    .pluck()
    .all(...f.params) as string[];
}
function jsIds(text: string, now: number): string[] {
  const p = compilePredicate(parseFilter(text), { evidenceEndMs: END, nowMs: now });
  return RECORDS.map((r) => normalizeRecord(r))
    .filter(p)
    .map((e) => e.eventId);
}

describe('since: from the end of the evidence, or from now', () => {
  it('reads the two spellings, and nothing else as a lookback', () => {
    expect(parseLookback('2h')).toEqual({ ms: 7_200_000, from: 'evidence' });
    expect(parseLookback('now-2h')).toEqual({ ms: 7_200_000, from: 'now' });
    expect(parseLookback('NOW-1.5d')).toEqual({ ms: 129_600_000, from: 'now' });
    for (const bad of ['now', 'now-', 'now+2h', 'now-2x', '2024-04-11'])
      expect(parseLookback(bad)).toBeNull();
  });

  it('SQLite and the JavaScript predicate count now-… back from the clock, 2h from the last event', () => {
    for (const now of [APRIL, Date.parse('2026-03-13T00:30:00Z')]) {
      for (const text of ['since:2h', 'since:now-2h', 'last:now-4h', '-since:now-2h']) {
        expect(sqlIds(text, now), `${text} at ${new Date(now).toISOString()}`).toEqual(
          jsIds(text, now),
        );
      }
    }
    expect(sqlIds('since:2h', APRIL)).toEqual(['e-1', 'e-2']);
    expect(sqlIds('since:now-2h', APRIL)).toEqual([]);
    expect(sqlIds('since:now-2h', Date.parse('2026-03-13T00:30:00Z'))).toEqual(['e-1', 'e-2']);
    expect(compileFilter('since:now-2h', { now: APRIL }).timeRange).toEqual({
      fromMs: APRIL - 7_200_000,
    });
  });

  it('a wrong value says what since: takes', () => {
    for (const text of ['since:now', 'since:now+2h']) {
      let err: unknown;
      try {
        compileFilter(text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(FilterError);
      expect((err as FilterError).message).toMatch(/from now \(now-2h\)/);
    }
  });

  it('prints back as written, and the echo names the instant each window starts', () => {
    const tree = parseFilter('since:now-2h name:GetObject');
    expect(printFilter(tree)).toBe('since:now-2h name:GetObject');
    const fmt = (ms: number) => new Date(ms).toISOString();
    expect(sinceEcho(parseFilter('since:now-2h'), END, fmt, APRIL)).toBe(
      'since:now-2h = from 2026-04-20T10:00:00.000Z',
    );
    expect(sinceEcho(parseFilter('since:2h'), END, fmt, APRIL)).toBe(
      'since:2h = from 2026-03-12T21:58:00.000Z',
    );
    expect(sinceEcho(parseFilter('since:now-2h'), null, fmt, APRIL)).toMatch(/from 2026-04-20/);
  });

  it('other engines count now-… back from their own clock, with no warning', () => {
    const athena = emitSql(parseFilter('since:now-2h'), 'athena');
    expect(athena.sql).toContain(
      "to_unixtime(from_iso8601_timestamp(eventtime)) * 1000 >= to_unixtime(current_timestamp - interval '7200' second) * 1000",
    );
    expect(athena.warnings).toEqual([]);
    // partitions are days: a day early on the engine's clock, so a session zone cannot lose one
    expect(athena.sql).toContain(
      `"timestamp" >= date_format(current_timestamp - interval '7200' second - interval '1' day, '%Y/%m/%d')`,
    );
    expect(emitSql(parseFilter('since:2h'), 'athena').warnings.join()).toMatch(
      /counts back from now on athena/,
    );
    expect(emitSql(parseFilter('since:now-2h'), 'security-lake').sql).toContain(
      "current_timestamp - interval '7200' second",
    );
    expect(emitSql(parseFilter('since:now-90s'), 'duckdb').sql).toContain(
      'trailscope.time_ms >= epoch_ms(current_timestamp) - 90000',
    );
  });
});
