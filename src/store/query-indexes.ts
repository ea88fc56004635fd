import type { Database } from 'better-sqlite3';

/**
 * Indexes for filter fields that 001's EVENT_INDEXES leaves out. Without them a rare value
 * (`type:Root`, `eventType:AwsConsoleSignIn`, `category:insight`, an error message) is found by
 * walking the whole time index: over a second on a million events instead of a few milliseconds.
 * Built after each index run (afterIndex), so the initial bulk load does not maintain them row
 * by row; `IF NOT EXISTS` makes later runs free.
 */
export const QUERY_INDEXES: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS ev_itype ON events(identity_type_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_etype ON events(event_type_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_category ON events(category_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_message ON events(error_message_ref, time_ms) WHERE error_message_ref IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS ev_invoked ON events(invoked_by_ref, time_ms) WHERE invoked_by_ref IS NOT NULL',
];

export function ensureQueryIndexes(db: Database): void {
  for (const sql of QUERY_INDEXES) db.exec(sql);
}

/** Every index of QUERY_INDEXES exists (a case file from before one was added lacks it). */
export function queryIndexesPresent(db: Database): boolean {
  const names = QUERY_INDEXES.map((sql) => /INDEX IF NOT EXISTS (\w+)/.exec(sql)![1]);
  const have = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[],
  );
  return names.every((n) => have.has(n));
}
