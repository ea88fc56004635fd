import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { describeOpenError } from './parse-file.js';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface PathProblem {
  path: string;
  reason: string;
}

export interface Discovery {
  files: FoundFile[];
  /** Paths that could not be used at all (missing, unreadable folder, symlink loop, not a file). */
  problems: PathProblem[];
}

export interface DiscoverOptions {
  /** Absolute paths never to index (the case file itself and its WAL). */
  exclude?: readonly string[];
  /** Stop collecting problems past this many (counts stay exact through `problemCount`). */
  maxProblems?: number;
}

/**
 * Expand files, folders (recursively, following symlinks but never into a folder already visited)
 * and globs into the list of regular files to read, sorted by path.
 */
export async function discover(inputs: readonly string[], opts: DiscoverOptions = {}): Promise<Discovery> {
  const exclude = new Set(opts.exclude ?? []);
  const files = new Map<string, FoundFile>();
  const problems: PathProblem[] = [];
  const visitedDirs = new Set<string>();
  const problem = (path: string, reason: string): void => {
    if (problems.length < (opts.maxProblems ?? 10_000)) problems.push({ path, reason });
  };

  const addFile = async (path: string): Promise<void> => {
    if (exclude.has(path) || files.has(path)) return;
    try {
      const st = await stat(path);
      if (st.isDirectory()) return walk(path);
      if (!st.isFile()) return problem(path, 'not a regular file (device, socket or pipe): skipped');
      files.set(path, { path, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
    } catch (err) {
      problem(path, describeOpenError(err));
    }
  };

  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (err) {
      return problem(dir, describeOpenError(err));
    }
    if (visitedDirs.has(real)) {
      // a symlink back into a folder already read: following it again would loop or double-count
      return problem(dir, `symlink loop or repeated folder (same as ${real}): not read again`);
    }
    visitedDirs.add(real);
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      return problem(dir, describeOpenError(err));
    }
    const names: string[] = [];
    try {
      for await (const ent of handle) names.push(ent.name);
    } catch (err) {
      problem(dir, describeOpenError(err));
    }
    names.sort();
    for (const name of names) {
      const p = join(dir, name);
      try {
        const l = await lstat(p);
        if (l.isDirectory()) await walk(p);
        else await addFile(p);
      } catch (err) {
        problem(p, describeOpenError(err));
      }
    }
  };

  for (const input of inputs) {
    const abs = resolve(input);
    let exists = true;
    try {
      await lstat(abs);
    } catch {
      exists = false;
    }
    if (!exists && isDynamicPattern(input)) {
      const matches = await glob(input, { absolute: true, onlyFiles: false, dot: true, followSymbolicLinks: true });
      if (matches.length === 0) problem(input, 'glob matched nothing');
      for (const m of matches.sort()) await addFile(resolve(m));
      continue;
    }
    await addFile(abs);
  }
  return { files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), problems };
}
