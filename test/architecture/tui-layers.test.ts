// The TUI's structure as the README describes it: no import cycles (types included), and
// features that open each other's views through routes.ts rather than importing each other.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importCycles, importGraph, importSpecifiers } from '../helpers/import-graph.js';

const repo = join(import.meta.dirname, '..', '..');

describe('TUI layers', () => {
  it('has no import cycles in src/tui/, type-only imports included', () => {
    const graph = importGraph(repo, 'src');
    for (const file of [...graph.keys()]) if (!file.startsWith('src/tui/')) graph.delete(file);
    expect(importCycles(graph)).toEqual([]);
  });

  it('features do not import each other: they open views through routes.ts', () => {
    const features = ['events', 'lineage', 'triage', 'notes', 'evidence'];
    const offending: string[] = [];
    for (const [file, specs] of importSpecifiers(repo, 'src/tui')) {
      const own = features.find((f) => file.startsWith(`src/tui/${f}/`));
      if (!own) continue;
      for (const spec of specs as unknown[]) {
        const s = typeof spec === 'string' ? spec : (spec as { specifier: string }).specifier;
        for (const other of features)
          if (other !== own && new RegExp(`(^|/)${other}/`).test(s))
            offending.push(`${file} → ${s}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
