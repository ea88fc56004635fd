import type { Migration } from './types.js';

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
  value TEXT NOT NULL,
  UNIQUE (field, value)
);

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
  event_id TEXT NOT NULL UNIQUE,
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

CREATE VIEW events_v AS
SELECT e.id, e.event_id, e.time_ms, e.event_time, e.flags,
  d1.value AS event_name, d2.value AS event_source, d3.value AS aws_region, d4.value AS source_ip,
  d5.value AS user_agent, d6.value AS identity_type, d7.value AS principal_id, d8.value AS arn,
  d9.value AS account_id, d10.value AS access_key_id, d11.value AS user_name,
  d12.value AS session_issuer_arn, d13.value AS session_issuer_type, d14.value AS invoked_by,
  d15.value AS source_identity, d16.value AS error_code, d17.value AS error_message,
  d18.value AS event_type, d19.value AS category, d20.value AS recipient_account_id,
  e.read_only, e.mfa, e.console_session, e.session_created_ms, e.request_id, e.shared_event_id,
  e.issued_key, e.issued_expiration_ms, e.req_text, e.raw_chunk, e.raw_index
FROM events e
LEFT JOIN dict d1 ON d1.id = e.event_name_ref
LEFT JOIN dict d2 ON d2.id = e.event_source_ref
LEFT JOIN dict d3 ON d3.id = e.aws_region_ref
LEFT JOIN dict d4 ON d4.id = e.source_ip_ref
LEFT JOIN dict d5 ON d5.id = e.user_agent_ref
LEFT JOIN dict d6 ON d6.id = e.identity_type_ref
LEFT JOIN dict d7 ON d7.id = e.principal_id_ref
LEFT JOIN dict d8 ON d8.id = e.arn_ref
LEFT JOIN dict d9 ON d9.id = e.account_id_ref
LEFT JOIN dict d10 ON d10.id = e.access_key_id_ref
LEFT JOIN dict d11 ON d11.id = e.user_name_ref
LEFT JOIN dict d12 ON d12.id = e.session_issuer_arn_ref
LEFT JOIN dict d13 ON d13.id = e.session_issuer_type_ref
LEFT JOIN dict d14 ON d14.id = e.invoked_by_ref
LEFT JOIN dict d15 ON d15.id = e.source_identity_ref
LEFT JOIN dict d16 ON d16.id = e.error_code_ref
LEFT JOIN dict d17 ON d17.id = e.error_message_ref
LEFT JOIN dict d18 ON d18.id = e.event_type_ref
LEFT JOIN dict d19 ON d19.id = e.category_ref
LEFT JOIN dict d20 ON d20.id = e.recipient_account_id_ref;
`,
};

/**
 * Secondary indexes, built after a bulk load (building them once is several times faster than
 * maintaining them row by row) and composite with time so a filtered, time-ordered page is a range read.
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
  'CREATE INDEX IF NOT EXISTS ev_user ON events(user_name_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_issuer ON events(session_issuer_arn_ref, time_ms)',
  'CREATE INDEX IF NOT EXISTS ev_error ON events(error_code_ref, time_ms)',
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
