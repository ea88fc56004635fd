// `trailscope demo` (what `npm start` runs) in a real pseudo-terminal: the first run indexes the
// bundle into a private cache folder and opens the TUI; the README walkthrough's key path (Insights,
// the GetObject window, the credential chain) shows what the README says it shows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, spawnPty } from '../helpers/pty.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';

let cache: string;
let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'trailscope-demo-tui-'));
  evidence = guardEvidence(join(REPO_ROOT, 'demo-data'));
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));
afterAll(() => evidence?.check());

describe('trailscope demo in a terminal', () => {
  it('opens the demo, and the walkthrough leads from the burst to the leaked key', async () => {
    const t = spawnPty(['demo'], { cols: 100, rows: 30, env: { TRAILSCOPE_CACHE_DIR: cache } });
    try {
      let s = await t.waitFor('20,751 events', 90_000);
      expect(s).toContain('demo: brightlane (synthetic incident)');
      expect(t.inAltScreen()).toBe(true);

      t.write('i');
      // a header can reach the terminal a read before its rows: wait for both (here and below)
      s = await t.waitFor(
        (x) => x.includes('anomalous windows') && /2026-03-12 02:14\s+5m\s+GetObject/.test(x),
        20_000,
      );
      expect(s).toMatch(/2026-03-12 01:48 .*errors 1% → 77%\s+ci-deployer/);

      // The README: ↓ ↓ ↓ Enter on the GetObject window.
      const lines = s.split('\n');
      const getObjectRow = lines.findIndex((l) => /2026-03-12 02:14\s+5m\s+GetObject/.test(l));
      const firstRow = lines.findIndex((l) => /^2026-/.test(l));
      expect(getObjectRow - firstRow).toBe(3);
      // in one chunk, as a slow link delivers them: Enter must see the row the arrows selected
      t.write(KEYS.down + KEYS.down + KEYS.down + KEYS.enter);
      s = await t.waitFor(
        (x) => x.includes('504 events') && /GetObject.*platform-admi.*45\.137\.21\.9/.test(x),
        20_000,
      );

      t.write('t');
      s = await t.waitFor(
        (x) => x.includes('Origin: iam-user') && /● AKIAT4GQ2XHN7LMVZ3KD long-term/.test(x),
        20_000,
      );
      expect(s).toContain('user/ci-deployer');
      expect(s).toContain('Chain complete');
      expect(s).toMatch(/● AKIAT4GQ2XHN7LMVZ3KD long-term\s+IAMUser/);

      for (let i = 0; i < 4; i++) {
        t.write('q');
        await t.settle();
      }
      const { exitCode } = await t.exited;
      expect(exitCode).toBe(0);
      expect(t.inAltScreen()).toBe(false);
    } finally {
      t.kill();
    }
  }, 180_000);
});
