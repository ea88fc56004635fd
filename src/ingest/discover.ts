import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isDynamicPattern } from 'tinyglobby';
import { describeOpenError } from './parse-file.js';

/** Folder entries looked at between two turns of the event loop. */
const YIELD_EVERY = 256;

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** Identity of the file discovery vetted: the reader refuses a different file under the same name. */
  dev: number;
  ino: number;
}

export interface PathProblem {
  path: string;
  reason: string;
  /** The path names a file (or what a file's name led to), not a folder or a glob. */
  file?: boolean;
}

export interface Discovery {
  files: FoundFile[];
  /**
   * Paths that could not be used at all (missing, unreadable folder, broken symlink, not a file, a
   * symlink leading outside the evidence given).
   */
  problems: PathProblem[];
  /**
   * Paths not read because they are another name for a file or folder already found (a symlink
   * or a symlink loop): each real file is read once, under the first path that reached it.
   */
  aliases: PathProblem[];
  /** Exact count of `aliases` (the list stops at `maxProblems`). */
  aliasCount: number;
  /**
   * Files in the folders walked that `prune` left out by name, with its reason: never opened and
   * never stat'ed (a carve of 2 days out of 30 leaves out most of a tree, and a stat each was most
   * of its discovery time).
   */
  pruned: PathProblem[];
}

export interface DiscoverOptions {
  /** Absolute paths never to index (the case file itself and its WAL). */
  exclude?: readonly string[];
  /** Stop collecting problems past this many (counts stay exact through `problemCount`). */
  maxProblems?: number;
  /** Why a regular file met in a folder walk is left out by its path alone, or null to take it. */
  prune?: (path: string) => string | null;
}

/**
 * Why a path is not read when its real path is outside every evidence root. Neither the target's
 * path nor anything of its content is quoted: the summary and the case file are shared, and the
 * target may be the responder's own file (`evil.json -> ~/.git-credentials`).
 */
export const OUTSIDE_EVIDENCE =
  'leads outside the evidence given (a symlink out of the folders and files named): skipped, not read; name the target itself to index it';

/**
 * The folder a glob is anchored in: its leading segments without glob syntax (`case/**\/*.json` →
 * `case`). What the glob reaches through a symlink out of this folder is outside the evidence.
 */
function globBase(pattern: string): string {
  const segs = pattern.split('/');
  let i = 0;
  while (i < segs.length - 1 && !isDynamicPattern(segs[i])) i++;
  const base = segs.slice(0, i).join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}

function isInside(real: string, roots: readonly string[]): boolean {
  for (const r of roots) {
    if (real === r) return true;
    if (real.startsWith(r.endsWith(sep) ? r : r + sep)) return true;
  }
  return false;
}

/**
 * Expand files, folders (recursively, following symlinks but never into a folder already visited)
 * and globs into the list of regular files to read, sorted by path. Folders and files are known by
 * their real path: a symlink loop, a second name for a folder (`d2 -> d1`) or for a file
 * (`link.json -> d1/a.json`) is noted as an alias and not read twice, whether it was reached by
 * the folder walk or by a glob.
 *
 * The evidence boundary: the real path of each input (for a glob, of its anchor folder) is an
 * evidence root; a symlink (to a file or a folder) whose real path is outside every root is a
 * problem noted under the link's own name, and nothing behind it is opened or read.
 */
export async function discover(
  inputs: readonly string[],
  opts: DiscoverOptions = {},
): Promise<Discovery> {
  const exclude = new Set(opts.exclude ?? []);
  const files = new Map<string, FoundFile>();
  /** Real path of every file found → the path it was found under, and whether that is a symlink. */
  const realFiles = new Map<string, { path: string; link: boolean }>();
  const problems: PathProblem[] = [];
  let aliasCount = 0;
  const pruned: PathProblem[] = [];
  /** Paths pruned already: a path reached twice (overlapping inputs) is left out once. */
  const prunedPaths = new Set<string>();
  const prune = opts.prune;
  /** Real path of every folder reached → the path it was reached under, and whether it was read whole. */
  const visitedDirs = new Map<string, { path: string; walked: boolean }>();
  const max = opts.maxProblems ?? 10_000;
  /** A folder a glob read in part may be read again whole: each path is noted once. */
  const noted = new Set<string>();
  const problem = (path: string, reason: string, file = false): void => {
    if (noted.has(path)) return;
    noted.add(path);
    if (problems.length < max) problems.push(file ? { path, reason, file } : { path, reason });
  };
  /** Aliases, each with its reason, or with the real file it names (its final name is known at the end). */
  const aliasNotes: { path: string; reason?: string; real?: string }[] = [];
  const alias = (path: string, reason: string | { real: string }): void => {
    if (noted.has(path)) return;
    noted.add(path);
    aliasCount++;
    if (aliasNotes.length < max)
      aliasNotes.push(typeof reason === 'string' ? { path, reason } : { path, real: reason.real });
  };
  const roots: string[] = [];
  for (const input of inputs) {
    const abs = resolve(input);
    const exists = await lstat(abs).then(
      () => true,
      () => false,
    );
    const anchor = !exists && isDynamicPattern(input) ? resolve(globBase(input)) : abs;
    const real = await realpath(anchor).catch(() => null);
    if (real !== null) roots.push(real);
  }

  /**
   * A glob's test of a path, while a glob's base folder is walked: files must match it; a folder
   * that matches is read whole. Null outside a glob (everything is taken).
   */
  type Filter = (((path: string) => boolean) & { mayHold?: (path: string) => boolean }) | null;
  /** Paths a glob matched (its "matched nothing" note), aliases and failures included. */
  let matched = 0;
  const wanted = (path: string, filter: Filter): boolean => {
    if (!filter) return true;
    if (!filter(path)) return false;
    matched++;
    return true;
  };

  /**
   * `real`: the file's real path when the caller knows it (saves a realpath call); `known`: its
   * stat when the caller has it (a folder entry that is not a symlink: its lstat is its stat).
   */
  const addFile = async (
    path: string,
    real?: string,
    filter: Filter = null,
    known?: Stats,
  ): Promise<void> => {
    if (exclude.has(path) || files.has(path)) return;
    // left out by name on the walk already (the same path also given on its own)
    if (prunedPaths.has(path)) {
      if (filter) matched++;
      return;
    }
    try {
      // the boundary is checked before anything touches the target (not even a stat)
      const r = real ?? realpathSync.native(path);
      if (!isInside(r, roots)) {
        // a glob's entry that its pattern neither matches nor could hold a match under (a
        // folder) is none of the run's business
        if (filter && !filter(path) && !filter.mayHold?.(path)) return;
        if (filter) matched++;
        return problem(path, OUTSIDE_EVIDENCE, true);
      }
      const st = known ?? statSync(path);
      if (st.isDirectory()) return walk(path, wanted(path, filter) ? null : filter);
      if (!wanted(path, filter)) return;
      if (!st.isFile())
        return problem(path, 'not a regular file (device, socket or pipe): skipped', true);
      if (exclude.has(r)) return;
      // a folder entry (known) is no symlink; a path given or reached as a link is looked at
      const link = known === undefined && lstatSync(path).isSymbolicLink();
      const first = realFiles.get(r);
      if (first !== undefined) {
        // the file itself is read under its own name, a link to it is the alias, whichever the
        // sorted walk met first (`alias.json -> real.json` sorts before it); each alias names the
        // path the file is read under in the end
        if (!first.link || link) return alias(path, { real: r });
        files.delete(first.path);
        alias(first.path, { real: r });
      }
      realFiles.set(r, { path, link });
      files.set(path, {
        path,
        size: st.size,
        mtimeMs: Math.trunc(st.mtimeMs),
        dev: st.dev,
        ino: st.ino,
      });
    } catch (err) {
      if (!filter || filter(path)) problem(path, describeOpenError(err), true);
    }
  };

  /**
   * Claim a folder by its real path for `dir`; false (with a note) when it was already reached
   * under another path: a symlink back into a folder already read would loop, and a second name
   * for a folder would read every file twice.
   */
  const claimDir = (dir: string, real: string): boolean => {
    const first = visitedDirs.get(real);
    if (first === undefined) {
      visitedDirs.set(real, { path: dir, walked: false });
      return true;
    }
    if (first.path === dir) return true;
    const loop = dir.startsWith(first.path + sep) || first.path.startsWith(dir + sep);
    alias(
      dir,
      `${loop ? 'symlink loop' : 'another name for a folder'}: already read as ${first.path}`,
    );
    return false;
  };

  /**
   * Entries looked at since the walk last let the event loop run: the walk's file-system calls
   * are synchronous (an index run is its own process, and the walk has nothing to overlap with;
   * awaited calls cost ~65 µs of this thread each, 0.7 s for a 10,780-file tree, against 0.1 s),
   * so it yields now and then for signals and progress.
   */
  let sinceYield = 0;
  const breathe = async (): Promise<void> => {
    if (++sinceYield < YIELD_EVERY) return;
    sinceYield = 0;
    await new Promise<void>((r) => setImmediate(r));
  };

  /** Read a folder recursively; with a glob's filter, only what it matches is taken. */
  const walk = async (dir: string, filter: Filter = null, knownReal?: string): Promise<void> => {
    let real: string;
    try {
      real = knownReal ?? realpathSync.native(dir);
    } catch (err) {
      return problem(dir, describeOpenError(err));
    }
    if (!isInside(real, roots)) return problem(dir, OUTSIDE_EVIDENCE);
    if (!claimDir(dir, real)) return;
    const entry = visitedDirs.get(real)!;
    if (entry.walked) return;
    // a filtered walk took only part of the folder: a later plain input reads it whole
    if (!filter) entry.walked = true;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      return problem(dir, describeOpenError(err));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      await breathe();
      const name = entry.name;
      const p = join(dir, name);
      try {
        // a regular file (by its folder entry's type) left out by its name: no stat at all
        if (prune && entry.isFile() && !exclude.has(p) && !files.has(p)) {
          if (filter && !filter(p)) continue;
          if (prunedPaths.has(p)) {
            if (filter) matched++;
            continue;
          }
          const why = prune(p);
          if (why !== null) {
            if (filter) matched++;
            pruned.push({ path: p, reason: why });
            prunedPaths.add(p);
            continue;
          }
        }
        const l = lstatSync(p);
        // not a symlink: its real path is the folder's real path plus its name, its lstat its stat
        if (l.isDirectory()) await walk(p, wanted(p, filter) ? null : filter, join(real, name));
        else if (l.isSymbolicLink()) await addFile(p, undefined, filter);
        else if (wanted(p, filter)) await addFile(p, join(real, name), null, l);
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
      // The glob is expanded by walking its base folder like any folder (symlinks followed inside
      // the evidence only, loops and aliases noted), never by a library that would follow a link
      // to `/` across the whole disk.
      const pattern = resolve(input);
      const isMatch = picomatch(pattern, { dot: true });
      const base = resolve(globBase(input));
      // a path could be a folder holding matches when the pattern goes deeper than it
      const depth = pattern.split(sep).length;
      const deep = pattern.includes('**');
      const mayHold = (p: string): boolean => deep || p.split(sep).length < depth;
      matched = 0;
      if (
        await lstat(base).then(
          () => true,
          () => false,
        )
      )
        await walk(
          base,
          Object.assign((p: string) => isMatch(p), { mayHold }),
        );
      if (matched === 0) problem(input, 'glob matched nothing');
      continue;
    }
    await addFile(abs);
  }
  const byPath = (a: { path: string }, b: { path: string }): number =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  return {
    files: [...files.values()].sort(byPath),
    problems,
    aliases: aliasNotes
      .map((a): PathProblem => {
        if (a.reason !== undefined) return { path: a.path, reason: a.reason };
        const of = realFiles.get(a.real!)!.path;
        return {
          path: a.path,
          reason: `another name for ${of}${a.real === of ? '' : ` (both lead to ${a.real})`}: read once, under that path`,
        };
      })
      .sort(byPath),
    aliasCount,
    pruned,
  };
}
