import { describe, expect, it } from 'vitest';
import {
  formatMarkdown,
  formatTable,
  summarize,
  verdict,
  type Figure,
} from '../../src/bench/figures.js';
import { DEFAULT_EVENTS, parseOptions, PARTS } from '../../src/bench/options.js';

const fig = (measured: number | null, target?: Figure['target']): Figure => ({
  section: 's',
  name: 'n',
  unit: 'ms',
  measured,
  target,
});

describe('verdict', () => {
  it('compares against max and min targets, inclusive', () => {
    expect(verdict(fig(20, { kind: 'max', value: 20 }))).toBe('pass');
    expect(verdict(fig(20.1, { kind: 'max', value: 20 }))).toBe('OVER');
    expect(verdict(fig(60_000, { kind: 'min', value: 60_000 }))).toBe('pass');
    expect(verdict(fig(59_999, { kind: 'min', value: 60_000 }))).toBe('OVER');
    expect(verdict(fig(null, { kind: 'max', value: 1 }))).toBe('n/a');
    expect(verdict(fig(5))).toBe('-');
  });
});

describe('summarize', () => {
  it('gives nearest-rank median, p95 and max', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ median: 50, p95: 95, max: 100, n: 100 });
    expect(summarize([]).n).toBe(0);
  });
});

describe('formatTable', () => {
  it('prints one aligned line per figure with target, measured and verdict', () => {
    const out = formatTable([
      {
        section: 'query (#3)',
        name: 'first page',
        unit: 'ms',
        measured: 12.345,
        target: { kind: 'max', value: 20 },
      },
      {
        section: 'index (#2)',
        name: 'speed',
        unit: 'ev/s',
        measured: 61234,
        target: { kind: 'min', value: 60000 },
        note: 'why',
      },
      { section: 'x', name: 'missing', unit: 'ms', measured: null, note: 'not built' },
    ]).split('\n');
    expect(out).toHaveLength(5);
    expect(out[2]).toMatch(/^query \(#3\)\s+first page\s+<= 20\.0 ms\s+12\.3 ms\s+pass$/);
    expect(out[3]).toMatch(/>= 60,000 ev\/s\s+61,234 ev\/s\s+pass\s+why$/);
    expect(out[4]).toMatch(/—\s+n\/a\s+not built$/);
  });
});

describe('options', () => {
  it('defaults to every part on both corpora at a size 2 cores finish; --million for 1M', () => {
    const o = parseOptions([]);
    expect(o.events).toBe(DEFAULT_EVENTS);
    expect(o.corpora).toEqual(['bench', 'wide']);
    expect([...o.parts]).toEqual([...PARTS]);
    expect(o.json).toBe(false);
    expect(parseOptions(['--million']).events).toBe(1_000_000);
    expect(parseOptions(['--corpus', 'wide,wide']).corpora).toEqual(['wide']);
  });

  it('selects and skips parts and reads sizes with separators', () => {
    const o = parseOptions([
      '--events',
      '20_000',
      '--only',
      'index,query,tui',
      '--skip',
      'tui',
      '--json',
    ]);
    expect(o.events).toBe(20_000);
    expect([...o.parts]).toEqual(['index', 'query']);
    expect(o.json).toBe(true);
  });

  it('rejects unknown parts, bad sizes and unknown flags', () => {
    expect(() => parseOptions(['--only', 'indx'])).toThrow(/unknown part "indx"/);
    expect(() => parseOptions(['--events', 'lots'])).toThrow(/--events/);
    expect(() => parseOptions(['--fast'])).toThrow();
    expect(() => parseOptions(['--corpus', 'big'])).toThrow(/unknown corpus "big"/);
    expect(() => parseOptions(['--million', '--events', '5000'])).toThrow(/one size/);
  });
});

describe('formatMarkdown', () => {
  it('renders a Markdown table with escaped pipes', () => {
    const md = formatMarkdown([
      { section: 'q', name: 'a|b', unit: 'ms', measured: 5, target: { kind: 'max', value: 20 } },
    ]).split('\n');
    expect(md[0]).toBe('| area | figure | target | measured | verdict | note |');
    expect(md[2]).toBe('| q | a\\|b | <= 20.0 ms | 5.00 ms | pass |  |');
  });
});
