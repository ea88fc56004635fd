import type { Migration } from './types.js';

/**
 * Filters match values case-insensitively (people type `stoplogging`, CloudTrail says
 * `StopLogging`). A NOCASE index on dict lets `value = ? COLLATE NOCASE` and prefix `LIKE` patterns
 * seek instead of scanning every value of a field. dict grows by distinct values only, so keeping
 * this index during ingest costs little.
 */
export const migration005: Migration = {
  version: 5,
  name: 'query: case-insensitive dict index',
  up: `CREATE INDEX IF NOT EXISTS dict_nocase ON dict(field, value COLLATE NOCASE);`,
};
