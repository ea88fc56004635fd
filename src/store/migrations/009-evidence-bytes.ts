import type { Migration } from './types.js';

/**
 * The evidence bytes, kept in the case file (issue 10, used by verify): per file, the bytes as
 * delivered (a `.json.gz` as is, plain files deflated once in blocks; src/ingest/evidence-bytes.ts),
 * the SHA-256 of the uncompressed content (what CloudTrail digests hash), whether data follows the
 * first gzip member, the S3 key from `AWSLogs/` on, and a digest file's exact uncompressed bytes.
 * `files.sha256` stays the SHA-256 of the delivered bytes.
 *
 * Files indexed before this migration have no row here: their events stay readable (from
 * raw_chunks) and `verify` says they were indexed before evidence bytes were kept.
 */
export const migration009: Migration = {
  version: 9,
  name: 'evidence bytes kept in the case file',
  up: `
CREATE TABLE evidence (
  file_id INTEGER PRIMARY KEY,          -- files.id
  encoding TEXT NOT NULL,               -- gzip | deflate | stored
  delivered_size INTEGER NOT NULL,
  content_sha256 TEXT NOT NULL,
  content_size INTEGER NOT NULL,
  trailing_data INTEGER NOT NULL,       -- 1: data follows the first gzip member (not as delivered)
  block_bytes INTEGER NOT NULL,         -- content (deflate) or delivered (others) bytes per block
  s3_key TEXT,
  digest_content BLOB                   -- digest files: the exact uncompressed bytes
);

-- Large rows: a rowid table (WITHOUT ROWID suits small rows only), found by (file, seq).
CREATE TABLE evidence_blocks (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE UNIQUE INDEX evidence_blocks_file ON evidence_blocks(file_id, seq);
`,
};
