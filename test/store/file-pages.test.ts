import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, type Evidence } from '../ingest/evidence.js';
import { indexInto, withDb } from '../ingest/index-helpers.js';
import { countFiles, pageFiles } from '../../src/store/file-pages.js';
import { statusText } from '../../src/tui/evidence/files-view.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

describe('the files a responder must look at', () => {
  it('are those that failed or are not CloudTrail, and those indexed with warnings, listed first', async () => {
    ev = evidenceDir();
    const j = (v: unknown): string => JSON.stringify(v);
    ev.write('a-good.json', j({ Records: records(2, 'good') }));
    // indexed, with a line skipped: fewer records than the file held
    ev.write('b-lines.jsonl', ['garbage', ...records(3, 'jl').map(j)].join('\n') + '\n');
    ev.write('c-empty.json', '');
    ev.write('d-good.json', j({ Records: records(2, 'good2') }));
    await indexInto(ev);
    withDb(ev, (db) => {
      expect(countFiles(db, false)).toBe(4);
      expect(countFiles(db, true)).toBe(2);
      const names = (rows: { path: string }[]) => rows.map((r) => r.path.split('/').pop());
      expect(names(pageFiles(db, true, 0, 10))).toEqual(['b-lines.jsonl', 'c-empty.json']);
      const all = pageFiles(db, false, 0, 10);
      expect(names(all)).toEqual(['b-lines.jsonl', 'c-empty.json', 'a-good.json', 'd-good.json']);
      expect(all.map(statusText)).toEqual([
        'indexed (warn)',
        'not-cloudtrail',
        'indexed',
        'indexed',
      ]);
    });
  });
});
