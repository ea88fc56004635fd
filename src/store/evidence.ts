import type { Database } from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import { cachedStatement } from './statement-cache.js';
import type { EvidenceBlock, EvidenceFacts, EvidenceEncoding } from '../ingest/evidence-bytes.js';

/**
 * The evidence bytes kept in the case file (migration 9): written by the index run's single
 * writer, read by `verify` (and anything that needs the delivered bytes) without the evidence
 * folder. Evidence on disk is never written; these are the case file's own copies.
 */

function bytesOf(d: Uint8Array): Buffer {
  return Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

/** A file (re)starts: whatever an earlier read of it kept is replaced. */
export function clearEvidence(db: Database, fileId: number): void {
  cachedStatement(db, 'DELETE FROM evidence_blocks WHERE file_id = ?').run(fileId);
  cachedStatement(db, 'DELETE FROM evidence WHERE file_id = ?').run(fileId);
}

export function addEvidenceBlocks(
  db: Database,
  fileId: number,
  blocks: readonly EvidenceBlock[],
): void {
  const st = cachedStatement(
    db,
    'INSERT OR REPLACE INTO evidence_blocks(file_id, seq, data) VALUES (?, ?, ?)',
  );
  for (const b of blocks) st.run(fileId, b.seq, bytesOf(b.data));
}

export function recordEvidence(
  db: Database,
  fileId: number,
  f: EvidenceFacts,
  s3Key: string | null,
): void {
  cachedStatement(
    db,
    `INSERT OR REPLACE INTO evidence(file_id, encoding, delivered_size, content_sha256, content_size,
       trailing_data, block_bytes, s3_key, digest_content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    fileId,
    f.encoding,
    f.deliveredSize,
    f.contentSha256,
    f.contentSize,
    f.trailingData ? 1 : 0,
    f.blockBytes,
    s3Key,
    f.digestContent ? bytesOf(f.digestContent) : null,
  );
}

export interface EvidenceRow {
  file_id: number;
  encoding: EvidenceEncoding;
  delivered_size: number;
  content_sha256: string;
  content_size: number;
  trailing_data: number;
  block_bytes: number;
  s3_key: string | null;
}

export function evidenceOf(db: Database, fileId: number): EvidenceRow | undefined {
  return cachedStatement(
    db,
    `SELECT file_id, encoding, delivered_size, content_sha256, content_size, trailing_data,
       block_bytes, s3_key FROM evidence WHERE file_id = ?`,
  ).get(fileId) as EvidenceRow | undefined;
}

/** The delivered bytes of a file, block by block (a `deflate` file's blocks are inflated). */
export function* deliveredBytes(db: Database, fileId: number): Generator<Buffer> {
  const ev = evidenceOf(db, fileId);
  if (!ev) return;
  const rows = cachedStatement(
    db,
    'SELECT data FROM evidence_blocks WHERE file_id = ? ORDER BY seq',
  )
    .pluck()
    .iterate(fileId) as IterableIterator<Buffer>;
  for (const data of rows) yield ev.encoding === 'deflate' ? inflateRawSync(data) : data;
}

/** What `verify` reads of the case file: each file's status, shape and kept facts. */
export interface VerifySource {
  path: string;
  status: string;
  shape: string | null;
  /** Null: indexed before evidence bytes were kept (migration 9). */
  content_sha256: string | null;
  trailing_data: number | null;
  s3_key: string | null;
  /** A digest file's exact uncompressed bytes. */
  digest_content: Buffer | null;
  file_id: number;
}

export function verifySources(db: Database): VerifySource[] {
  return db
    .prepare(
      `SELECT f.id AS file_id, f.path, f.status, f.shape, e.content_sha256, e.trailing_data, e.s3_key,
         e.digest_content FROM files f LEFT JOIN evidence e ON e.file_id = f.id ORDER BY f.path`,
    )
    .all() as VerifySource[];
}
