import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/registry.js';
import { COMMAND_ACCESS } from '../../src/case/access.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

describe('who writes to a case file', () => {
  it('classifies every command once, and SECURITY.md lists each of them', () => {
    const security = readFileSync(join(REPO_ROOT, 'SECURITY.md'), 'utf8');
    for (const c of COMMANDS) {
      expect(COMMAND_ACCESS[c.name], c.name).toBeDefined();
      expect(security, c.name).toContain(`\`${c.name}`);
    }
    expect(
      Object.keys(COMMAND_ACCESS)
        .filter((k) => k !== '(default)')
        .sort(),
    ).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('says how to report a problem privately, with no placeholder', () => {
    const security = readFileSync(join(REPO_ROOT, 'SECURITY.md'), 'utf8');
    expect(security).toMatch(/GitHub security advisory/);
    expect(security).toMatch(/private vulnerability reporting/);
    expect(security).not.toMatch(/TODO|example\.com|security@|\[contact\]/i);
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain('(SECURITY.md)');
  });
});
