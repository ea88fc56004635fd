import { describe, expect, it } from 'vitest';
import { MATCH_ALL, andFilters } from '../../src/store/filter-sql.js';

describe('filter fragments', () => {
  it('ANDs filter fragments with their parameters in order', () => {
    expect(andFilters(MATCH_ALL, undefined)).toBe(MATCH_ALL);
    expect(andFilters({ where: 'a = ?', params: [1] }, { where: 'b = ?', params: [2] })).toEqual({
      where: '(a = ?) AND (b = ?)',
      params: [1, 2],
    });
  });
});
