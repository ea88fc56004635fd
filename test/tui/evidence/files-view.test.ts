import { describe, expect, it } from 'vitest';
import { warningList } from '../../../src/tui/evidence/files-view.js';

describe("the files view's warnings", () => {
  it('reads the stored JSON array into one warning each; plain text stays one', () => {
    expect(warningList(JSON.stringify(['a "quoted" note', 'second']))).toEqual([
      'a "quoted" note',
      'second',
    ]);
    expect(warningList('written as text')).toEqual(['written as text']);
    expect(warningList('{"not":"a list"}')).toEqual(['{"not":"a list"}']);
  });
});
