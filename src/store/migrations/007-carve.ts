import type { Migration } from './types.js';

/**
 * Carving (`index --from/--to/--account/--region/--where`): each file remembers the window and
 * filter it was read under, so a later run with a wider window reads it again and adds the rest,
 * and coverage can say "outside the carve window" rather than "missing".
 */
export const migration007: Migration = {
  version: 7,
  name: 'carving: the window each file was read under',
  up: `ALTER TABLE files ADD COLUMN carve TEXT;`,
};
