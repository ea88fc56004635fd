import { constants, createReadStream, promises as fsp, readdirSync, lstatSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DigestInput, LogInput } from '../domain/verify/verify.js';
import { s3KeyOf } from '../domain/verify/digest.js';
import { ContentMeter, sha256Hex } from '../ingest/evidence-bytes.js';
import { gunzipMembers, streamHasTrailingData } from '../ingest/gzip-members.js';
import { deliveredBytes, verifySources } from '../store/evidence.js';

/** Digests are small (a few KB per hour); anything far larger is not one. */
const MAX_DIGEST_BYTES = 64 * 1024 * 1024;
/** Files up to this size are read whole (and their gzip members told apart exactly). */
const WHOLE_READ_MAX = 64 * 1024 * 1024;

interface Read {
  sha256: string;
  /** The uncompressed bytes, kept only for digests. */
  content: Buffer | null;
  trailingData: boolean;
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Content hash, digest bytes and what follows the first gzip member, of bytes in memory. */
function readBytes(buf: Buffer, keep: boolean): Read {
  if (!isGzip(buf)) {
    if (keep && buf.length > MAX_DIGEST_BYTES) throw new Error('larger than any digest file');
    return { sha256: sha256Hex(buf), content: keep ? buf : null, trailingData: false };
  }
  const g = gunzipMembers(buf, keep ? MAX_DIGEST_BYTES : Number.MAX_SAFE_INTEGER);
  return {
    sha256: sha256Hex(g.content),
    content: keep ? g.content : null,
    trailingData: g.firstMemberEnd < buf.length,
  };
}

/**
 * The uncompressed content's SHA-256 of one evidence file (and the bytes, for a digest), read
 * read-only, without blocking on a FIFO, and only when it is a regular file. Zip members are
 * not re-read here (their archive is the evidence): they are reported unreadable with the reason.
 */
async function readEvidence(path: string, keep: boolean): Promise<Read> {
  if (path.includes('.zip!'))
    throw new Error('a zip member: extract the archive to verify its members');
  const fh = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size <= WHOLE_READ_MAX) {
      const buf = Buffer.alloc(st.size);
      let got = 0;
      while (got < st.size) {
        const { bytesRead } = await fh.read(buf, got, st.size - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return readBytes(buf.subarray(0, got), keep);
    }
    if (keep) throw new Error('larger than any digest file');
    // a large log file: streamed, what follows the first member judged from the last trailer
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    const raw = createReadStream('', { fd: fh.fd, start: 0, autoClose: false });
    let delivered = 0;
    let tail = Buffer.alloc(0);
    raw.on('data', (c: string | Buffer) => {
      const b = Buffer.isBuffer(c) ? c : Buffer.from(c);
      delivered += b.length;
      tail = Buffer.concat([tail, b.subarray(-8)]).subarray(-8);
    });
    const gz = isGzip(head) ? createGunzip() : null;
    const cm = new ContentMeter();
    for await (const _ of cm.wrap((gz ? raw.pipe(gz) : raw) as AsyncIterable<Buffer>));
    return {
      sha256: cm.digest(),
      content: null,
      trailingData: gz
        ? streamHasTrailingData({
            consumed: gz.bytesWritten,
            delivered,
            contentCrc: cm.crc,
            contentSize: cm.size,
            trailer: tail,
          })
        : false,
    };
  } finally {
    await fh.close();
  }
}

const isDigestPath = (p: string): boolean => /CloudTrail-Digest/.test(p);

export async function digestInput(path: string): Promise<DigestInput> {
  try {
    const r = await readEvidence(path, true);
    return { path, content: r.content, sha256: r.sha256, trailingData: r.trailingData };
  } catch (err) {
    return { path, content: null, sha256: null, error: (err as Error).message };
  }
}

export async function logInput(path: string): Promise<LogInput> {
  const s3Key = s3KeyOf(path.replace(/^.*\.zip!/, ''));
  try {
    const r = await readEvidence(path, false);
    return { path, s3Key, sha256: r.sha256, trailingData: r.trailingData };
  } catch (err) {
    return { path, s3Key, sha256: null, error: (err as Error).message };
  }
}

/** Regular files under the given folders (symlinks are not followed: the evidence is what was given). */
export function walkEvidence(roots: readonly string[]): { digests: string[]; logs: string[] } {
  const digests: string[] = [];
  const logs: string[] = [];
  const stack = [...roots];
  while (stack.length) {
    const p = stack.pop()!;
    let st;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) for (const e of readdirSync(p)) stack.push(join(p, e));
    else if (st.isFile() && /\.json(\.gz)?$/.test(p)) (isDigestPath(p) ? digests : logs).push(p);
  }
  return { digests: digests.sort(), logs: logs.sort() };
}

export { isDigestPath };

/** The same facts, from the bytes the case file kept (a digest streamed at index time is inflated here). */
function keptDigestContent(db: Database, fileId: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const b of deliveredBytes(db, fileId)) {
    size += b.length;
    if (size > MAX_DIGEST_BYTES) throw new Error('larger than any digest file');
    parts.push(b);
  }
  return readBytes(Buffer.concat(parts, size), true).content!;
}

const BEFORE_KEPT = 'indexed before evidence bytes were kept';

/**
 * What `verify` checks when given no paths: the digests and S3-delivered log files recorded in the
 * case file, from the evidence bytes it kept, so the evidence folder may be gone. Files indexed
 * before the case file kept evidence bytes are read from their path, when it is still there.
 */
export async function caseInputs(
  db: Database,
): Promise<{ digests: DigestInput[]; logs: LogInput[] }> {
  const digests: DigestInput[] = [];
  const logs: LogInput[] = [];
  for (const f of verifySources(db)) {
    // a file recorded without being read (missing, not a file, a symlink out of the evidence) is
    // not evidence: never opened here (its path may lead anywhere)
    if (f.status === 'failed' && f.size === null && f.content_sha256 === null) continue;
    const digest = f.status === 'digest' || isDigestPath(f.path);
    const log = f.status === 'indexed' && !isDigestPath(f.path) && f.shape === 's3-delivery';
    if (!digest && !log) continue;
    const kept = f.content_sha256 !== null;
    if (digest) {
      if (!kept) {
        const r = await digestInput(f.path);
        digests.push(r.error ? { ...r, error: `${BEFORE_KEPT}, and ${r.error}` } : r);
        continue;
      }
      try {
        const content = f.digest_content ?? keptDigestContent(db, f.file_id);
        digests.push({
          path: f.path,
          content,
          sha256: f.content_sha256,
          trailingData: f.trailing_data === 1,
        });
      } catch (err) {
        digests.push({ path: f.path, content: null, sha256: null, error: (err as Error).message });
      }
      continue;
    }
    if (!kept) {
      const r = await logInput(f.path);
      logs.push(r.error ? { ...r, error: `${BEFORE_KEPT}, and ${r.error}` } : r);
      continue;
    }
    logs.push({
      path: f.path,
      s3Key: f.s3_key ?? s3KeyOf(f.path.replace(/^.*\.zip!/, '')),
      sha256: f.content_sha256,
      trailingData: f.trailing_data === 1,
    });
  }
  return { digests, logs };
}
