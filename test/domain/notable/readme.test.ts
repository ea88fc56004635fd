import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  catalogueMarkdownTable,
  familiesMarkdown,
  rulesMarkdownTable,
} from '../../../src/domain/notable/markdown.js';
import type { Catalogue } from '../../../src/domain/notable/catalogue/catalogue.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const page = readFileSync(join(REPO_ROOT, 'docs/triage.md'), 'utf8');
const catalogue = JSON.parse(
  readFileSync(join(REPO_ROOT, 'src/domain/notable/catalogue/stratus-red-team-aws.json'), 'utf8'),
) as Catalogue;

function between(marker: string): string | null {
  const m = new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`).exec(
    page,
  );
  return m ? m[1] : null;
}

// to update: paste the function's output between the page's markers
describe('docs/triage.md tables', () => {
  it('the rule table is the one generated from the rule list', () => {
    expect(between('notable-rules')).toBe(rulesMarkdownTable());
  });
  it('the families are the rule files', () => {
    expect(between('notable-families')).toBe(familiesMarkdown());
  });
  it('the coverage table is the one generated from the catalogue data file', () => {
    expect(between('catalogue-coverage')).toBe(catalogueMarkdownTable(catalogue));
  });
  it('the README links the page', () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain('docs/triage.md');
  });
});
