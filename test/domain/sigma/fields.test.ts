import { describe, expect, it } from 'vitest';
import { CachedRecord, valuesAt } from '../../../src/domain/sigma/fields.js';
import { textOf } from '../../../src/domain/sigma/text.js';

describe('CachedRecord reused across records', () => {
  it('answers for the record it was last reset to, never a stale one', () => {
    const view = new CachedRecord(null);
    const records = [
      { eventName: 'PutObject', userAgent: 'AWS-CLI', tags: ['A', 'b'] },
      { eventName: 'GetObject', tags: 'C' },
      { eventName: ['X', 'Y'], userAgent: null, nested: { k: 'V' } },
      'not an object',
      { userAgent: 'Boto3' },
      { nested: [{ k: 'A' }, { k: ['B', null] }], 'nested.k': 'dotted key', userAgent: 7 },
      { nested: { k: { deeper: true } }, tags: [] },
      [{ eventName: 'InAnArray' }],
    ];
    for (let round = 0; round < 3; round++)
      for (const r of records) {
        view.reset(r);
        for (const path of [
          'eventName',
          'userAgent',
          'tags',
          'nested.k',
          'nested.k.deeper',
          'missing',
          'nested.missing',
        ]) {
          expect([...view.values(path)]).toEqual(valuesAt(r, path));
          const lower = valuesAt(r, path).map((v) => textOf(v)?.toLowerCase() ?? null);
          expect([...view.lowerTexts(path)]).toEqual(lower);
        }
      }
  });

  it('runs a shared test once per record, and again for the next record', () => {
    const view = new CachedRecord(null);
    let calls = 0;
    const test = (v: CachedRecord): boolean => {
      calls++;
      return v.values('eventName')[0] === 'PutObject';
    };
    for (const id of [3, 5_000, 1 << 20]) {
      calls = 0;
      view.reset({ eventName: 'PutObject' });
      expect(view.once(id, test as never)).toBe(true);
      expect(view.once(id, test as never)).toBe(true);
      view.reset({ eventName: 'GetObject' });
      expect(view.once(id, test as never)).toBe(false);
      expect(view.once(id, test as never)).toBe(false);
      expect(calls).toBe(2);
    }
  });
});
