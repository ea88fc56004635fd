import type { PackedBatch } from '../store/packed-batch.js';
import type { FileStatus } from '../store/files.js';
import type { EvidenceBlock, EvidenceFacts } from './evidence-bytes.js';

/** What the parser knows about an evidence file (or a zip member) when it opens it. */
export interface FileMeta {
  /** Absolute path; a zip member is "archive.zip!member/path". */
  path: string;
  size: number | null;
  mtimeMs: number | null;
}

/** How a file ended. Record counts are the parser's; added/duplicates are the writer's. */
export interface FileEnd {
  status: FileStatus;
  shape: string | null;
  sha256: string | null;
  /** Records read from the file (events handed to the writer). */
  records: number;
  error: string | null;
  warnings: string[];
  digest?: string | null;
  /** Zip archives: members read (each one ended with a message of its own before this one). */
  members?: number;
  /** Events a carve dropped while reading the file. */
  carved?: { window: number; where: number };
  /** Milliseconds the parse thread spent evaluating Sigma detections on the file's records. */
  ruleMs?: number;
  /** The file was read whole: what the case file keeps of its bytes (src/ingest/evidence-bytes.ts). */
  evidence?: EvidenceFacts;
  /** Its records were read from damaged data (they are flagged: the `unverified` caveat). */
  unverified?: true;
  /** …except those located before this content offset (before the damaged gzip member). */
  verifiedBefore?: number;
}

/** Events of one file, normalised and packed, with their original records compressed. */
export type Batch = PackedBatch;

/**
 * One step of parsing a file, in order. A file's messages end with one that has `end`; its last
 * batch travels in that same message so the writer marks the file done in the batch's transaction.
 */
export interface FileMessage {
  file: FileMeta;
  batch: Batch | null;
  end: FileEnd | null;
  /** Input bytes (as on disk) consumed since the previous message of this job, for progress. */
  bytes: number;
  /** The file's delivered bytes read since the previous message, in blocks (kept in the case file). */
  evidence?: EvidenceBlock[];
}

export type Emit = (msg: FileMessage) => Promise<void>;

/** A unit of work: one path found by discovery. */
export interface ParseJob {
  id: number;
  path: string;
  /**
   * The file discovery vetted (inside the evidence, a regular file). When given, the reader
   * refuses whatever else is found under the path when it opens it (a swapped file or symlink).
   */
  dev?: number;
  ino?: number;
}
