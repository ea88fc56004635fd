import { describe, expect, it } from 'vitest';
import { headerLine } from '../../../src/tui/events/event-list.js';
import { displayWidth } from '../../../src/tui/kit/text.js';

const demo = 'demo: brightlane (synthetic incident)';
const span = { from: Date.parse('2026-03-10T00:00:00Z'), to: Date.parse('2026-03-12T23:58:00Z') };

describe('event list header', () => {
  it('is unchanged when it fits', () => {
    expect(headerLine(demo, '20,751 events', span, 100)).toBe(
      `${demo} · 20,751 events · 2026-03-10 00:00Z → 2026-03-12 23:58Z`,
    );
  });

  it('keeps the count and the whole time span at 80 columns: compact span, then a shorter title', () => {
    const l = headerLine(demo, '20,751 events', span, 80);
    expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(l).toMatch(/^demo: brightlane.*… · 20,751 events · 2026-03-10 00:00Z → 03-12 23:58Z$/);
  });

  it('drops the date of a same-day span and keeps "N events of M"', () => {
    const day = {
      from: Date.parse('2026-03-12T18:00:00Z'),
      to: Date.parse('2026-03-12T23:59:00Z'),
    };
    const l = headerLine(demo, '149 events of 20,751', day, 80);
    expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(l).toContain(' · 149 events of 20,751 · 2026-03-12 18:00Z → 23:59Z');
    expect(l.startsWith('demo: brightlane')).toBe(true);
  });

  it('keeps a short title whole when the compact span makes room', () => {
    const l = headerLine('case-file-2026-03.db', '346 events of 20,751', span, 80);
    expect(l).toBe(
      'case-file-2026-03.db · 346 events of 20,751 · 2026-03-10 00:00Z → 03-12 23:58Z',
    );
  });

  it('passes placeholder spans through', () => {
    expect(headerLine(demo, 'counting events…', '…', 80)).toBe(`${demo} · counting events… · …`);
  });
});
