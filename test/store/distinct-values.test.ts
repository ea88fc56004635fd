import { describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { DistinctValues, subsequencePattern } from '../../src/store/distinct-values.js';

describe('distinct values', () => {
  const db = caseFileWith([
    ctEvent({ eventName: 'AssumeRole' }),
    ctEvent({ eventName: 'AssumeRole' }),
    ctEvent({ eventName: 'AssumeRoleWithSAML' }),
    ctEvent({ eventName: 'GetObject' }),
  ]);
  it('lists, prefilters by subsequence and counts per value', () => {
    const dv = new DistinctValues(db);
    expect(dv.size('event_name')).toBe(3);
    const m = dv
      .matching('event_name', 'asumrol', 10)
      .map((v) => v.value)
      .sort();
    expect(m).toEqual(['AssumeRole', 'AssumeRoleWithSAML']);
    const ar = dv.all('event_name', 10).find((v) => v.value === 'AssumeRole')!;
    expect(dv.eventCount('event_name', ar.id)).toBe(2);
    expect(
      dv
        .startingWith('event_name', 'assume', 10)
        .map((v) => v.value)
        .sort(),
    ).toEqual(['AssumeRole', 'AssumeRoleWithSAML']);
    expect(dv.startingWith('event_name', 'a%', 10)).toEqual([]);
    expect(dv.containing('event_name', 'object', 10).map((v) => v.value)).toEqual(['GetObject']);
    expect(() => dv.size('nope; DROP TABLE events')).toThrow();
  });
  it('escapes LIKE wildcards', () => {
    expect(subsequencePattern('a%_')).toBe('%a%\\%%\\_%');
  });
});
