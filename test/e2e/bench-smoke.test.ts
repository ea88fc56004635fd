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
  it('generates a tiny corpus, indexes it with the built CLI and reports figures as JSON', () => {
    const r = spawnSync(
      process.execPath,
      [
        'dist-dev/bench/main.js',
        '--events',
        '400',
        '--only',
        'index,triage',
        '--dir',
        dir,
        '--json',
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      corpus: { events: number; records: number };
      figures: { section: string; name: string; measured: number | null; note?: string }[];
    };
    expect(report.corpus.events).toBe(400);
    const byName = new Map(report.figures.map((f) => [f.name, f]));
    expect(byName.get('unique events stored = generated')?.measured).toBe(400);
    expect(byName.get('index end to end (records in)')?.measured).toBeGreaterThan(0);
    expect(report.figures.some((f) => f.name === 'notable view open' && f.measured !== null)).toBe(
      true,
    );
    expect(existsSync(join(dir, 'last-run.json'))).toBe(true);
  }, 150_000);
});
