import { describe, expect, it } from 'vitest';
import {
  axisLabels,
  bucketRange,
  bucketTerms,
  fitSpan,
  moveCursor,
  NICE_BUCKETS,
  zoomIn,
  zoomOut,
} from '../../../src/tui/triage/timeline-state.js';
import { chartRows, GLYPH, runs } from '../../../src/tui/triage/timeline-chart.js';
import { facetForColumn, facetTerm } from '../../../src/tui/triage/facet-fields.js';
import { compileFilter } from '../../../src/query/index.js';

const T0 = Date.UTC(2024, 3, 11, 10, 7, 13);

describe('timeline state', () => {
  it("fits exactly the events' range: whole-second buckets from the first event, cursor at the end", () => {
    const span = { from: T0 + 400, to: T0 + 3 * 3_600_000 };
    const s = fitSpan(span, 60);
    expect(s.bucketMs % 1000).toBe(0);
    expect(s.from).toBe(T0);
    expect(bucketRange(s).to).toBeGreaterThan(span.to);
    expect(bucketRange(s).from).toBeLessThanOrEqual(span.to);
    // the chart ends within one second per column of the last event: no empty half screen
    expect(s.from + s.buckets * s.bucketMs - span.to).toBeLessThanOrEqual(s.buckets * 1000);
    expect(s.cursor).toBe(59);
  });
  it('labels the axis with times at the columns they stand for', () => {
    const s = { from: Date.UTC(2024, 3, 11, 13, 0, 0), bucketMs: 60_000, buckets: 60, cursor: 0 };
    const axis = axisLabels(s, 60, 16);
    expect(axis.length).toBe(60);
    expect(axis.startsWith('╵13:00')).toBe(true);
    const at = axis.indexOf('╵13:', 1);
    expect(axis.slice(at + 1, at + 6)).toBe(`13:${String(at).padStart(2, '0')}`);
    const days = { ...s, bucketMs: 3_600_000 };
    expect(axisLabels(days, 60)).toMatch(/^╵04-11 13:00/);
  });
  it('zooms in and out around the cursor, keeping its instant under it', () => {
    const s = fitSpan({ from: T0, to: T0 + 86_400_000 }, 100);
    const at = bucketRange(s, 40);
    const mid = { ...s, cursor: 40 };
    const zin = zoomIn(mid);
    expect(zin.bucketMs).toBeLessThan(s.bucketMs);
    const r = bucketRange(zin);
    const instant = (at.from + at.to) / 2;
    expect(r.from).toBeLessThanOrEqual(instant);
    expect(r.to).toBeGreaterThan(instant);
    expect(NICE_BUCKETS).toContain(zin.bucketMs);
    expect(zoomOut(zin).bucketMs).toBeGreaterThan(zin.bucketMs);
    expect(zoomOut(zoomIn(zin)).bucketMs).toBe(zin.bucketMs);
  });
  it('pans past the edges', () => {
    const s = { from: 0, bucketMs: 1000, buckets: 10, cursor: 9 };
    expect(moveCursor(s, 3)).toEqual({ from: 3000, bucketMs: 1000, buckets: 10, cursor: 9 });
    expect(moveCursor({ ...s, cursor: 0 }, -2)).toEqual({
      from: -2000,
      bucketMs: 1000,
      buckets: 10,
      cursor: 0,
    });
  });
  it('turns the cursor bucket into exact filter terms', () => {
    const s = { from: Date.UTC(2024, 3, 11, 13, 0, 0), bucketMs: 300_000, buckets: 10, cursor: 2 };
    const terms = bucketTerms(s);
    expect(terms).toBe('after:2024-04-11T13:10:00Z before:2024-04-11T13:15:00Z');
    expect(() => compileFilter(terms)).not.toThrow();
  });
});

describe('timeline chart', () => {
  it('stacks notable, failed and other without overflowing, and never hides a non-empty bucket', () => {
    const rows = chartRows(
      {
        from: 0,
        bucketMs: 1,
        total: [100, 1, 0, 50],
        notable: [10, 0, 0, 0],
        errors: [40, 1, 0, 0],
      },
      10,
    );
    const col = (b: number) => rows.map((r) => r[b]).join('');
    expect(col(0).length).toBe(10);
    expect(col(0)).toBe(GLYPH.ok.repeat(5) + GLYPH.error.repeat(4) + GLYPH.notable);
    expect([...col(0)].filter((c) => c === GLYPH.error).length).toBe(4);
    expect(col(1)).toBe(' '.repeat(9) + GLYPH.error);
    expect(col(2)).toBe(' '.repeat(10));
    expect([...col(3)].filter((c) => c === GLYPH.ok).length).toBe(5);
  });
  it('splits runs at the cursor', () => {
    expect(runs(['█', '█', '█'], 1).map((r) => [r.text, r.cursor])).toEqual([
      ['█', false],
      ['█', true],
      ['█', false],
    ]);
  });
});

describe('facet terms', () => {
  it('quote hostile values; the identity facet pivots on the who field it counts', () => {
    const name = facetForColumn('name')!;
    expect(facetTerm(name, 'Stop Logging") OR x:(')).toBe('name:"Stop Logging\\") OR x:("');
    expect(facetTerm(name, null)).toBe('name:""');
    expect(facetTerm(name, 'StopLogging', true)).toBe('-name:StopLogging');
    const who = facetForColumn('who')!;
    expect(facetTerm(who, 'arn:aws:iam::1:user/a')).toBe('who:arn:aws:iam::1:user/a');
    expect(facetTerm(who, 'ec2.amazonaws.com')).toBe('who:ec2.amazonaws.com');
    expect(facetTerm(who, 'AIDAX')).toBe('who:AIDAX');
    const ua = facetForColumn('ua')!;
    expect(facetTerm(ua, 'Boto3/1.34 (x)')).toBe('ua:="Boto3/1.34 (x)"');
    for (const t of [
      'name:"Stop Logging\\") OR x:("',
      'who:arn:aws:iam::1:user/a',
      'who:ec2.amazonaws.com',
      'ua:="Boto3/1.34 (x)"',
    ])
      expect(() => compileFilter(t)).not.toThrow();
  });
});
