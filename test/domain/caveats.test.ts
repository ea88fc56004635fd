import { describe, expect, it } from 'vitest';
import {
  CAVEAT_FLAGS,
  CAVEATS,
  caveatNamed,
  flagCaveats,
  FLAG_REBUILT,
  FLAG_TIME_UNPARSED,
  FLAG_UNVERIFIED,
} from '../../src/domain/caveats.js';
import { compileFilter } from '../../src/query/index.js';
import { FilterError } from '../../src/query/errors.js';

describe('caveats', () => {
  it('names each caveat once, and each flag caveat has a bit of its own', () => {
    const names = CAVEATS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const bits = CAVEATS.flatMap((c) => (c.flag === undefined ? [] : [c.flag]));
    for (const b of bits) expect(b & (b - 1)).toBe(0);
    expect(new Set(bits).size).toBe(bits.length);
    expect(CAVEAT_FLAGS).toBe(bits.reduce((m, b) => m | b, 0));
    // differs is a fact of the case file, not of one record
    expect(CAVEATS.find((c) => c.name === 'differs')?.flag).toBeUndefined();
  });

  it('reads what people type: any case, without - or _, and a few other words', () => {
    expect(caveatNamed('DERIVED-ID')?.name).toBe('derivedId');
    expect(caveatNamed('bad_time')?.name).toBe('badTime');
    expect(caveatNamed('tampered')?.name).toBe('differs');
    expect(caveatNamed('damaged')?.name).toBe('unverified');
    expect(caveatNamed('nonsense')).toBeUndefined();
  });

  it('lists the caveats of a flags value, not the bits that are no caveat', () => {
    expect(flagCaveats(0)).toEqual([]);
    expect(flagCaveats(FLAG_UNVERIFIED | FLAG_TIME_UNPARSED | 1024).map((c) => c.name)).toEqual([
      'unverified',
      'badTime',
    ]);
    expect(flagCaveats(FLAG_REBUILT).map((c) => c.text)[0]).toMatch(/summary fields/);
  });

  it('a pattern names the caveats it matches; a typo is answered with the nearest name', () => {
    expect(() => compileFilter('caveat:unv*')).not.toThrow();
    expect(() => compileFilter('caveat:derived_*')).not.toThrow();
    expect(compileFilter('caveat:*ed').where).toContain('flags &');
    const suggestion = (text: string): string | undefined => {
      try {
        compileFilter(text);
      } catch (err) {
        return (err as FilterError).suggestion;
      }
      return undefined;
    };
    expect(suggestion('caveat:unverifed')).toBe('caveat:unverified');
    expect(suggestion('caveat:rebuild')).toBe('caveat:rebuilt');
    expect(suggestion('caveat:diff')).toBe('caveat:differs');
    expect(suggestion('caveat:zz*')).toBeDefined();
  });

  it('a filter naming no caveat says which there are', () => {
    expect(() => compileFilter('caveat:bogus')).toThrow(FilterError);
    expect(() => compileFilter('caveat:bogus')).toThrow(
      /caveat: expected differs, unverified, rebuilt, engine, derivedId, badTime, not "bogus"/,
    );
  });
});
