import type { Migration } from './types.js';

/**
 * Triage: which notable rules each event matched (filled at index time, incrementally), a per-rule
 * summary so the notable view opens without scanning, and the offline Insights cache.
 */
export const migration004: Migration = {
  version: 4,
  name: 'triage (notable rules, insights cache)',
  up: `
CREATE TABLE event_notable (
  event_rowid INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  severity INTEGER NOT NULL,          -- rank: 4 critical … 0 info (domain/notable/types severityRank)
  PRIMARY KEY (event_rowid, rule_id)
) WITHOUT ROWID;
CREATE INDEX notable_rule ON event_notable(rule_id, event_rowid);

-- When each access key was first seen from each source IP, and whose key it is (kept up to date
-- incrementally, so the "GetCallerIdentity from a new network" rule never rescans the events table).
CREATE TABLE key_ip_first (
  key_ref INTEGER NOT NULL,
  ip_ref INTEGER NOT NULL,
  first_ms INTEGER NOT NULL,
  who_ref INTEGER,                    -- the caller's ARN (else principal ID) dict id
  PRIMARY KEY (key_ref, ip_ref)
) WITHOUT ROWID;
CREATE INDEX key_ip_who ON key_ip_first(who_ref);

CREATE TABLE notable_summary (
  rule_id TEXT PRIMARY KEY,
  events INTEGER NOT NULL,
  first_ms INTEGER,
  last_ms INTEGER
) WITHOUT ROWID;

CREATE TABLE insight_windows (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,                -- event-name | account-region
  event_name TEXT,
  account_id TEXT,
  aws_region TEXT,
  metric TEXT NOT NULL,               -- calls | errors
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,            -- exclusive
  baseline REAL NOT NULL,             -- per minute (calls) or rate 0..1 (errors)
  observed REAL NOT NULL,
  peak REAL NOT NULL,
  total INTEGER NOT NULL,
  score REAL NOT NULL,
  top_identities TEXT NOT NULL        -- JSON [{who, events}]
);
`,
};
