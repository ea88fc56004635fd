import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

/**
 * Worker-thread scripts that stand in for a compiled worker (under vitest there is none), each
 * test in a folder of its own: `worker(name, body)` writes one (`parentPort` and `workerData`
 * imported) and gives its URL; `dir()` is the test's folder.
 */
export function standInWorkers(prefix: string): {
  dir: () => string;
  worker: (name: string, body: string) => URL;
} {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    worker: (name, body) => {
      const path = join(dir, name);
      writeFileSync(
        path,
        `import { parentPort, workerData } from 'node:worker_threads';\n${body}\n`,
      );
      return pathToFileURL(path);
    },
  };
}
