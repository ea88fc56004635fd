import { describe, expect, it } from 'vitest';
import { parseDuration, parseTimeSpan } from '../../src/query/time-values.js';
import {
  addTerm,
  compileFilter,
  parseFilter,
  astToString,
  quoteValue,
  termText,
} from '../../src/query/index.js';

describe('time values', () => {
  it('takes the precision of what was typed', () => {
    const day = parseTimeSpan('2024-04-11')!;
    expect(day.end - day.start).toBe(86_400_000);
    expect(day.start).toBe(Date.parse('2024-04-11T00:00:00Z'));
    const hour = parseTimeSpan('2024-04-11T13')!;
    expect(hour.end - hour.start).toBe(3_600_000);
    expect(parseTimeSpan('2024-04-11T13:05Z')!.start).toBe(Date.parse('2024-04-11T13:05:00Z'));
    expect(parseTimeSpan('2024-04-11T13:05:00+02:00')!.start).toBe(
      Date.parse('2024-04-11T11:05:00Z'),
    );
    expect(parseTimeSpan('1712836800')!.start).toBe(1712836800000);
  });

  it('rejects impossible dates and local-looking forms', () => {
    for (const bad of ['2024-02-30', '2024-13-01', '11/04/2024', 'yesterday', '2024-04-11T25:00'])
      expect(parseTimeSpan(bad), bad).toBeNull();
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('2')).toBeNull();
  });
});

describe('building filter text from values (TUI pivots)', () => {
  const hostile = [
    'plain',
    'with space',
    'a"quote',
    'back\\slash',
    'paren)',
    'comma,list',
    'star*',
    '',
    '-dash',
    'OR',
    'x:y',
    '\u202eevil',
  ];
  for (const v of hostile) {
    it(`round-trips ${JSON.stringify(v)} exactly`, () => {
      const text = termText('user', v);
      const ast = parseFilter(text);
      expect(ast.type).toBe('term');
      if (ast.type === 'term') {
        expect(ast.values.map((x) => x.text)).toEqual(v === '' ? [] : [v]);
        expect(ast.values.every((x) => !x.wildcard)).toBe(true);
      }
      const neg = parseFilter(termText('user', v, { negate: true }));
      expect(neg.type).toBe('not');
    });
  }

  it('quotes only when needed', () => {
    expect(quoteValue('StopLogging')).toBe('StopLogging');
    expect(quoteValue('aws-cli/2 (x)')).toBe('"aws-cli/2 (x)"');
    expect(termText('name', 'StopLogging')).toBe('name:StopLogging');
    expect(termText('event_name', null)).toBe('name:""');
  });

  it('adds a term to a filter with OR in it safely', () => {
    expect(addTerm('', 'ip:1.2.3.4')).toBe('ip:1.2.3.4');
    expect(addTerm('name:A', 'ip:1.2.3.4')).toBe('name:A ip:1.2.3.4');
    const f = addTerm('name:A OR name:B', '-ip:1.2.3.4');
    expect(astToString(parseFilter(f))).toBe('(and (or (name A) (name B)) (not (ip 1.2.3.4)))');
    expect(() => compileFilter(f)).not.toThrow();
  });
});
