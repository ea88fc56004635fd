import { describe, expect, it } from 'vitest';
import { caseFileWith } from '../../helpers/case-file.js';
import { tuiRecords } from '../../helpers/tui-fixture.js';
import { FUZZY_FIELDS, FuzzyIndex } from '../../../src/tui/events/fuzzy-index.js';

describe('fuzzy index', () => {
  const ix = new FuzzyIndex(caseFileWith(tuiRecords(200)));
  it('finds AssumeRole and AssumeRoleWithSAML from "asumrol", with counts', () => {
    const r = ix.fillCounts(ix.search('asumrol', null, 10));
    const names = r.filter((s) => s.field === 'event_name').map((s) => s.value);
    expect(names).toEqual(expect.arrayContaining(['AssumeRole', 'AssumeRoleWithSAML']));
    expect(r.find((s) => s.value === 'AssumeRole')!.count).toBe(25);
  });
  it('finds user/olivia from "olvia"', () => {
    const r = ix.search('olvia', null, 10);
    expect(r.some((s) => s.value === 'olivia' && s.filter === 'user')).toBe(true);
    expect(r.some((s) => s.value.endsWith('user/olivia') && s.filter === 'arn')).toBe(true);
  });
  it('prefilters huge fields in SQL (substring, then in-order characters)', () => {
    const many = Array.from(
      { length: 1500 },
      (_, i) =>
        tuiRecords(1).map((r) => ({
          ...r,
          eventID: `id-${i}`,
          sourceIPAddress: `10.9.${i >> 8}.${i & 255}`,
        }))[0]!,
    );
    const big = new FuzzyIndex(caseFileWith(many));
    const r = big.search(
      '10.9.3.7',
      FUZZY_FIELDS.findIndex((f) => f.field === 'source_ip'),
      5,
    );
    expect(r[0]!.value).toBe('10.9.3.7');
    expect(r[0]!.count).toBe(-1);
    expect(big.fillCounts(r)[0]!.count).toBe(1);
  });

  it('searches one field when asked (Tab)', () => {
    const ip = FUZZY_FIELDS.findIndex((f) => f.field === 'source_ip');
    const r = ix.search('203', ip, 10);
    expect(r.length).toBeGreaterThan(0);
    expect(r.every((s) => s.field === 'source_ip')).toBe(true);
    expect(ix.search('', null, 10)).toEqual([]);
  });
});
