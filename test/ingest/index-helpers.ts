// Runs the real pipeline in-thread on a temp case file and opens it for assertions.
import { join } from 'node:path';
import { indexPaths, type IndexOptions, type IndexSummary } from '../../src/ingest/pipeline.js';
import { openCaseFile, type Database } from '../../src/store/db.js';
import { listFiles, type FileRecord } from '../../src/store/files.js';
import type { Evidence } from './evidence.js';
import { guardEvidence } from '../helpers/evidence-hash.js';

export async function indexInto(
  ev: Evidence,
  paths: string[] = [ev.dir],
  opts: Partial<IndexOptions> = {},
): Promise<IndexSummary> {
  // indexing must leave every evidence byte as it was (the case file inside the folder aside)
  const evidence = guardEvidence(ev.dir, { exclude: [opts.dbPath ?? dbOf(ev)] });
  try {
    const onProgress = opts.onProgress && evidence.around(opts.onProgress);
    return await indexPaths(paths, { dbPath: dbOf(ev), workers: 0, ...opts, onProgress });
  } finally {
    evidence.check();
  }
}

export function dbOf(ev: Evidence): string {
  // inside the evidence folder on purpose: indexing the folder must never read its own case file
  return join(ev.dir, 'case.db');
}

export function withDb<T>(ev: Evidence, fn: (db: Database) => T): T {
  const db = openCaseFile(dbOf(ev));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function fileRow(ev: Evidence, rel: string): FileRecord {
  const rows = withDb(ev, (db) => listFiles(db));
  const row = rows.find((r) => r.path === ev.path(rel));
  if (!row) throw new Error(`no files row for ${rel}; have ${rows.map((r) => r.path).join(', ')}`);
  return row;
}

export function count(ev: Evidence, sql: string, ...params: unknown[]): number {
  return withDb(
    ev,
    (db) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number,
  );
}
