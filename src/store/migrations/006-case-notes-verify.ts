import type { Migration } from './types.js';

/**
 * The responder's own data (notes and tags on events) and the verdicts of `trailscope verify`.
 * Notes and tags hang off the eventID, not the row id, so a rebuilt case file carries them over
 * and a note whose event is gone stays as an orphan rather than being dropped.
 */
export const migration006: Migration = {
  version: 6,
  name: 'case: notes, tags and verify verdicts',
  up: `
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  text TEXT NOT NULL,
  written_at TEXT NOT NULL
);
CREATE INDEX notes_event ON notes(event_id);

CREATE TABLE tags (
  event_id TEXT NOT NULL,
  tag TEXT NOT NULL COLLATE NOCASE,
  written_at TEXT NOT NULL,
  PRIMARY KEY (event_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag, event_id);

CREATE TABLE verify_files (
  path TEXT PRIMARY KEY,
  s3_key TEXT,
  verdict TEXT NOT NULL,
  digest TEXT,
  detail TEXT
) WITHOUT ROWID;

CREATE TABLE verify_digests (
  path TEXT PRIMARY KEY,
  s3_key TEXT,
  chain TEXT,
  end_time TEXT,
  verdict TEXT NOT NULL,
  detail TEXT
) WITHOUT ROWID;

CREATE TABLE verify_chains (
  chain TEXT PRIMARY KEY,
  digests INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  gaps TEXT NOT NULL
) WITHOUT ROWID;
`,
};
