import type { Database } from 'better-sqlite3';
import { constants as bufferConstants } from 'node:buffer';
import { inflateRawSync } from 'node:zlib';
import { gunzipMembers } from '../ingest/gzip-members.js';
import { jsonValueEnd } from '../util/json-value-end.js';
import { encodeRawChunk, locatedChunk } from './event-writer.js';
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
    // a digest's exact bytes are its kept delivered bytes decompressed (older case files kept
    // them here as well, and verify still reads them from here when they are)
    null,
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
  // one output chunk per block (zlib's default small chunks cost a concatenation each)
  const chunkSize = Math.max(64 * 1024, Math.min(ev.block_bytes, ev.content_size) + 64);
  for (const data of rows)
    yield ev.encoding === 'deflate' ? inflateRawSync(data, { chunkSize }) : data;
}

/**
 * A file's content (what its records were read from), decoded from the kept bytes; when the file
 * is being read again, the bytes of its previous read (set aside under -id until the read ends).
 * Null when nothing is kept.
 */
export function evidenceContent(db: Database, fileId: number): Buffer | null {
  for (const id of [fileId, -fileId]) {
    const ev = evidenceOf(db, id);
    if (!ev) continue;
    const parts = [...deliveredBytes(db, id)];
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    // decoded as the index run decoded it: a member that failed its check was read all the same
    // (its records are indexed as unverified, and the file's message says so), so it reads here too
    return ev.encoding === 'gzip'
      ? gunzipMembers(bytes, bufferConstants.MAX_LENGTH, { keepDamaged: true }).content
      : bytes;
  }
  return null;
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
  /** Null for a file recorded without being read (`markUnusable`) or left out by a carve. */
  size: number | null;
}

export function verifySources(db: Database): VerifySource[] {
  return db
    .prepare(
      `SELECT f.id AS file_id, f.path, f.status, f.shape, f.size, e.content_sha256, e.trailing_data, e.s3_key,
         e.digest_content FROM files f LEFT JOIN evidence e ON e.file_id = f.id ORDER BY f.path`,
    )
    .all() as VerifySource[];
}

/**
 * A file is read again: its kept bytes are set aside (under -id) until the read ends, so records
 * located in them stay readable meanwhile. A copy set aside by a run that was killed is the older
 * one and stays (the killed run's partial bytes go).
 */
export function setAsideEvidence(db: Database, fileId: number): void {
  if (evidenceOf(db, -fileId)) {
    clearEvidence(db, fileId);
    return;
  }
  cachedStatement(db, 'UPDATE evidence_blocks SET file_id = -file_id WHERE file_id = ?').run(
    fileId,
  );
  cachedStatement(db, 'UPDATE evidence SET file_id = -file_id WHERE file_id = ?').run(fileId);
}

/**
 * The read again has ended: when the content is the same, what was set aside goes; when it
 * changed (or nothing is kept now), the events whose record was located in the old content get a
 * stored copy of it first. `rowids` are the events the file held before.
 */
export function settleSetAside(
  db: Database,
  fileId: number,
  contentSha256: string | null,
  rowids: readonly number[],
): void {
  const old = evidenceOf(db, -fileId);
  if (!old) return;
  if (old.content_sha256 !== contentSha256) storeLocatedCopies(db, fileId, -fileId, rowids);
  clearEvidence(db, -fileId);
}

/**
 * Give the events among `rowids` whose record is located in `fileId` a stored copy (a raw_chunks
 * row), read from the content kept under `contentId`: before those bytes go.
 */
export function storeLocatedCopies(
  db: Database,
  fileId: number,
  contentId: number,
  rowids: readonly number[],
): number {
  const where = cachedStatement(
    db,
    'SELECT raw_index FROM events WHERE id = ? AND raw_chunk = ?',
  ).pluck();
  const located: { rowid: number; offset: number }[] = [];
  for (const rowid of rowids) {
    const offset = where.get(rowid, locatedChunk(fileId)) as number | undefined;
    if (offset !== undefined) located.push({ rowid, offset });
  }
  if (located.length === 0) return 0;
  const content = evidenceContent(db, contentId);
  if (!content) return 0;
  const texts = located.map(({ offset }) => {
    const end = jsonValueEnd(content, offset);
    return end < 0 ? '{}' : content.toString('utf8', offset, end);
  });
  const chunkId = Number(
    cachedStatement(db, 'INSERT INTO raw_chunks(file_id, data) VALUES (?, ?)').run(
      fileId,
      encodeRawChunk(texts),
    ).lastInsertRowid,
  );
  const update = cachedStatement(db, 'UPDATE events SET raw_chunk = ?, raw_index = ? WHERE id = ?');
  located.forEach(({ rowid }, i) => update.run(chunkId, i, rowid));
  return located.length;
}
