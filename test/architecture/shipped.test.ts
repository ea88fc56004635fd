// The published package carries the tool, not its development generators and benchmark: nothing
// shipped imports them, the shipped build leaves them out, and the package's file list excludes
// them even when an old build left them in dist/.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';

const repo = join(import.meta.dirname, '..', '..');
const DEV = /^src\/(bench|synth)\//;

describe('shipped build', () => {
  it('no shipped module imports src/bench or src/synth', () => {
    const offending: string[] = [];
    for (const [file, to] of importGraph(repo, 'src'))
      if (!DEV.test(file)) for (const t of to) if (DEV.test(t)) offending.push(`${file} → ${t}`);
    expect(offending).toEqual([]);
  });

  it('tsconfig.build.json excludes them and tsconfig.dev.json builds them apart', () => {
    const build = JSON.parse(readFileSync(join(repo, 'tsconfig.build.json'), 'utf8'));
    expect(build.exclude).toEqual(expect.arrayContaining(['src/bench', 'src/synth']));
    const dev = JSON.parse(readFileSync(join(repo, 'tsconfig.dev.json'), 'utf8'));
    expect(dev.compilerOptions.outDir).toBe('dist-dev');
  });

  it('the package lists no benchmark or generator file', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map(
      (f) => f.path,
    );
    expect(files).toContain('bin/trailscope.js');
    expect(files.some((f) => f.startsWith('demo-data/'))).toBe(true);
    expect(files.filter((f) => /^(dist|dist-dev)\/(bench|synth)\/|^dist-dev\//.test(f))).toEqual(
      [],
    );
  });
});
