// The index summary adds up: every file found has exactly one outcome, and every record read was
// either added or a duplicate; zip members, aliases, discovery problems and interrupted runs included.
import { mkdirSync, symlinkSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, zipOf, type Evidence } from './evidence.js';
import { count, dbOf, indexInto } from './index-helpers.js';
import { guardEvidence } from '../helpers/evidence-hash.js';
import { Indexer, type IndexSummary } from '../../src/ingest/pipeline.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const j = (v: unknown): string => JSON.stringify(v);

function expectConsistent(s: IndexSummary): void {
  const f = s.files;
  expect(
    f.indexed +
      f.digest +
      f.skippedUnchanged +
      f.skippedAliases +
      f.notCloudTrail +
      f.failed +
      f.notRead +
      f.outsideWindow,
  ).toBe(f.found);
  expect(s.events.added + s.events.duplicates).toBe(s.events.read);
}

function mixedTree(): Evidence {
  const e = evidenceDir();
  e.write('good.json', j({ Records: records(10, 'good') }));
  const gz = gzipSync(
    j({ Records: records(400, 'trunc', { requestParameters: { pad: 'x'.repeat(200) } }) }),
  );
  e.write('truncated.json.gz', gz.subarray(0, gz.length >> 1));
  e.write('invalid.json', '{"Records":[{"eventVersion":"1.08",,]}');
  e.write('other.json', j({ name: 'not cloudtrail' }));
  e.write('empty.json', '');
  e.write(
    'digest.json',
    j({
      awsAccountId: '111122223333',
      digestStartTime: 'x',
      digestEndTime: 'y',
      digestS3Bucket: 'b',
      digestS3Object: 'o',
      logFiles: [],
    }),
  );
  e.write(
    'lines.jsonl',
    records(4, 'line')
      .map((r) => j(r))
      .join('\n') + '\nnot json\n',
  );
  e.write(
    'evidence.zip',
    zipOf([
      { name: 'inner/a.json', data: Buffer.from(j({ Records: records(5, 'za') })) },
      { name: 'inner/b.json.gz', data: gzipSync(j({ Records: records(5, 'zb') })) },
      { name: 'inner/junk.txt', data: Buffer.from('hello') },
    ]),
  );
  e.write('broken.zip', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40)]));
  mkdirSync(e.path('loop'));
  symlinkSync('..', e.path('loop/self'));
  symlinkSync('selflink.json', e.path('selflink.json'));
  symlinkSync('good.json', e.path('alias.json'));
  return e;
}

describe('index summary arithmetic', () => {
  it('files found = the sum of outcomes (zip members counted, archive once); read = added + duplicates', async () => {
    ev = mixedTree();
    const s = await indexInto(ev, [ev.dir, ev.path('missing.json')]);
    expectConsistent(s);
    expect(s.files).toEqual({
      // 10 files on disk, the good zip counting as its 3 members (+2); 2 aliases; 2 unusable paths
      found: 15,
      indexed: 4, // good.json, lines.jsonl, evidence.zip!inner/a.json, evidence.zip!inner/b.json.gz
      digest: 1,
      skippedUnchanged: 0,
      skippedAliases: 2, // loop/self, alias.json
      notCloudTrail: 3, // other.json, empty.json, evidence.zip!inner/junk.txt
      failed: 5, // truncated.json.gz, invalid.json, broken.zip, selflink.json, missing.json
      notRead: 0,
      outsideWindow: 0,
    });
    // a zip's own row no longer adds its members' records to "read" a second time
    expect(s.events.duplicates).toBe(0);
    expect(s.events.read).toBe(count(ev, 'SELECT count(*) FROM events'));
    expect(s.events.read).toBe(count(ev, 'SELECT count(*) FROM provenance'));
    // the phases account for the run's wall time, each one measured
    const p = s.phaseMs!;
    for (const v of Object.values(p)) expect(v).toBeGreaterThanOrEqual(0);
    expect(p.discover + p.load + p.indexes + p.derived).toBeLessThanOrEqual(s.seconds * 1000 + 1);
    expect(p.discover + p.load + p.indexes + p.derived).toBeGreaterThanOrEqual(
      s.seconds * 1000 - 50,
    );
  });

  it('a second run: unchanged files skipped, failed ones read again, duplicates counted; still adds up', async () => {
    ev = mixedTree();
    await indexInto(ev, [ev.dir]);
    const s = await indexInto(ev, [ev.dir]);
    expectConsistent(s);
    expect(s.files.skippedUnchanged).toBeGreaterThan(0);
    expect(s.events.added).toBe(0);
    expect(s.events.duplicates).toBeGreaterThan(0);
  });

  it('an interrupted run counts the files it did not reach', async () => {
    ev = evidenceDir();
    for (let i = 0; i < 6; i++) ev.write(`f${i}.json`, j({ Records: records(3, `f${i}`) }));
    const evidence = guardEvidence(ev.dir, { exclude: [dbOf(ev)] });
    const indexer = new Indexer({
      dbPath: dbOf(ev),
      workers: 0,
      // progress is reported at most every 100 ms: stop as soon as reading starts
      onProgress: (p) => {
        if (p.phase === 'indexing') indexer.interrupt();
      },
    });
    const s = await indexer.run([ev.dir]);
    expect(s.interrupted).toBe(true);
    expectConsistent(s);
    expect(s.files).toMatchObject({ found: 6, notRead: 6 });
    evidence.check();
  });
});
