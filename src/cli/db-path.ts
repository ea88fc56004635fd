import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { cacheDir } from './cache-dir.js';

export const DEFAULT_DB = 'trailscope.db';

export interface DbChoice {
  path: string;
  /** True when neither --db nor TRAILSCOPE_DB chose it (index says so on first use). */
  isDefault: boolean;
  /** The default moved to the cache folder because the current folder is inside the evidence. */
  inCache?: boolean;
}

/**
 * --db wins, then TRAILSCOPE_DB, then ./trailscope.db; when that does not exist but `index` run
 * from this folder put the case file in the cache folder (the folder is inside the evidence), that one.
 */
export function resolveDbPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): DbChoice {
  if (flag) return { path: resolve(flag), isDefault: false };
  if (env.TRAILSCOPE_DB) return { path: resolve(env.TRAILSCOPE_DB), isDefault: false };
  const local = resolve(cwd, DEFAULT_DB);
  if (!existsSync(local)) {
    const cached = cachedCaseFor(cwd, env);
    if (existsSync(cached)) return { path: cached, isDefault: true, inCache: true };
  }
  return { path: local, isDefault: true };
}

/** The cache folder's case file for a working folder that lies inside the evidence it indexes. */
export function cachedCaseFor(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const real = realOrResolved(cwd);
  const key = createHash('sha256').update(real).digest('hex').slice(0, 16);
  const name = (basename(real) || 'root').replace(/[^\w.-]/g, '_').slice(0, 40);
  return join(cacheDir(env), 'cases', `${name}-${key}.db`);
}

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** The folder a path argument names for indexing (a glob's fixed leading part), or null for a file. */
function evidenceRoot(arg: string, cwd: string): string | null {
  const glob = arg.search(/[*?[{]/);
  const fixed = glob < 0 ? arg : dirname(arg.slice(0, glob) + 'x');
  const abs = resolve(cwd, fixed || '.');
  try {
    return statSync(abs).isDirectory() ? realOrResolved(abs) : null;
  } catch {
    return null;
  }
}

function inside(child: string, root: string): boolean {
  return child === root || child.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Where `index` writes when it was given no --db: never inside a folder being indexed (the case
 * file and its `-wal`/`-shm` would land in the evidence). Then the cache folder, and `note` says where.
 */
export function dbForIndex(
  choice: DbChoice,
  paths: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): DbChoice & { note?: string } {
  if (!choice.isDefault) return choice;
  const here = realOrResolved(dirname(choice.inCache ? resolve(cwd, DEFAULT_DB) : choice.path));
  const roots = paths.map((p) => evidenceRoot(p, cwd)).filter((r): r is string => r !== null);
  if (!roots.some((r) => inside(here, r))) return choice;
  const path = cachedCaseFor(cwd, env);
  mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    isDefault: true,
    inCache: true,
    note: `the current folder is inside the evidence being indexed, so the case file is ${path} (not ./${DEFAULT_DB}); commands run from this folder find it, or give --db`,
  };
}

export const DB_OPTION_HELP = 'case file (SQLite); default $TRAILSCOPE_DB or ./trailscope.db';
