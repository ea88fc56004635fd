import type { Migration } from './types.js';

/**
 * Sigma rule packs given with --rules: each pack, each rule document it held (content hash, status
 * and reason, the rule itself as JSON so later index runs apply it without the pack), and every hit.
 * Hits of rules that report are copied into event_notable as `sigma:<id>`, beside the built-in rules.
 */
export const migration008: Migration = {
  version: 8,
  name: 'sigma rule packs',
  up: `
CREATE TABLE sigma_packs (
  path TEXT PRIMARY KEY,
  added_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sigma_rules (
  pack TEXT NOT NULL,
  file TEXT NOT NULL,
  doc INTEGER NOT NULL,
  rule_id TEXT,                       -- sigma:<id>; null when the document has no id or name
  hash TEXT NOT NULL,
  status TEXT NOT NULL,               -- loaded | unsupported | not-cloudtrail | error
  reason TEXT,
  kind TEXT,                          -- detection | correlation
  title TEXT NOT NULL,
  level TEXT,
  tags TEXT NOT NULL,                 -- JSON array
  description TEXT,
  source TEXT NOT NULL,               -- the rule document as JSON
  done_rowid INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pack, file, doc)
) WITHOUT ROWID;
CREATE INDEX sigma_rules_id ON sigma_rules(rule_id);

CREATE TABLE sigma_hits (
  rule_id TEXT NOT NULL,
  event_rowid INTEGER NOT NULL,
  PRIMARY KEY (rule_id, event_rowid)
) WITHOUT ROWID;
`,
};
