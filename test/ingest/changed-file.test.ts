// A file read again replaces its provenance: the case file never says a file holds a record it no
// longer holds. Events only the earlier content held are kept (no provenance) and the file says so.
import { utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, ctEvent, records, zipOf, type Evidence } from './evidence.js';
import { count, fileRow, indexInto, withDb } from './index-helpers.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const j = (v: unknown): string => JSON.stringify(v);
let bump = 0;
/** Rewrite a file with a new modification time (a same-second rewrite could keep size and mtime). */
function rewrite(rel: string, content: string | Buffer): void {
  const p = ev.write(rel, content);
  const t = new Date(Date.now() + 10_000 * ++bump);
  utimesSync(p, t, t);
}

function provenance(): [string, string, number][] {
  return withDb(
    ev,
    (db) =>
      db
        .prepare(
          `SELECT e.event_id, f.path, p.record_index FROM provenance p JOIN events e ON e.id = p.event_rowid
         JOIN files f ON f.id = p.file_id ORDER BY e.event_id, f.path`,
        )
        .raw()
        .all() as [string, string, number][],
  );
}

describe('a file whose content changed', () => {
  it('loses the provenance of records it no longer holds; those events are kept and counted', async () => {
    ev = evidenceDir();
    ev.write('u.json', j({ Records: [ctEvent({ eventID: 'ev-001' })] }));
    await indexInto(ev);
    const before = fileRow(ev, 'u.json');
    rewrite('u.json', j({ Records: [ctEvent({ eventID: 'ev-002' })] }));
    const s = await indexInto(ev);
    expect(provenance()).toEqual([['ev-002', ev.path('u.json'), 0]]);
    // kept: the original record stays in the case file, but no file vouches for it
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id = 'ev-001'")).toBe(1);
    const after = fileRow(ev, 'u.json');
    expect(after.id).toBe(before.id);
    expect(after.sha256).not.toBe(before.sha256);
    const notes = JSON.parse(after.warnings!) as string[];
    expect(notes[0]).toBe(
      `content changed since it was last indexed (SHA-256 was ${before.sha256}): its provenance now describes the current content`,
    );
    expect(notes[1]).toMatch(
      /^1 event\(s\) read from it before are no longer in it and in no other file: kept/,
    );
    expect(s.warnings.map((w) => w.reason)).toEqual(notes);
  });

  it('an event still held by another file keeps that provenance and is not counted as orphaned', async () => {
    ev = evidenceDir();
    const shared = ctEvent({ eventID: 'shared' });
    // the same records (generated once: two generations differ, and differing copies are flagged)
    const org = records(2, 'org');
    ev.write('org.json', j({ Records: [shared, ...org] }));
    ev.write('acct.json', j({ Records: [shared] }));
    await indexInto(ev);
    rewrite('org.json', j({ Records: org }));
    await indexInto(ev);
    expect(provenance()).toEqual([
      ['org-000000', ev.path('org.json'), 0],
      ['org-000001', ev.path('org.json'), 1],
      ['shared', ev.path('acct.json'), 0],
    ]);
    const notes = JSON.parse(fileRow(ev, 'org.json').warnings!) as string[];
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^content changed/);
  });

  it('the same content read again (touched) gives the same provenance and no notes', async () => {
    ev = evidenceDir();
    const text = j({ Records: records(3, 't') });
    ev.write('t.json', text);
    await indexInto(ev);
    const first = provenance();
    rewrite('t.json', text);
    const s = await indexInto(ev);
    expect(s.files).toMatchObject({ indexed: 1, skippedUnchanged: 0 });
    expect(provenance()).toEqual(first);
    expect(fileRow(ev, 't.json').warnings).toBeNull();
  });

  it('a zip archive that changed: members gone from it lose their rows and provenance', async () => {
    ev = evidenceDir();
    const a = Buffer.from(j({ Records: records(2, 'za') }));
    const b = Buffer.from(j({ Records: records(1, 'zb') }));
    ev.write(
      'e.zip',
      zipOf([
        { name: 'a.json', data: a },
        { name: 'b.json', data: b },
      ]),
    );
    await indexInto(ev);
    expect(count(ev, 'SELECT count(*) FROM provenance')).toBe(3);
    rewrite('e.zip', zipOf([{ name: 'a.json', data: a }]));
    const s = await indexInto(ev);
    expect(provenance()).toEqual([
      ['za-000000', ev.path('e.zip!a.json'), 0],
      ['za-000001', ev.path('e.zip!a.json'), 1],
    ]);
    expect(count(ev, 'SELECT count(*) FROM files')).toBe(2);
    expect(s.warnings.filter((w) => w.path === ev.path('e.zip')).map((w) => w.reason)).toEqual([
      expect.stringMatching(/^content changed/),
      '1 member(s) indexed before are no longer in the archive: their files rows and provenance were removed',
      expect.stringMatching(/^1 event\(s\) read from it before/),
    ]);
  });
});
