// The TUI's bundle (scripts/bundle-tui.mjs, built by `npm run build`): it loads, lays out with
// yoga, and does not pull in Node's fetch (undici, ~40 ms of the TUI's start) to decode yoga's
// embedded WebAssembly.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const BUNDLE = join(REPO_ROOT, 'dist', 'tui', 'main', 'run-tui.bundle.js');

describe('TUI bundle', () => {
  it.skipIf(!existsSync(BUNDLE))('loads yoga without loading undici', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `process.env.NODE_ENV = 'production';
         const m = await import(${JSON.stringify(BUNDLE)});
         console.log(JSON.stringify({
           runTui: typeof m.runTui,
           undici: process.moduleLoadList.filter((x) => /undici/.test(x)),
         }));`,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ runTui: 'function', undici: [] });
  });

  it.skipIf(!existsSync(BUNDLE))(
    'imports string-width once, for our width function; ink and its helpers measure through it',
    () => {
      const text = readFileSync(BUNDLE, 'utf8');
      expect(text.match(/from "string-width"/g)).toHaveLength(1);
      expect(text).toContain('function inkStringWidth(');
      // no second copy of string-width's own code (wrap-ansi's 7.x included)
      expect(text).not.toContain('hangulClusterWidth');
      expect(text).not.toMatch(/node_modules\/(wrap-ansi\/)?node_modules\/string-width/);
      // nor the devtools' WebSocket library (ink loads it only in development)
      expect(text).not.toMatch(/node_modules\/ws\//);
    },
  );
});
