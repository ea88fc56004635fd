import { afterEach, describe, expect, it, vi } from 'vitest';
import { evidenceDir, records, type Evidence } from './evidence.js';
import { count, dbOf } from './index-helpers.js';
import { guardEvidence } from '../helpers/evidence-hash.js';
import { Indexer } from '../../src/ingest/pipeline.js';

const calls: number[] = [];
vi.mock('../../src/ingest/after-index.js', () => ({
  afterIndex: (_db: unknown, info: { lastRowidBefore: number }) =>
    void calls.push(info.lastRowidBefore),
}));

let ev: Evidence;
afterEach(() => ev?.cleanup());
const j = (v: unknown): string => JSON.stringify(v);

describe('afterIndex hook', () => {
  it('runs once per run with the first new rowid, and covers events of an interrupted run next time', async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: records(2, 'a') }));
    await new Indexer({ dbPath: dbOf(ev), workers: 0 }).run([ev.dir]);
    expect(calls).toEqual([0]);

    ev.write('b.json', j({ Records: records(3, 'b') }));
    ev.write('c.json', j({ Records: records(4, 'c') }));
    const evidence = guardEvidence(ev.dir, { exclude: [dbOf(ev)] });
    const stopping = new Indexer({
      dbPath: dbOf(ev),
      workers: 0,
      onProgress: (p) => {
        if (p.phase === 'indexing' && p.filesDone === 1) stopping.interrupt();
      },
    });
    const s = await stopping.run([ev.dir]);
    expect(s.interrupted).toBe(true);
    expect(calls).toEqual([0]); // not on an interrupted run
    expect(count(ev, 'SELECT count(*) FROM events')).toBe(5);
    // indexes are built even when interrupted
    expect(count(ev, "SELECT count(*) FROM sqlite_master WHERE name = 'ev_name'")).toBe(1);

    const done = await new Indexer({ dbPath: dbOf(ev), workers: 0 }).run([ev.dir]);
    expect(done.files).toMatchObject({ skippedUnchanged: 2, indexed: 1 });
    expect(calls).toEqual([0, 2]); // from before the interrupted run's events
    expect(count(ev, 'SELECT count(*) FROM events')).toBe(9);
    evidence.check();
  });
});
