import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from './run-cli.js';

/**
 * Compare text with a committed golden file under test/golden/. `UPDATE_GOLDEN=1 npx vitest run`
 * rewrites the files instead (review the diff before committing).
 */
export function expectGolden(relPath: string, actual: string): void {
  const path = join(REPO_ROOT, 'test', 'golden', relPath);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
    if (!process.env.UPDATE_GOLDEN && process.env.CI)
      throw new Error(`golden file missing: ${relPath}`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
