import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFilter, FIELDS } from '../../src/query/index.js';
import { fieldTableMarkdown } from '../../src/query/field-doc.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

function section(title: string): string {
  const start = README.indexOf(`## ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 3);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The filter of a table cell: `name:X` or `trailscope stats --by f name:X`. */
function filtersOf(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) =>
    m[1].startsWith('trailscope ')
      ? m[1]
          .replace(/^trailscope \w+/, '')
          .replace(/--\w+ \S+/g, '')
          .trim()
      : m[1],
  );
}

describe('README and docs/filters.md', () => {
  it('documents every field, as declared, with an example that compiles', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'filters.md'), 'utf8');
    // the table is the declarations' own text (query/field-doc.ts): regenerate it when a field changes
    expect(doc).toContain(fieldTableMarkdown());
    for (const f of FIELDS) expect(() => compileFilter(f.example), f.example).not.toThrow();
  });

  it('states what negation does with missing values, multi-valued fields and normal forms', () => {
    for (const doc of [
      section('Filter language'),
      readFileSync(join(REPO_ROOT, 'docs', 'filters.md'), 'utf8'),
    ]) {
      expect(doc).toMatch(
        /keeps events with no account at all|keeps the events where the field is \*\*?missing|keeps the events where the field is missing/,
      );
      expect(doc).toMatch(/any value matches|\*\*any\*\* of its values matches/);
      expect(doc).toMatch(/canonical form/);
    }
  });

  it('gives ten or more questions whose filters all compile', () => {
    const rows = section('Ten questions as one-line filters')
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| question'));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      const cell = row.split(' | ')[1];
      const filters = filtersOf(cell);
      expect(filters.length, row).toBeGreaterThan(0);
      for (const f of filters) expect(() => compileFilter(f), f).not.toThrow();
    }
  });
});
