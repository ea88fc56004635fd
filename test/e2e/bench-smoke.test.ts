import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The harness behind `npm run bench`, run on a tiny corpus: it must produce a figure for every
// measured part (no timing is asserted; figures live in the README, not in tests).
const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench (smoke)', () => {
  it('generates both tiny corpora, indexes, carves and indexes them with 500 Sigma rules with the built CLI, reports figures as JSON', () => {
    const r = spawnSync(
      process.execPath,
      [
        'dist-dev/bench/main.js',
        '--events',
        '400',
        '--only',
        'index,carve,sigma,triage',
        '--dir',
        dir,
        '--json',
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      corpora: { name: string; events: number; records: number }[];
      figures: { section: string; name: string; measured: number | null; note?: string }[];
    };
    expect(report.corpora.map((c) => c.name)).toEqual(['bench', 'wide']);
    for (const c of report.corpora) {
      const mine = report.figures.filter((f) => f.section.startsWith(`${c.name}: `));
      const byName = new Map(mine.map((f) => [f.name, f]));
      expect(byName.get('unique events stored = generated')?.measured).toBe(c.events);
      expect(byName.get('index end to end (records in)')?.measured).toBeGreaterThan(0);
      expect(byName.get('access keys in the case file')?.measured).toBeGreaterThan(0);
      expect(byName.get('carve keeps exactly the window')?.note).toMatch(/^exact/);
      expect(byName.get('carve time / full index time')?.measured).toBeGreaterThan(0);
      expect(mine.some((f) => f.name === 'notable view open' && f.measured !== null)).toBe(true);
      // the rules' cost is measured as index runs have them: on their own (compiled) thread
      expect(byName.get('index slowdown from rules')?.note).toMatch(/rules on their own thread/);
      expect(byName.get('index --rules (500 Sigma rules)')?.measured).toBeGreaterThan(0);
      expect(byName.get('index --rules (500 Sigma rules)')?.note).toMatch(/hits/);
      expect(byName.has('Sigma cost, CPU')).toBe(true);
      expect(byName.get('index --rules, catalogue-shaped pack')?.measured).toBeGreaterThan(0);
      expect(byName.has('Sigma cost, wall (catalogue-shaped pack)')).toBe(true);
    }
    expect(report.corpora[0].events).toBe(400);
    expect(existsSync(join(dir, 'last-run.json'))).toBe(true);
  }, 300_000);
});
