import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { reportCase } from '../helpers/report-case.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-coverage-'));
  reportCase(join(dir, 'case.db')).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trailscope coverage', () => {
  it('--json: the grid, the blind window from the successful StopLogging only, the digest gap with its reason', () => {
    const r = runCli(['coverage', '--db', join(dir, 'case.db'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({
      zoom: 'hour',
      from: '2024-04-11T10:00:00Z',
      to: '2024-04-11T14:00:00Z',
      verdictsUsed: true,
    });
    const east = c.rows.find((x: { region: string }) => x.region === 'us-east-1');
    expect(east.cells.map((x: { digest: string }) => x.digest)).toEqual([
      'digested',
      'digested',
      'gap',
      'problem',
    ]);
    expect(east.cells[1]).toEqual({
      start: '2024-04-11T11:00:00Z',
      events: 1,
      files: 0,
      digest: 'digested',
      blind: ['logging-stopped'],
      outside: false,
    });
    expect(c.blindWindows).toEqual([
      expect.objectContaining({
        kind: 'logging-stopped',
        from: '2024-04-11T10:30:00Z',
        to: '2024-04-11T11:50:00Z',
        fromEventId: 'ev-1030-StopLogging',
      }),
    ]);
    expect(c.gaps).toEqual([
      expect.objectContaining({
        chain: '111122223333/us-east-1/main',
        from: '2024-04-11T12:00:00Z',
        to: '2024-04-11T13:00:00Z',
      }),
    ]);
  });

  it('text by day, and usage errors exit 2', () => {
    const r = runCli(['coverage', '--db', join(dir, 'case.db'), '--by', 'day']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^coverage by day, 2024-04-11T00:00:00Z → 2024-04-12T00:00:00Z/);
    expect(r.stdout).toMatch(/\n {2}2024-04-11 X\n/);
    expect(r.stdout).toContain('logging-stopped   2024-04-11T10:30:00Z → 2024-04-11T11:50:00Z');
    expect(runCli(['coverage', '--db', join(dir, 'case.db'), '--by', 'week']).status).toBe(2);
  });
});
