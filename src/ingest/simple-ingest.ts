// TEMPORARY bootstrap ingest (S3 delivery JSON / .json.gz only, one thread). The ingest issue (#2)
// replaces this with shape detection, streaming, workers and resumability.
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { EventWriter } from '../store/event-writer.js';
import { beginFile, finishFile } from '../store/files.js';
import { ensureIndexes } from '../store/db.js';
import { looksLikeCloudTrail, normalizeRecord } from './normalize.js';

export function ingestSimple(db: Database, paths: string[]): { added: number; failed: string[] } {
  const writer = new EventWriter(db);
  let added = 0;
  const failed: string[] = [];
  for (const p of paths) {
    const path = resolve(p);
    const st = statSync(path);
    const fileId = beginFile(db, { path, size: st.size, mtimeMs: st.mtimeMs });
    try {
      let buf = readFileSync(path);
      if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
      const doc = JSON.parse(buf.toString('utf8'));
      const records: unknown[] = Array.isArray(doc?.Records) ? doc.Records : [];
      const events = records.filter(looksLikeCloudTrail).map((r) => normalizeRecord(r));
      db.transaction(() => {
        const res = writer.writeBatch(fileId, events, events.map((_, i) => i));
        added += res.added;
        finishFile(db, fileId, { status: 'indexed', shape: 's3-delivery', sha256: null, events: events.length, added: res.added, duplicates: res.duplicates, error: null, warnings: [] });
      })();
    } catch (err) {
      failed.push(`${path}: ${(err as Error).message}`);
      finishFile(db, fileId, { status: 'failed', shape: null, sha256: null, events: 0, added: 0, duplicates: 0, error: (err as Error).message, warnings: [] });
    }
  }
  ensureIndexes(db);
  return { added, failed };
}
