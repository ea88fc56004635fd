import { utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, type Evidence } from './evidence.js';
import { count, dbOf, fileRow, indexInto, withDb } from './index-helpers.js';
import { EventReader } from '../../src/store/event-reader.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { openCaseFile } from '../../src/store/db.js';
import { compileFilter } from '../../src/query/compiler.js';
import { parseJob } from '../../src/ingest/parse-file.js';
import { resolveLimits } from '../../src/ingest/limits.js';
import type { FileMessage } from '../../src/ingest/messages.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());
const j = (v: unknown): string => JSON.stringify(v);

/** The messages a parse worker sends for one JSON Lines file, 100 records a batch. */
async function batchesOf(path: string): Promise<FileMessage[]> {
  const msgs: FileMessage[] = [];
  await parseJob(
    { id: 0, path },
    resolveLimits({ wholeParseMax: 1, wholeReadMax: 1, batchSize: 100 }),
    async (m) => void msgs.push(m),
  );
  return msgs;
}

describe('duplicates, incremental runs, resume and rebuild', () => {
  it('an organization trail plus an account trail become one event with two provenance rows', async () => {
    ev = evidenceDir();
    const shared = records(5, 'shared');
    ev.writeGz(
      'AWSLogs/o-org/111122223333/CloudTrail/us-east-1/org.json.gz',
      j({ Records: shared }),
    );
    ev.writeGz(
      'AWSLogs/111122223333/CloudTrail/us-east-1/acct.json.gz',
      j({ Records: [...shared, ...records(2, 'own')] }),
    );
    const s = await indexInto(ev);
    expect(s.events).toMatchObject({ read: 12, added: 7, duplicates: 5, total: 7 });
    expect(count(ev, 'SELECT count(*) FROM provenance')).toBe(12);
    withDb(ev, (db) => {
      const r = new EventReader(db);
      const row = r.rowByEventId('shared-000002')!;
      expect(r.provenance(row.id).map((p) => [p.path.includes('o-org'), p.record_index])).toEqual([
        [false, 2],
        [true, 2],
      ]);
      // no stored copy of the original records: each is located in the evidence bytes of the
      // file it was first read from, and reads back exactly
      expect(db.prepare('SELECT count(*) FROM raw_chunks').pluck().get()).toBe(0);
      expect(JSON.parse(r.rawText(row))).toEqual(shared[2]);
    });
  });

  it('re-running skips unchanged files, adds new ones, re-reads changed ones; --rebuild starts over', async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: records(3, 'a') }));
    const first = await indexInto(ev);
    expect(first.files).toMatchObject({ found: 1, indexed: 1, skippedUnchanged: 0 });
    ev.write('b.json', j({ Records: records(2, 'b') }));
    const second = await indexInto(ev);
    expect(second.files).toMatchObject({ found: 2, indexed: 1, skippedUnchanged: 1 });
    expect(second.events).toMatchObject({ read: 2, added: 2, total: 5 });
    const p = ev.write('a.json', j({ Records: records(4, 'a') }));
    utimesSync(p, new Date(), new Date(Date.now() + 5000));
    const third = await indexInto(ev);
    expect(third.files).toMatchObject({ indexed: 1, skippedUnchanged: 1 });
    expect(third.events).toMatchObject({ read: 4, added: 1, duplicates: 3, total: 6 });
    const rebuilt = await indexInto(ev, [ev.path('b.json')], { rebuild: true });
    expect(rebuilt.events).toMatchObject({ added: 2, total: 2 });
  });

  it("a bulk load builds the dictionary's case-folded index after it, and filters use it", async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: records(50, 'nocase') }));
    await indexInto(ev);
    withDb(ev, (db) => {
      expect(
        db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'dict_nocase'").pluck().get(),
      ).toBe(1);
      const f = compileFilter('name:getobject');
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT e.id FROM events e WHERE ${f.where}`)
        .all(...f.params)
        .map((r) => (r as { detail: string }).detail)
        .join(' | ');
      expect(plan).toContain('dict_nocase');
    });
  });

  it('a run stopped mid-file leaves the file pending; the next run finishes with exact counts', async () => {
    ev = evidenceDir();
    const p = ev.write(
      'big.jsonl',
      records(1000, 'big')
        .map((r) => j(r))
        .join('\n'),
    );
    ev.write('small.json', j({ Records: records(3, 'small') }));
    // simulate a kill: apply only the first two batches of big.jsonl, as a killed writer would have
    const db = openCaseFile(dbOf(ev), { create: true });
    const writer = new IngestWriter(db);
    const msgs = await batchesOf(p);
    expect(msgs.length).toBe(10);
    writer.write(msgs[0]);
    writer.write(msgs[1]);
    writer.commit();
    db.close();
    expect(fileRow(ev, 'big.jsonl').status).toBe('pending');
    expect(count(ev, 'SELECT count(*) FROM events')).toBe(200);

    const s = await indexInto(ev);
    expect(s.files).toMatchObject({ found: 2, indexed: 2, skippedUnchanged: 0, failed: 0 });
    expect(count(ev, 'SELECT count(*) FROM events')).toBe(1003);
    expect(count(ev, 'SELECT count(*) FROM provenance')).toBe(1003);
    expect(fileRow(ev, 'big.jsonl')).toMatchObject({ status: 'indexed', events: 1000 });
  });

  it("commits the run's first events at once, for a TUI watching the case file", async () => {
    ev = evidenceDir();
    const p = ev.write(
      'big.jsonl',
      Array.from({ length: 300 }, (_, i) => j(records(1, `b${i}`)[0])).join('\n'),
    );
    const db = openCaseFile(dbOf(ev), { create: true });
    try {
      const writer = new IngestWriter(db);
      const msgs = await batchesOf(p);
      writer.write(msgs[0]);
      // another connection (the TUI's) sees them without the writer's commit()
      expect(count(ev, 'SELECT count(*) FROM events')).toBe(100);
      writer.commit();
    } finally {
      db.close();
    }
  });

  it('records where it came from and the SHA-256 of every file', async () => {
    ev = evidenceDir();
    ev.writeGz('x.json.gz', j({ Records: records(1, 'x') }));
    await indexInto(ev);
    const row = fileRow(ev, 'x.json.gz');
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    expect(row.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(ev.path('x.json.gz')))
        .digest('hex'),
    );
    expect(row.size).toBe(readFileSync(ev.path('x.json.gz')).length);
  });
});
