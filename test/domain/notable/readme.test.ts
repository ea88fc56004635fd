import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesMarkdownTable } from '../../../src/domain/notable/markdown.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

describe('README rule table', () => {
  it('is the table generated from the rule list', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const m = /<!-- notable-rules:start -->\n([\s\S]*?)\n<!-- notable-rules:end -->/.exec(readme);
    expect(m, 'README needs the notable-rules markers in its Triage section').not.toBeNull();
    // to update: paste the output of rulesMarkdownTable() between the markers
    expect(m![1]).toBe(rulesMarkdownTable());
  });
});
