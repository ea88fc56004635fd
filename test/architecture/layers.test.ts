// The layering the README's Architecture section describes, checked on the sources: domain/ is
// pure (no SQLite, no store), and no import cycles outside the TUI (which its rework owns).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  importCycles,
  importGraph,
  importSpecifiers,
  type ImportGraph,
} from '../helpers/import-graph.js';

/**
 * Type-only cycles that exist on main, to be fixed where they are (one of the two modules should
 * own the shared types). Listed so that a new one fails, and so that fixing one fails until it is
 * struck from here.
 */
const KNOWN_TYPE_CYCLES: string[][] = [
  // the ingest message protocol and the evidence-bytes keeper name each other's types (#10 write path)
  ['src/ingest/evidence-bytes.ts', 'src/ingest/messages.ts'],
];

const repo = join(import.meta.dirname, '..', '..');

describe('layers', () => {
  it('domain/ imports neither better-sqlite3 nor the store', () => {
    const offending: string[] = [];
    for (const [file, specs] of importSpecifiers(repo, 'src/domain'))
      for (const { specifier: s } of specs)
        if (s === 'better-sqlite3' || /(^|\/)store\//.test(s)) offending.push(`${file} → ${s}`);
    expect(offending).toEqual([]);
  });

  it('finds an import made only for a type, and a store import, in a module', () => {
    // the check above reads type-only imports too (a type from the store still couples the layer)
    const specs = importSpecifiers(repo, 'src/case').get('src/case/derived.ts') ?? [];
    expect(specs).toContainEqual({ specifier: 'better-sqlite3', typeOnly: true });
    expect(specs.some((s) => s.specifier.startsWith('../store/') && !s.typeOnly)).toBe(true);
  });

  it('has no import cycles in src/ outside src/tui/', () => {
    const outsideTui = (graph: ImportGraph): ImportGraph => {
      for (const file of [...graph.keys()]) if (file.startsWith('src/tui/')) graph.delete(file);
      return graph;
    };
    // cycles that load modules in a circle: never
    expect(importCycles(outsideTui(importGraph(repo, 'src', { runtimeOnly: true })))).toEqual([]);
    // cycles through types only: none beyond those listed (each is removed when it is fixed)
    expect(importCycles(outsideTui(importGraph(repo, 'src')))).toEqual(KNOWN_TYPE_CYCLES);
  });

  it('tells imports erased at run time from those that load a module', () => {
    const specs = importSpecifiers(repo, 'src/case').get('src/case/derived.ts') ?? [];
    expect(specs).toContainEqual({ specifier: './open.js', typeOnly: false });
    expect(specs).toContainEqual({ specifier: './derived-stamps.js', typeOnly: false });
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
