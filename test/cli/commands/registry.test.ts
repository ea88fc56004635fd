// The registry lists every command and loads its module only when it runs: each loader must give
// the command it is listed as, and a command that runs must not load the others.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commands/registry.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'ts-registry-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The built CLI's own modules that one run loads (a module loader hook writes each one down). */
function modulesLoaded(args: string[]): string[] {
  const log = join(tmp, `loaded-${args.join('-').replace(/\W/g, '')}.txt`);
  const hooks = join(tmp, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
     export async function load(url, context, next) {
       if (url.startsWith('file:')) appendFileSync(process.env.TS_LOADED_LOG, url + '\\n');
       return next(url, context);
     }`,
  );
  const register = join(tmp, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`,
  );
  try {
    execFileSync(process.execPath, ['--import', register, 'bin/trailscope.js', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TS_LOADED_LOG: log },
      stdio: 'ignore',
    });
  } catch {
    // a failing command (no case file) still shows what it loaded
  }
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((u) => u.includes('/dist/'))
    .map((u) => u.slice(u.indexOf('/dist/') + 1));
}

describe('command registry', () => {
  it('each entry loads the command it names, once per name', async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of COMMANDS) {
      const spec = await entry.load();
      expect(spec.name).toBe(entry.name);
      expect(entry.summary.length).toBeGreaterThan(10);
    }
  });

  it('a command that runs loads its own module only: no other command, no ingest pipeline', () => {
    const version = modulesLoaded(['--version']);
    expect(version).toContain('dist/cli/main.js');
    expect(version.filter((m) => m.startsWith('dist/cli/commands/'))).toEqual([
      'dist/cli/commands/registry.js',
      'dist/cli/commands/open.js',
    ]);
    const stats = modulesLoaded(['stats', '--db', join(tmp, 'none.db')]);
    expect(stats).toContain('dist/cli/commands/stats.js');
    expect(stats).not.toContain('dist/cli/commands/query.js');
    expect(stats.filter((m) => m.startsWith('dist/ingest/'))).toEqual([]);
  });
});
