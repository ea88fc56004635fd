// Every real file is read once, whatever names lead to it: folder aliases, file symlinks and
// symlink loops are skipped with a note (not failures), by the folder walk and by globs alike.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, type Evidence } from './evidence.js';
import { count, dbOf, indexInto } from './index-helpers.js';
import { discover } from '../../src/ingest/discover.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const j = (v: unknown): string => JSON.stringify(v);

/** d1/a.json, d1/sub/b.json; d2 -> d1 (alias), link.json -> d1/a.json, d1/sub/up -> .. (loop). */
function aliasedTree(): Evidence {
  const e = evidenceDir();
  e.write('d1/a.json', j({ Records: records(3, 'a') }));
  e.write('d1/sub/b.json', j({ Records: records(2, 'b') }));
  symlinkSync('d1', e.path('d2'));
  symlinkSync('d1/a.json', e.path('link.json'));
  symlinkSync('..', e.path('d1/sub/up'));
  return e;
}

describe('discovery reads each real file once', () => {
  it('folder walk: a folder alias, a file symlink and a symlink loop are noted, not failed or read twice', async () => {
    ev = aliasedTree();
    const s = await indexInto(ev);
    expect(s.files).toMatchObject({ indexed: 2, failed: 0, skippedAliases: 3 });
    expect(s.failed).toEqual([]);
    expect(s.aliases).toEqual([
      { path: ev.path('d1/sub/up'), reason: `symlink loop: already read as ${ev.path('d1')}` },
      {
        path: ev.path('d2'),
        reason: `another name for a folder: already read as ${ev.path('d1')}`,
      },
      {
        path: ev.path('link.json'),
        reason: `another name for ${ev.path('d1/a.json')}: read once, under that path`,
      },
    ]);
    expect(s.events).toMatchObject({ read: 5, added: 5, duplicates: 0 });
    expect(count(ev, 'SELECT count(*) FROM provenance')).toBe(5);
    expect(count(ev, 'SELECT count(*) FROM files')).toBe(2);
  });

  it('a file is read under its own name when a link to it sorts first', async () => {
    ev = evidenceDir();
    ev.write('real.json', j({ Records: records(2, 'r') }));
    symlinkSync('real.json', ev.path('alias.json'));
    for (const inputs of [[ev.dir], [ev.path('alias.json'), ev.path('real.json')]]) {
      const d = await discover(inputs);
      expect(d.files.map((f) => f.path)).toEqual([ev.path('real.json')]);
      expect(d.aliases).toEqual([
        {
          path: ev.path('alias.json'),
          reason: `another name for ${ev.path('real.json')}: read once, under that path`,
        },
      ]);
    }
    // the link given after the file: the same
    const d = await discover([ev.path('real.json'), ev.path('alias.json')]);
    expect(d.files.map((f) => f.path)).toEqual([ev.path('real.json')]);
    expect(d.aliasCount).toBe(1);
    // two links before it: each names the file as it is read in the end, not the other link
    symlinkSync(ev.path('real.json'), ev.path('abs_alias.json'));
    const two = await discover([ev.dir]);
    expect(two.files.map((f) => f.path)).toEqual([ev.path('real.json')]);
    expect(two.aliases.map((a) => a.reason)).toEqual([
      `another name for ${ev.path('real.json')}: read once, under that path`,
      `another name for ${ev.path('real.json')}: read once, under that path`,
    ]);
  });

  it('globs get the same protection: a loop is one note, not a second copy of every file', async () => {
    ev = aliasedTree();
    const s = await indexInto(ev, [join(ev.dir, '**/*.json')]);
    expect(s.failed).toEqual([]);
    expect(s.files).toMatchObject({ indexed: 2, failed: 0 });
    expect(s.events).toMatchObject({ read: 5, added: 5, duplicates: 0 });
    expect(count(ev, 'SELECT count(*) FROM provenance')).toBe(5);
    expect(s.aliases.map((a) => a.path)).toContain(ev.path('link.json'));
    // whatever the glob library followed, nothing under d2/ or up/ was read
    expect(
      count(ev, "SELECT count(*) FROM files WHERE path LIKE '%/d2/%' OR path LIKE '%/up/%'"),
    ).toBe(0);
  });

  it('a glob through a folder alias reads nothing twice; a path given twice is read once', async () => {
    ev = aliasedTree();
    const d = await discover([join(ev.dir, 'd*/*.json'), ev.path('d1/a.json'), ev.path('d1')]);
    expect(d.files.map((f) => f.path)).toEqual([ev.path('d1/a.json'), ev.path('d1/sub/b.json')]);
    expect(d.problems).toEqual([]);
    expect(d.aliases.map((a) => a.path)).toEqual([ev.path('d1/sub/up'), ev.path('d2')]);
  });

  it('the case file is never read, even through a symlink', async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: records(1, 'a') }));
    mkdirSync(ev.path('links'));
    await indexInto(ev);
    symlinkSync(dbOf(ev), ev.path('links/case-link.db'));
    const d = await discover([ev.dir], { exclude: [dbOf(ev)] });
    expect(d.files.map((f) => f.path)).toEqual([ev.path('a.json')]);
  });
});

describe('discovery leaves out files by name when asked (carving)', () => {
  it('takes no stat of a pruned file, keeps its reason, and still applies globs and symlinks', async () => {
    ev = evidenceDir();
    ev.write('t/keep.json', j({ Records: records(1, 'k') }));
    ev.write('t/drop-1.json', 'x');
    ev.write('t/drop-2.json', 'x');
    ev.write('t/other.txt', 'x');
    symlinkSync('drop-1.json', ev.path('t/drop-link.json'));
    const asked: string[] = [];
    const prune = (p: string): string | null => {
      asked.push(p);
      return /drop-\d/.test(p) ? 'outside' : null;
    };
    const found = await discover([ev.path('t')], { prune });
    expect(found.pruned).toEqual([
      { path: ev.path('t/drop-1.json'), reason: 'outside' },
      { path: ev.path('t/drop-2.json'), reason: 'outside' },
    ]);
    // a symlink is followed as before (its target's type is unknown without a stat)
    expect(found.files.map((f) => f.path)).toEqual([
      ev.path('t/drop-link.json'),
      ev.path('t/keep.json'),
      ev.path('t/other.txt'),
    ]);
    expect(asked).not.toContain(ev.path('t/drop-link.json'));
    // a glob's filter comes first: what it does not match is neither pruned nor found
    const globbed = await discover([ev.path('t') + '/*.json'], { prune });
    expect(globbed.pruned.map((f) => f.path)).toEqual([
      ev.path('t/drop-1.json'),
      ev.path('t/drop-2.json'),
    ]);
    expect(globbed.files.map((f) => f.path)).not.toContain(ev.path('t/other.txt'));
    // overlapping inputs (a glob and its folder, the file on its own): pruned once
    const twice = await discover(
      [ev.path('t') + '/*.json', ev.path('t'), ev.path('t/drop-1.json')],
      { prune },
    );
    expect(twice.pruned.map((f) => f.path)).toEqual([
      ev.path('t/drop-1.json'),
      ev.path('t/drop-2.json'),
    ]);
    expect(twice.files.map((f) => f.path)).not.toContain(ev.path('t/drop-1.json'));
    // a glob that only pruned files matched is not "matched nothing"
    const only = await discover([ev.path('t') + '/drop-[0-9].json'], { prune });
    expect(only.problems).toEqual([]);
    expect(only.pruned).toHaveLength(2);
  });
});
