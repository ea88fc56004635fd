import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Becomes PRAGMA user_version once applied. Strictly increasing; gaps are allowed. */
  version: number;
  name: string;
  /** SQL script, or a function for migrations that need logic. Runs inside one transaction. */
  up: string | ((db: Database) => void);
}
