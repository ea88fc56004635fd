import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheDir } from '../../src/cli/cache-dir.js';
import { demoKey, ensureDemoCase } from '../../src/cli/demo-case.js';
import { openCaseFile } from '../../src/store/db.js';
import { ctEvent } from '../helpers/case-file.js';

describe('cacheDir', () => {
  it('follows TRAILSCOPE_CACHE_DIR, then each platform’s convention', () => {
    expect(cacheDir({ TRAILSCOPE_CACHE_DIR: '/x/y' }, 'linux', '/home/u')).toBe('/x/y');
    expect(cacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/trailscope');
    expect(cacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/trailscope');
    expect(cacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/trailscope');
    expect(
      cacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
    ).toContain('trailscope');
  });
});

describe('ensureDemoCase', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function bundle(events: Record<string, unknown>[]): { data: string; cache: string } {
    const root = mkdtempSync(join(tmpdir(), 'trailscope-demo-case-'));
    dirs.push(root);
    const data = join(root, 'demo-data');
    mkdirSync(join(data, 'trail'), { recursive: true });
    writeFileSync(join(data, 'trail', 'a.json'), JSON.stringify({ Records: events }));
    writeFileSync(join(data, 'README.md'), '# not evidence\n');
    return { data, cache: join(root, 'cache') };
  }

  function eventCount(path: string): number {
    const db = openCaseFile(path, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it('indexes once into the cache, reuses the case file, and rebuilds when the evidence changes', async () => {
    const { data, cache } = bundle([ctEvent(), ctEvent()]);
    const first = await ensureDemoCase({ dataDir: data, cache });
    expect(first.built).toBe(true);
    expect(eventCount(first.path)).toBe(2);

    const second = await ensureDemoCase({ dataDir: data, cache });
    expect(second).toMatchObject({ built: false, path: first.path });

    writeFileSync(
      join(data, 'trail', 'a.json'),
      JSON.stringify({ Records: [ctEvent(), ctEvent(), ctEvent()] }),
    );
    const third = await ensureDemoCase({ dataDir: data, cache });
    expect(third.built).toBe(true);
    expect(third.path).not.toBe(first.path);
    expect(eventCount(third.path)).toBe(3);
    // The stale case file is gone; no partial files are left behind.
    expect(existsSync(first.path)).toBe(false);
    expect(readdirSync(cache).filter((n) => n.includes('partial'))).toEqual([]);
  });

  it('keys on content, not on notes next to the evidence', () => {
    const { data } = bundle([ctEvent()]);
    const before = demoKey(data);
    writeFileSync(join(data, 'README.md'), '# edited notes\n');
    expect(demoKey(data)).toBe(before);
    writeFileSync(join(data, 'trail', 'b.json'), JSON.stringify({ Records: [ctEvent()] }));
    expect(demoKey(data)).not.toBe(before);
  });

  it('says what is wrong when the bundle is missing', async () => {
    await expect(
      ensureDemoCase({ dataDir: join(tmpdir(), 'no-such-demo-data-here'), cache: tmpdir() }),
    ).rejects.toThrow(/demo evidence is missing/);
  });
});
