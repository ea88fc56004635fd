import type { Migration } from './types.js';

/**
 * Two copies of one eventID that differ are both kept (issue 10): a tampered copy must not
 * silently win the dedupe. `events.raw_hash` is a 48-bit prefix of the SHA-256 of the stored
 * record's exact bytes when it was read from a delivered file's own bytes (null otherwise, and for
 * events indexed before this migration); a later copy read the same way whose hash differs is
 * recorded in `event_variants` with where it is (a record located in its file's kept bytes).
 */
export const migration010: Migration = {
  version: 10,
  name: 'differing copies of one event kept and flagged',
  up: `
ALTER TABLE events ADD COLUMN raw_hash INTEGER;
CREATE TABLE event_variants (
  event_rowid INTEGER NOT NULL,
  file_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL,
  raw_chunk INTEGER NOT NULL,          -- as in events: < 0 located in file -raw_chunk's kept bytes
  raw_index INTEGER NOT NULL,
  PRIMARY KEY (event_rowid, file_id, record_index)
) WITHOUT ROWID;
CREATE INDEX event_variants_file ON event_variants(file_id);
`,
};
