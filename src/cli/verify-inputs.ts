import { constants, createReadStream, promises as fsp, readdirSync, lstatSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import type { DigestInput, LogInput } from '../domain/verify/verify.js';
import { s3KeyOf } from '../domain/verify/digest.js';

/** Digests are small (a few KB per hour); anything far larger is not one. */
const MAX_DIGEST_BYTES = 64 * 1024 * 1024;

interface Read {
  sha256: string;
  /** The uncompressed bytes, kept only for digests. */
  content: Buffer | null;
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
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    const raw = createReadStream('', { fd: fh.fd, start: 0, autoClose: false });
    const stream = gz ? raw.pipe(createGunzip()) : raw;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      if (keep) {
        size += chunk.length;
        if (size > MAX_DIGEST_BYTES) throw new Error('larger than any digest file');
        chunks.push(chunk);
      }
    }
    return { sha256: hash.digest('hex'), content: keep ? Buffer.concat(chunks) : null };
  } finally {
    await fh.close();
  }
}

const isDigestPath = (p: string): boolean => /CloudTrail-Digest/.test(p);

export async function digestInput(path: string): Promise<DigestInput> {
  try {
    const r = await readEvidence(path, true);
    return { path, content: r.content, sha256: r.sha256 };
  } catch (err) {
    return { path, content: null, sha256: null, error: (err as Error).message };
  }
}

export async function logInput(path: string): Promise<LogInput> {
  const s3Key = s3KeyOf(path.replace(/^.*\.zip!/, ''));
  try {
    return { path, s3Key, sha256: (await readEvidence(path, false)).sha256 };
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
