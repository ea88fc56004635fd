import type { Migration } from './types.js';

/**
 * Credential lineage: one row per access key ID seen in the evidence (used, or issued by STS),
 * with its totals and its chain's origin as last resolved. Keys are few next to events, so the
 * credentials view sorts and filters this table instead of grouping a million events.
 *
 * `stale` = 1 marks rows whose lineage columns must be recomputed (the whole table after this
 * migration runs on a case file that already holds events). Idempotent: `ensureCredentialSchema`
 * re-runs it on case files that skipped version 3 (made while it was being written).
 */
export const migration003: Migration = {
  version: 3,
  name: 'credential lineage',
  up: `
CREATE TABLE IF NOT EXISTS credentials (
  access_key_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                  -- long-term | temporary | placeholder | other
  events INTEGER NOT NULL DEFAULT 0,   -- calls made with the key
  first_ms INTEGER,
  last_ms INTEGER,
  console_session INTEGER NOT NULL DEFAULT 0,
  issuances INTEGER NOT NULL DEFAULT 0,
  minted INTEGER NOT NULL DEFAULT 0,   -- successful issuances made with the key
  identity_type TEXT,
  identity_arn TEXT,
  origin_kind TEXT,
  origin_label TEXT,
  origin_arn TEXT,
  origin_account TEXT,
  complete INTEGER,
  depth INTEGER,
  gap TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cred_last ON credentials(last_ms);
CREATE INDEX IF NOT EXISTS cred_first ON credentials(first_ms);
CREATE INDEX IF NOT EXISTS cred_events ON credentials(events);
-- "Which keys did this key mint?": a range read over the few issuing events, not over every use.
CREATE INDEX IF NOT EXISTS ev_minted ON events(access_key_id_ref, time_ms) WHERE issued_key IS NOT NULL;
INSERT INTO meta(key, value) VALUES ('credentials_rebuild', '1')
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
`,
};
