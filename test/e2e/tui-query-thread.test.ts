// A filter that takes seconds to run (400 bare words, each a LIKE over every key field and every
// row's request parameters) runs on the query thread: the screen says so, keys stay live, Esc
// cancels and brings back the previous filter, Ctrl-C gives the terminal back at once and quits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, spawnPty } from '../helpers/pty.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';

let cache = '';
let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'trailscope-query-thread-'));
  evidence = guardEvidence(join(REPO_ROOT, 'demo-data'));
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));
afterAll(() => evidence?.check());

const SLOW = Array.from({ length: 400 }, (_, i) => `zq${i}`).join(' OR ');

describe('long filters run off the input thread', () => {
  it('shows the filter running, Esc cancels it and restores the previous filter, Ctrl-C quits', async () => {
    const t = spawnPty(['demo'], { cols: 100, rows: 30, env: { TRAILSCOPE_CACHE_DIR: cache } });
    try {
      await t.waitFor('20,751 events', 60_000);
      await t.settle(300);
      t.write('f');
      await t.settle(200);
      t.write(KEYS.ctrlU + 'name:GetObject' + KEYS.enter);
      await t.waitFor(/2,682 events of 20,751/);
      await t.settle(200);
      t.write('f');
      await t.settle(200);
      t.write(KEYS.ctrlU + SLOW + KEYS.enter);
      await t.waitFor('running the filter… (Esc cancels)');
      // keys are read while it runs: help opens and closes
      t.write('?');
      await t.waitFor(/in every list|all commands|Help/i, 3000);
      t.write('q');
      await t.waitFor('running the filter… (Esc cancels)', 3000);
      t.write(KEYS.escape);
      const s = await t.waitFor(/2,682 events of 20,751/, 3000);
      expect(s).toContain('filter: name:GetObject');
      // run it again and quit while it runs
      t.write('f');
      await t.settle(200);
      t.write(KEYS.ctrlU + SLOW + KEYS.enter);
      await t.waitFor('running the filter… (Esc cancels)');
      const before = Date.now();
      t.write(KEYS.ctrlC);
      // the input thread answers at once: the terminal is given back while the query runs
      while (t.inAltScreen() && Date.now() - before < 5000)
        await new Promise((r) => setTimeout(r, 20));
      expect(t.inAltScreen()).toBe(false);
      // the process ends when the query thread's current SQLite step returns (a worker cannot be
      // stopped inside native code, nor can the process exit before it): ~1 s here, 12 s once on a
      // loaded machine; this bounds a hang, the bench measures time
      const e = await Promise.race([
        t.exited,
        new Promise<null>((r) => setTimeout(() => r(null), 60_000)),
      ]);
      expect(e?.exitCode).toBe(0);
    } finally {
      t.kill();
    }
  }, 120_000);
});
