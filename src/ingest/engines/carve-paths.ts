import { createReadStream } from 'node:fs';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse as csvParse } from 'csv-parse';

/**
 * The S3 objects an engine's result came from: Athena's `"$path"` column (`SELECT *, "$path"`)
 * names the delivered log file of every row. Copying exactly those objects and indexing them
 * gives the full records (every field, the evidence bytes and their hashes) instead of the
 * engine's rebuilt ones.
 */

export interface CarveFile {
  path: string;
  rows: number;
  /** Distinct object paths this file named. */
  objects: number;
  error?: string;
}

export interface CarveList {
  objects: string[];
  files: CarveFile[];
  /** `$path` values that are not an S3 object URI one could copy as printed (shown escaped). */
  rejected: string[];
}

const PATH_COLUMN = '$path';
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S/;
// printed one per line to be copied as is: a value that would act on a terminal, or break the
// line, is not printed as an object
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const MAX_JSON_DOC = 256 * 1024 * 1024;

async function* chunks(path: string): AsyncGenerator<Buffer> {
  const fh = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new Error('not a regular file');
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    const raw = createReadStream('', { fd: fh.fd, autoClose: false, start: 0 });
    const src: Readable = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
    raw.on('error', (e) => src.destroy(e));
    for await (const c of src) yield c as Buffer;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

async function valuesOf(path: string, onValue: (v: unknown) => void): Promise<number> {
  const it = chunks(path)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return 0;
  const firstBuf = first.value;
  async function* all(): AsyncGenerator<Buffer> {
    yield firstBuf;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  const lead = firstBuf
    .toString('utf8', 0, Math.min(firstBuf.length, 4096))
    .replace(/^\ufeff/, '')
    .trimStart();
  let rows = 0;
  if (lead.startsWith('[')) {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const c of all()) {
      size += c.length;
      if (size > MAX_JSON_DOC)
        throw new Error('a JSON array larger than 256 MiB (give JSON Lines instead)');
      parts.push(c);
    }
    const doc = JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
    for (const o of Array.isArray(doc) ? doc : []) {
      rows++;
      if (o && typeof o === 'object') onValue((o as Record<string, unknown>)[PATH_COLUMN]);
    }
    return rows;
  }
  if (lead.startsWith('{')) {
    const rl = createInterface({ input: Readable.from(all()), crlfDelay: Infinity });
    for await (const line of rl) {
      const t = line.trim();
      if (!t) continue;
      rows++;
      try {
        const o = JSON.parse(t) as unknown;
        if (o && typeof o === 'object') onValue((o as Record<string, unknown>)[PATH_COLUMN]);
      } catch {
        // a line that is not JSON names no object
      }
    }
    return rows;
  }
  const parser = Readable.from(all()).pipe(
    csvParse({ relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: true }),
  );
  let col = -2;
  for await (const row of parser as AsyncIterable<string[]>) {
    if (col === -2) {
      col = row.findIndex((h) => h.trim() === PATH_COLUMN);
      if (col < 0)
        throw new Error(`no "${PATH_COLUMN}" column (run the query as SELECT *, "$path" FROM …)`);
      continue;
    }
    rows++;
    onValue(row[col]);
  }
  if (col === -2) throw new Error('empty result');
  return rows;
}

/** Read each result and list the distinct S3 objects its rows came from (sorted). */
export async function carveList(paths: readonly string[]): Promise<CarveList> {
  const objects = new Set<string>();
  const rejected = new Set<string>();
  const files: CarveFile[] = [];
  for (const path of paths) {
    const mine = new Set<string>();
    try {
      const rows = await valuesOf(path, (v) => {
        if (typeof v !== 'string' || v === '') return;
        if (S3_URI.test(v) && !UNSAFE.test(v)) mine.add(v);
        else if (rejected.size < 20) rejected.add(JSON.stringify(v.slice(0, 200)));
      });
      for (const o of mine) objects.add(o);
      files.push({ path, rows, objects: mine.size });
    } catch (err) {
      files.push({
        path,
        rows: 0,
        objects: mine.size,
        error: (err as Error).message || String(err),
      });
    }
  }
  return { objects: [...objects].sort(), files, rejected: [...rejected] };
}
