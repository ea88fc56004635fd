// The layering the README's Architecture section describes, checked on the sources: domain/ is
// pure (no SQLite, no store), and no import cycles outside the TUI (which its rework owns).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importCycles, importGraph, importSpecifiers } from '../helpers/import-graph.js';

const repo = join(import.meta.dirname, '..', '..');

describe('layers', () => {
  it('domain/ imports neither better-sqlite3 nor the store', () => {
    const offending: string[] = [];
    for (const [file, specs] of importSpecifiers(repo, 'src/domain'))
      for (const s of specs)
        if (s === 'better-sqlite3' || /(^|\/)store\//.test(s)) offending.push(`${file} → ${s}`);
    expect(offending).toEqual([]);
  });

  it('finds an import made only for a type, and a store import, in a module', () => {
    // the check above reads type-only imports too (a type from the store still couples the layer)
    const specs = importSpecifiers(repo, 'src/case').get('src/case/derived.ts') ?? [];
    expect(specs).toContain('better-sqlite3');
    expect(specs.some((s) => s.startsWith('../store/'))).toBe(true);
  });

  it('has no import cycles in src/ outside src/tui/', () => {
    const graph = importGraph(repo, 'src');
    for (const file of [...graph.keys()]) if (file.startsWith('src/tui/')) graph.delete(file);
    expect(importCycles(graph)).toEqual([]);
  });

  it('reports a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});
