import type { Migration } from './types.js';
import { eventsViewSql } from './events-view.js';

/**
 * The case file's first schema.
 *
 * Low-cardinality and repeated strings (names, ARNs, IPs, user agents, error messages…) are interned
 * in `dict`, one namespace per field, so an event row and each of its (field, time) indexes stay a few
 * integers wide: this is what keeps a million events under 1 GB. `dict` is also the list of distinct
 * values per field that fuzzy search and facets read without touching events.
 *
 * Interned columns end in `_ref`; `events_v` joins them back to text under their natural names.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;

CREATE TABLE dict (
  id INTEGER PRIMARY KEY,
  field TEXT NOT NULL,
  value TEXT NOT NULL            -- unique with field: dict_value below
);
-- A named index rather than a constraint, as for event IDs: a bulk load drops it and builds it
-- once at its end (store/dict-index.ts). Older case files have the constraint
-- (sqlite_autoindex_dict_1) and intern through it, as they always did.
CREATE UNIQUE INDEX dict_value ON dict(field, value);

CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,          -- absolute path; a zip member is "archive.zip!member/path"
  size INTEGER,
  mtime_ms INTEGER,
  sha256 TEXT,
  shape TEXT,                         -- detected shape (s3-delivery, lookup-events, digest, ...)
  status TEXT NOT NULL,               -- pending | indexed | failed | not-cloudtrail | digest
  events INTEGER NOT NULL DEFAULT 0,  -- records read from the file
  added INTEGER NOT NULL DEFAULT 0,   -- events that were new to the case file
  duplicates INTEGER NOT NULL DEFAULT 0,
  error TEXT,                         -- why it failed / why it is not CloudTrail
  warnings TEXT,                      -- JSON array of notes (derived eventIDs, unparsed times, ...)
  digest TEXT,                        -- digest files: the digest JSON (they are small)
  indexed_at TEXT
);

-- Original records, a few hundred at a time, deflate-compressed: newline-separated single-line JSON.
CREATE TABLE raw_chunks (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL,
  data BLOB NOT NULL
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,               -- unique: ev_event_id below
  time_ms INTEGER NOT NULL,            -- UTC epoch ms; 0 when eventTime did not parse (see flags)
  event_time TEXT,                     -- eventTime exactly as the record had it
  flags INTEGER NOT NULL DEFAULT 0,    -- 1 time unparsed, 2 eventID derived
  event_name_ref INTEGER,
  event_source_ref INTEGER,
  aws_region_ref INTEGER,
  source_ip_ref INTEGER,
  user_agent_ref INTEGER,
  identity_type_ref INTEGER,
  principal_id_ref INTEGER,
  arn_ref INTEGER,
  account_id_ref INTEGER,
  access_key_id_ref INTEGER,
  user_name_ref INTEGER,
  session_issuer_arn_ref INTEGER,
  session_issuer_type_ref INTEGER,
  invoked_by_ref INTEGER,
  source_identity_ref INTEGER,
  error_code_ref INTEGER,
  error_message_ref INTEGER,
  event_type_ref INTEGER,
  category_ref INTEGER,
  recipient_account_id_ref INTEGER,
  read_only INTEGER,                   -- 1 / 0 / NULL unknown
  mfa INTEGER,                         -- 1 / 0 / NULL unknown
  console_session INTEGER,             -- 1 when sessionCredentialFromConsole
  session_created_ms INTEGER,
  request_id TEXT,
  shared_event_id TEXT,
  issued_key TEXT,                     -- STS-family success: responseElements.credentials.accessKeyId
  issued_expiration_ms INTEGER,
  req_text TEXT,                       -- request parameter leaves as "key=value" lines, for search
  raw_chunk INTEGER NOT NULL,
  raw_index INTEGER NOT NULL
);
-- A named index rather than a column constraint, so that a bulk load into an empty case file can
-- drop it and build it once at the end (store/event-id-index.ts). Case files made before this
-- have the constraint (sqlite_autoindex_events_1) and load through it, as they always did.
CREATE UNIQUE INDEX ev_event_id ON events(event_id);

-- Chain of custody: every copy of every event (file, record index).
CREATE TABLE provenance (
  event_rowid INTEGER NOT NULL,
  file_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL,
  PRIMARY KEY (event_rowid, file_id, record_index)
) WITHOUT ROWID;

CREATE TABLE event_resources (
  event_rowid INTEGER NOT NULL,
  type_ref INTEGER,
  name_ref INTEGER NOT NULL,
  PRIMARY KEY (event_rowid, name_ref)
) WITHOUT ROWID;

${eventsViewSql('e.event_time')}
`,
};

/**
 * Secondary indexes, built after a bulk load (building them once is several times faster than
 * maintaining them row by row) and composite with time so a filtered, time-ordered page is a range read.
 *
 * Columns that most events leave empty (an error code: a few percent of calls fail; a user name:
 * IAM users and root only; a session issuer: role sessions only) are indexed where they hold a
 * value: `field:value`, `field:*` and their IN lists are answered by the partial index, and the
 * build after a bulk load sorts a fraction of the rows (an older case file's full index answers the
 * same). `-field:*` (the events without one) walks the time index instead, as most events match it.
 */
export const EVENT_INDEXES: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS ev_time ON events(time_ms, id)',
  'CREATE INDEX IF NOT EXISTS ev_name ON events(event_name_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_source ON events(event_source_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_region ON events(aws_region_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_ip ON events(source_ip_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_ua ON events(user_agent_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_principal ON events(principal_id_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_arn ON events(arn_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_account ON events(account_id_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_key ON events(access_key_id_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_user ON events(user_name_ref, time_ms) WHERE user_name_ref IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS ev_issuer ON events(session_issuer_arn_ref, time_ms) WHERE session_issuer_arn_ref IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS ev_error ON events(error_code_ref, time_ms) WHERE error_code_ref IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS ev_recipient ON events(recipient_account_id_ref, time_ms)',
  // the request ID's first 8 characters (migration 013; query/compiler.ts compares them first)
  'CREATE INDEX IF NOT EXISTS ev_request8 ON events(substr(request_id, 1, 8))',
  'CREATE INDEX IF NOT EXISTS ev_shared ON events(shared_event_id) WHERE shared_event_id IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS ev_issued ON events(issued_key, time_ms) WHERE issued_key IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS prov_file ON provenance(file_id)',
  'CREATE INDEX IF NOT EXISTS res_name ON event_resources(name_ref)',
  'CREATE INDEX IF NOT EXISTS res_type ON event_resources(type_ref)',
  // the dictionary's case-folded index (migration 005, for filters): a bulk load inserts every new
  // value into it at a random place; built once after the load instead
  'CREATE INDEX IF NOT EXISTS dict_nocase ON dict(field, value COLLATE NOCASE)',
];
