// The evidence boundary: a symlink out of the evidence given is never followed (nothing of its
// target reaches the summary or the case file); a zip member's odd name is only a label and never
// stops the archive; a FIFO swapped in after discovery cannot block the reader.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, zipOf, type Evidence } from './evidence.js';
import { indexInto, withDb } from './index-helpers.js';
import { discover, OUTSIDE_EVIDENCE } from '../../src/ingest/discover.js';
import { parseJob } from '../../src/ingest/parse-file.js';
import { resolveLimits } from '../../src/ingest/limits.js';
import type { FileMessage } from '../../src/ingest/messages.js';
import { EventReader } from '../../src/store/event-reader.js';
import { formatSummary } from '../../src/cli/index-summary.js';
import type { IndexSummary } from '../../src/ingest/pipeline.js';

const MARKER = 'SECRET-MARKER-7f3a9c';
const j = (v: unknown): string => JSON.stringify(v);

let ev: Evidence;
let outside: string;
afterEach(() => {
  ev?.cleanup();
  if (outside) rmSync(outside, { recursive: true, force: true });
});

/** A folder outside the evidence holding files that would index if read, the marker everywhere. */
function outsideFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-outside-'));
  const secret = j({
    Records: records(2, MARKER, { userAgent: MARKER, requestParameters: { token: MARKER } }),
  });
  writeFileSync(join(dir, 'secret.json'), secret);
  writeFileSync(join(dir, 'credentials'), `${MARKER}\nhttps://user:${MARKER}@example.com\n`);
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'nested', 'more.json'), secret);
  return dir;
}

/** Every byte of the case file (and its WAL) and every stored string, as one text. */
function caseFileText(e: Evidence): string {
  const files = readdirSync(e.dir).filter((n) => n.startsWith('case.db'));
  const bytes = files.map((n) => readFileSync(join(e.dir, n)).toString('latin1')).join('\n');
  const stored = withDb(e, (db) => {
    const dict = (db.prepare('SELECT value FROM dict').pluck().all() as unknown[]).join('\n');
    const paths = (
      db
        .prepare("SELECT path || coalesce(error, '') || coalesce(warnings, '') FROM files")
        .pluck()
        .all() as string[]
    ).join('\n');
    const reader = new EventReader(db);
    const rows = db.prepare('SELECT raw_chunk, raw_index FROM events').all() as {
      raw_chunk: number;
      raw_index: number;
    }[];
    return [dict, paths, ...rows.map((r) => reader.rawText(r))].join('\n');
  });
  return bytes + '\n' + stored;
}

function expectNoMarker(s: IndexSummary, e: Evidence): void {
  expect(JSON.stringify(s)).not.toContain(MARKER);
  expect(formatSummary(s)).not.toContain(MARKER);
  expect(caseFileText(e)).not.toContain(MARKER);
}

describe('symlinks out of the evidence are skipped, never read', () => {
  it('a file link and a folder link to outside: noted under their own names; nothing of the targets is kept', async () => {
    outside = outsideFolder();
    ev = evidenceDir();
    ev.write('good.json', j({ Records: records(3, 'good') }));
    symlinkSync(join(outside, 'secret.json'), ev.path('evil.json'));
    symlinkSync(join(outside, 'credentials'), ev.path('creds.json'));
    symlinkSync(outside, ev.path('evil-dir'));
    mkdirSync(ev.path('sub'));
    symlinkSync(
      relative(ev.path('sub'), join(outside, 'nested', 'more.json')),
      ev.path('sub/relative.json'),
    );
    const s = await indexInto(ev);
    expect(s.events.added).toBe(3);
    const noted = Object.fromEntries(s.failed.map((f) => [f.path, f.reason]));
    expect(noted).toEqual({
      [ev.path('evil.json')]: OUTSIDE_EVIDENCE,
      [ev.path('creds.json')]: OUTSIDE_EVIDENCE,
      [ev.path('evil-dir')]: OUTSIDE_EVIDENCE,
      [ev.path('sub/relative.json')]: OUTSIDE_EVIDENCE,
    });
    // the note names the link, never the target
    expect(JSON.stringify(s)).not.toContain(outside);
    expectNoMarker(s, ev);
  });

  it('globs are bounded by their anchor folder', async () => {
    outside = outsideFolder();
    ev = evidenceDir();
    ev.write('logs/good.json', j({ Records: records(2, 'good') }));
    symlinkSync(join(outside, 'secret.json'), ev.path('logs/evil.json'));
    symlinkSync(outside, ev.path('logs/evil-dir'));
    // a link to the root of the disk: the glob must not walk the whole machine
    symlinkSync('/', ev.path('logs/evil-root'));
    ev.write('logs/sub/more.json', j({ Records: records(1, 'more') }));
    const started = Date.now();
    const s = await indexInto(ev, [join(ev.dir, 'logs', '**', '*.json')]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(s.events.added).toBe(3);
    // one note per link, under the link's own name: nothing below it was listed
    expect(s.failed).toEqual([
      { path: ev.path('logs/evil-dir'), reason: OUTSIDE_EVIDENCE },
      { path: ev.path('logs/evil-root'), reason: OUTSIDE_EVIDENCE },
      { path: ev.path('logs/evil.json'), reason: OUTSIDE_EVIDENCE },
    ]);
    expectNoMarker(s, ev);
  });

  it('a glob says nothing of links outside that neither match it nor could hold a match', async () => {
    outside = outsideFolder();
    ev = evidenceDir();
    ev.write('g1/a.json', j({ Records: records(2, 'ga') }));
    symlinkSync(outside, ev.path('g1/etclink'));
    symlinkSync(join(outside, 'credentials'), ev.path('g1/notes.txt'));
    symlinkSync(join(outside, 'secret.json'), ev.path('g1/evil.json'));
    const s = await indexInto(ev, [join(ev.dir, 'g1', '*.json')]);
    expect(s.events.added).toBe(2);
    // the link the pattern matches is still named; the other two are not its business
    expect(s.failed).toEqual([{ path: ev.path('g1/evil.json'), reason: OUTSIDE_EVIDENCE }]);
    expect(s.files.found).toBe(2);
    expectNoMarker(s, ev);
  });

  it('a glob reads a folder it matches whole, and says when it matched nothing', async () => {
    ev = evidenceDir();
    ev.write('case/a/one.json', j({ Records: records(1, 'one') }));
    ev.write('case/a/deeper/two.json.gz', j({ Records: records(1, 'two') }));
    ev.write('case/b/three.txt', 'not matched');
    const d = await discover([join(ev.dir, 'case', '*a')]);
    expect(d.files.map((f) => f.path)).toEqual([
      ev.path('case/a/deeper/two.json.gz'),
      ev.path('case/a/one.json'),
    ]);
    const none = await discover([
      join(ev.dir, 'case', '**', '*.csv'),
      join(ev.dir, 'missing', '*.json'),
    ]);
    expect(none.problems.map((p) => p.reason)).toEqual([
      'glob matched nothing',
      'glob matched nothing',
    ]);
  });

  it('links between the roots given, and a root that is itself a link, are inside', async () => {
    outside = outsideFolder();
    ev = evidenceDir();
    ev.write('a/one.json', j({ Records: records(1, 'one') }));
    ev.write('b/two.json', j({ Records: records(1, 'two') }));
    symlinkSync(ev.path('b/two.json'), ev.path('a/to-b.json'));
    // a link given by name is the user's choice: its target is a root of its own
    symlinkSync(join(outside, 'secret.json'), ev.path('named-link.json'));
    const d = await discover([ev.path('b'), ev.path('a'), ev.path('named-link.json')]);
    expect(d.problems).toEqual([]);
    expect(d.files.map((f) => f.path).sort()).toEqual([
      ev.path('a/one.json'),
      ev.path('b/two.json'),
      ev.path('named-link.json'),
    ]);
    expect(d.aliases.map((a) => a.path)).toEqual([ev.path('a/to-b.json')]);
    // only folder a given: its link into b is outside
    const onlyA = await discover([ev.path('a')]);
    expect(onlyA.problems).toEqual([
      { path: ev.path('a/to-b.json'), reason: OUTSIDE_EVIDENCE, file: true },
    ]);
  });
});

describe('zip member names are labels, never paths', () => {
  it('traversal, absolute, backslash and control-character names are indexed under their literal (made safe) name, and later members are read', async () => {
    ev = evidenceDir();
    const rec = (tag: string): Buffer => Buffer.from(j({ Records: records(1, tag) }));
    ev.write(
      'bundle.zip',
      zipOf([
        { name: '../x.json', data: rec('dotdot') },
        { name: '/etc/x.json', data: rec('absolute') },
        { name: 'a\\..\\x.json', data: rec('backslash') },
        { name: 'C:\\x.json', data: rec('drive') },
        { name: 'ctl\u001b]52;c;aGk=\u0007\u009b.json', data: rec('control'), utf8: true },
        { name: 'ok/after.json', data: rec('after') },
        { name: 'ok/after.json', data: rec('twin') },
      ]),
    );
    const s = await indexInto(ev);
    expect(s.failed).toEqual([]);
    expect(s.events.added).toBe(7);
    const paths = withDb(ev, (db) =>
      db.prepare("SELECT path FROM files WHERE path LIKE '%!%' ORDER BY id").pluck().all(),
    ) as string[];
    const z = ev.path('bundle.zip');
    expect(paths).toEqual([
      `${z}!../x.json`,
      `${z}!/etc/x.json`,
      `${z}!a\\..\\x.json`,
      `${z}!C:\\x.json`,
      `${z}!ctl\\e]52;c;aGk=\\x07\\x9b.json`,
      `${z}!ok/after.json`,
      `${z}!ok/after.json (member 7: same name as an earlier member)`,
    ]);
    // nothing was written beside the evidence
    expect(readdirSync(ev.dir).sort()).toEqual(
      ['bundle.zip', ...readdirSync(ev.dir).filter((n) => n.startsWith('case.db'))].sort(),
    );
    expect(readdirSync(join(ev.dir, '..')).includes('x.json')).toBe(false);
  });
});

describe('reads never block', () => {
  const collect = async (
    path: string,
    extra: { dev?: number; ino?: number } = {},
  ): Promise<FileMessage[]> => {
    const out: FileMessage[] = [];
    await parseJob({ id: 0, path, ...extra }, resolveLimits(), async (m) => void out.push(m));
    return out;
  };

  it('the reader given a FIFO fails it at once instead of waiting for a writer', async () => {
    ev = evidenceDir();
    execFileSync('mkfifo', [ev.path('pipe.json')]);
    const started = Date.now();
    const msgs = await collect(ev.path('pipe.json'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(msgs.at(-1)?.end).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/not a regular file/),
    });
  }, 10_000);

  it('a file swapped for a FIFO after discovery: that file fails, the run finishes', async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: records(2, 'a') }));
    ev.write('b.json', j({ Records: records(2, 'b') }));
    let swapped = false;
    const s = await indexInto(ev, [ev.dir], {
      onProgress: (p) => {
        if (p.phase === 'indexing' && !swapped) {
          swapped = true;
          rmSync(ev.path('b.json'));
          execFileSync('mkfifo', [ev.path('b.json')]);
        }
      },
    });
    expect(swapped).toBe(true);
    expect(s.events.added).toBe(2);
    expect(s.failed.find((f) => f.path === ev.path('b.json'))?.reason).toMatch(
      /not a regular file/,
    );
  }, 10_000);

  it('a file replaced (or re-pointed outside) after discovery is not read', async () => {
    outside = outsideFolder();
    ev = evidenceDir();
    ev.write('a.json', j({ Records: records(2, 'a') }));
    ev.write('b.json', j({ Records: records(2, 'b') }));
    let swapped = false;
    const s = await indexInto(ev, [ev.dir], {
      onProgress: (p) => {
        if (p.phase === 'indexing' && !swapped) {
          swapped = true;
          rmSync(ev.path('b.json'));
          symlinkSync(join(outside, 'secret.json'), ev.path('b.json'));
        }
      },
    });
    expect(s.events.added).toBe(2);
    expect(s.failed.find((f) => f.path === ev.path('b.json'))?.reason).toMatch(
      /replaced by another file after it was found/,
    );
    expectNoMarker(s, ev);
  });
});
