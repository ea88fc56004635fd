import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A worker thread's compiled script, looked for relative to the module that starts it (`moduleUrl`
 * is that module's `import.meta.url`), first of `candidates` that exists. Under vitest the sources
 * are .ts and there is no compiled script: null, and the caller does the work in its own thread.
 */
export function compiledWorker(moduleUrl: string, ...candidates: string[]): URL | null {
  if (!moduleUrl.endsWith('.js')) return null;
  for (const rel of candidates) {
    const url = new URL(rel, moduleUrl);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}
