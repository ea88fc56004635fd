import { resolve } from 'node:path';

export const DEFAULT_DB = 'trailscope.db';

export interface DbChoice {
  path: string;
  /** True when neither --db nor TRAILSCOPE_DB chose it (index says so on first use). */
  isDefault: boolean;
}

/** --db wins, then TRAILSCOPE_DB, then ./trailscope.db. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DbChoice {
  if (flag) return { path: resolve(flag), isDefault: false };
  if (env.TRAILSCOPE_DB) return { path: resolve(env.TRAILSCOPE_DB), isDefault: false };
  return { path: resolve(DEFAULT_DB), isDefault: true };
}

export const DB_OPTION_HELP = 'case file (SQLite); default $TRAILSCOPE_DB or ./trailscope.db';
