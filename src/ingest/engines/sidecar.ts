import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * The query that produced an engine's result, when the responder saved it beside the result as
 * `<result>.sql` or `<result>.query.txt` (with or without the result's own extensions:
 * `q.csv.sql` or `q.sql`). Recorded in the file's notes with its SHA-256, so the case says which
 * question the imported rows answer.
 */

const MAX_SIDECAR = 1024 * 1024;
const SHOWN = 4000;
// a sidecar that is a symlink is not followed: it could lead anywhere outside the evidence
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

export function sidecarCandidates(path: string): string[] {
  const out = [`${path}.sql`, `${path}.query.txt`];
  let base = path;
  for (let i = 0; i < 3; i++) {
    const m = /\.(gz|csv|json|jsonl|ndjson|parquet|txt)$/i.exec(base);
    if (!m) break;
    base = base.slice(0, -m[0].length);
    out.push(`${base}.sql`, `${base}.query.txt`);
  }
  return [...new Set(out)];
}

/** Notes for the result file at `path`: the sidecar query's name, hash and text (or why it was not read). */
export async function querySidecarNotes(path: string): Promise<string[]> {
  for (const candidate of sidecarCandidates(path)) {
    let fh;
    try {
      fh = await open(candidate, FLAGS);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      return [
        `query sidecar ${basename(candidate)} not read (${code === 'ELOOP' ? 'a symlink' : (code ?? 'unreadable')})`,
      ];
    }
    try {
      const st = await fh.stat();
      if (!st.isFile())
        return [`query sidecar ${basename(candidate)} not read (not a regular file)`];
      if (st.size > MAX_SIDECAR)
        return [`query sidecar ${basename(candidate)} not read (larger than 1 MiB)`];
      const buf = Buffer.alloc(st.size);
      let got = 0;
      while (got < st.size) {
        const { bytesRead } = await fh.read(buf, got, st.size - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const bytes = buf.subarray(0, got);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const text = bytes.toString('utf8').replace(/\s+/g, ' ').trim();
      const shown = text.length > SHOWN ? text.slice(0, SHOWN) + '…' : text;
      return [`query (sidecar ${basename(candidate)}, SHA-256 ${sha}): ${shown}`];
    } catch (err) {
      return [`query sidecar ${basename(candidate)} not read (${(err as Error).message})`];
    } finally {
      await fh.close().catch(() => undefined);
    }
  }
  return [];
}
