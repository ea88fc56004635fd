import { describe, expect, it } from 'vitest';
import {
  ancestors,
  containerPaths,
  defaultExpanded,
  findPaths,
  jsonLines,
} from '../../../src/tui/kit/json-tree.js';
import { compareRecords } from '../../../src/tui/events/compare-records.js';
import { sparkline } from '../../../src/tui/kit/sparkline.js';
import { layoutColumns } from '../../../src/tui/events/columns.js';
import { tuiRegistry } from '../../../src/tui/shell/features.js';

const rec = {
  eventName: 'AssumeRole',
  userIdentity: { type: 'IAMUser', sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
  resources: [{ ARN: 'arn:x' }],
  empty: {},
};

describe('json tree', () => {
  it('collapses and expands by path', () => {
    const closed = jsonLines(rec, new Set(['']));
    expect(closed.map((l) => `${l.key}:${l.text}`)).toEqual([
      'null:{…} 4 keys',
      'eventName:"AssumeRole"',
      'userIdentity:{…} 2 keys',
      'resources:[…] 1 item',
      'empty:{}',
    ]);
    const open = jsonLines(rec, new Set(containerPaths(rec)));
    expect(
      open.find((l) => l.path === '/userIdentity/sessionContext/attributes/mfaAuthenticated')
        ?.depth,
    ).toBe(4);
    expect(open.find((l) => l.key === 'empty')?.expandable).toBe(false);
  });
  it('finds keys and values and lists the ancestors to open', () => {
    expect(findPaths(rec, 'mfa')).toEqual([
      '/userIdentity/sessionContext/attributes/mfaAuthenticated',
    ]);
    expect(findPaths(rec, 'ARN:X')).toEqual(['/resources/0/ARN']);
    expect(ancestors('/a/b/c')).toEqual(['', '/a', '/a/b']);
    expect(defaultExpanded(rec).size).toBe(containerPaths(rec).length);
  });
  it('escapes / in keys', () => {
    expect(jsonLines({ 'a/b': 1 }, new Set([''])).map((l) => l.path)).toEqual(['', '/a~1b']);
  });
});

describe('compare', () => {
  it('flags fields that differ or are missing', () => {
    const rows = compareRecords([
      { a: 1, b: { c: 'x' } },
      { a: 1, b: { c: 'y' }, d: true },
    ]);
    expect(rows).toEqual([
      { path: 'a', values: ['1', '1'], differs: false },
      { path: 'b.c', values: ['x', 'y'], differs: true },
      { path: 'd', values: [undefined, 'true'], differs: true },
    ]);
  });
});

describe('sparkline and columns', () => {
  it('scales to the busiest bucket, blanks empty ones, keeps single events visible', () => {
    expect(sparkline([0, 1, 100, 50])).toBe(' ▁█▅');
    expect(sparkline([0, 0])).toBe('  ');
  });
  it('fits the key columns at 80 and shows more at 200', () => {
    const at80 = layoutColumns(tuiRegistry().columns, null, 80);
    const narrow = at80.map((c) => c.col.id);
    expect(narrow).toEqual(['flag', 'time', 'name', 'who', 'ip', 'service', 'key']);
    expect(at80.find((c) => c.col.id === 'key')).toMatchObject({ width: 9, narrow: true });
    expect(at80.find((c) => c.col.id === 'ip')?.width).toBe(15);
    const at100 = layoutColumns(tuiRegistry().columns, null, 100);
    expect(at100.map((c) => c.col.id)).toEqual([...narrow, 'region']);
    // region before the key's full width: the key stays narrow at 100, and is whole (with its
    // origin) where both fit
    expect(at100.find((c) => c.col.id === 'key')).toMatchObject({ width: 9, narrow: true });
    const at120 = layoutColumns(tuiRegistry().columns, null, 120);
    expect(at120.map((c) => c.col.id)).toEqual([...narrow, 'region', 'error']);
    expect(at120.find((c) => c.col.id === 'key')?.narrow).toBe(false);
    const wide = layoutColumns(tuiRegistry().columns, null, 200);
    expect(wide.length).toBeGreaterThan(narrow.length);
    for (const w of [80, 120, 200]) {
      const l = layoutColumns(tuiRegistry().columns, null, w);
      expect(l.reduce((s, c) => s + c.width, 0) + l.length - 1).toBeLessThanOrEqual(w);
    }
  });
});

describe('fitting text to columns', async () => {
  const { fit, displayWidth } = await import('../../../src/tui/kit/text.js');
  it('pads and cuts by terminal columns, wide characters counting two', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(displayWidth('日本語')).toBe(6);
    expect(fit('日本語テキスト', 6)).toBe('日本… ');
    expect(displayWidth(fit('日本語テキスト', 7))).toBe(7);
    expect(displayWidth(fit('e\u0301cole', 5))).toBe(5);
  });
});
