import type { Database, Statement } from 'better-sqlite3';

export type FileStatus =
  'pending' | 'indexed' | 'failed' | 'not-cloudtrail' | 'digest' | 'outside-window';

export interface FileRecord {
  id: number;
  path: string;
  size: number | null;
  mtime_ms: number | null;
  sha256: string | null;
  shape: string | null;
  status: FileStatus;
  events: number;
  added: number;
  duplicates: number;
  error: string | null;
  warnings: string | null;
  digest: string | null;
  indexed_at: string | null;
  /** The carve (window, --where) the file was read under; null when read whole (migration 7). */
  carve?: string | null;
}

/** Statements used once per file in an index run: prepared once per connection, not per call. */
const statements = new WeakMap<Database, Map<string, Statement>>();
function stmt(db: Database, sql: string): Statement {
  let m = statements.get(db);
  if (!m) {
    m = new Map();
    statements.set(db, m);
  }
  let st = m.get(sql);
  if (!st) {
    st = db.prepare(sql);
    m.set(sql, st);
  }
  return st;
}

export function fileByPath(db: Database, path: string): FileRecord | undefined {
  return db.prepare('SELECT * FROM files WHERE path = ?').get(path) as FileRecord | undefined;
}

/**
 * Insert or reset a file row to `pending` for (re)processing; returns its id. A look-up, then an
 * insert or a reset: one upsert with RETURNING took twice as long inside a load's transaction
 * (10,780 files of the wide corpus: 676–751 -> 326–354 ms).
 */
export function beginFile(
  db: Database,
  f: { path: string; size: number | null; mtimeMs: number | null },
): number {
  const row = stmt(db, 'SELECT id FROM files WHERE path = ?').get(f.path) as
    { id: number } | undefined;
  if (row === undefined)
    return Number(
      stmt(db, "INSERT INTO files(path, size, mtime_ms, status) VALUES (?, ?, ?, 'pending')").run(
        f.path,
        f.size,
        f.mtimeMs,
      ).lastInsertRowid,
    );
  stmt(
    db,
    `UPDATE files SET size = ?, mtime_ms = ?, status = 'pending', error = NULL, warnings = NULL,
       events = 0, added = 0, duplicates = 0 WHERE id = ?`,
  ).run(f.size, f.mtimeMs, row.id);
  return row.id;
}

export interface FileOutcome {
  status: FileStatus;
  shape: string | null;
  sha256: string | null;
  events: number;
  added: number;
  duplicates: number;
  error: string | null;
  warnings: string[];
  digest?: string | null;
}

export function finishFile(db: Database, id: number, o: FileOutcome): void {
  stmt(
    db,
    `UPDATE files SET status = ?, shape = ?, sha256 = ?, events = ?, added = ?, duplicates = ?, error = ?,
       warnings = ?, digest = ?, indexed_at = ? WHERE id = ?`,
  ).run(
    o.status,
    o.shape,
    o.sha256,
    o.events,
    o.added,
    o.duplicates,
    o.error,
    o.warnings.length ? JSON.stringify(o.warnings.slice(0, 100)) : null,
    o.digest ?? null,
    new Date().toISOString(),
    id,
  );
}

export function listFiles(db: Database): FileRecord[] {
  return db.prepare('SELECT * FROM files ORDER BY path').all() as FileRecord[];
}

/**
 * Files a carve left out by their path (not opened), recorded with the reason so nothing is
 * silently lost; in one transaction: one statement each in its own transaction cost 1.0 s of a
 * 5.9 s carve (10,005 files left out of 10,779).
 */
export function markOutsideWindow(
  db: Database,
  files: readonly {
    path: string;
    size: number | null;
    mtimeMs: number | null;
    reason: string;
  }[],
  carve: string | null,
): void {
  if (files.length === 0) return;
  const st = stmt(
    db,
    `INSERT INTO files(path, size, mtime_ms, status, error, carve, indexed_at) VALUES(?, ?, ?, 'outside-window', ?, ?, ?)
            ON CONFLICT(path) DO UPDATE SET status = 'outside-window', error = excluded.error, carve = excluded.carve
            WHERE files.status IN ('outside-window', 'pending')`,
  );
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const f of files) st.run(f.path, f.size, f.mtimeMs, f.reason, carve, at);
  })();
}

/**
 * Files given (or met in a folder walk) that could not be used at all: missing, a broken symlink,
 * not a regular file, a symlink out of the evidence. Recorded as failed with the reason and nothing
 * else (no size, shape or hash: nothing was read, and nothing later reads them: `verify` passes
 * over them), so the files view lists them. A row whose file was read before (indexed, a digest,
 * not CloudTrail, or failed part-way with events kept) keeps its row and its reason.
 */
export function markUnusable(
  db: Database,
  paths: readonly { path: string; reason: string }[],
): void {
  if (paths.length === 0) return;
  const st = stmt(
    db,
    `INSERT INTO files(path, status, error, indexed_at) VALUES(?, 'failed', ?, ?)
            ON CONFLICT(path) DO UPDATE SET status = 'failed', error = excluded.error, indexed_at = excluded.indexed_at,
              size = NULL, mtime_ms = NULL
            WHERE files.status = 'outside-window'
              OR (files.status IN ('failed', 'pending') AND files.events = 0 AND files.sha256 IS NULL
                  AND NOT EXISTS (SELECT 1 FROM provenance p WHERE p.file_id = files.id))`,
  );
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const p of paths) st.run(p.path, p.reason, at);
  })();
}

/** Record the carve a file (and its zip members) was read under in this run. */
export function setFileCarve(db: Database, paths: readonly string[], carve: string | null): void {
  const st = stmt(db, 'UPDATE files SET carve = ? WHERE path = ? OR (path > ? AND path < ?)');
  db.transaction(() => {
    for (const p of paths) st.run(carve, p, p + '!', p + '"');
  })();
}

/** One row of the files view (TUI, report): outcome, counts, hashes, what the case file kept, verdict. */
export interface FileOverview {
  id: number;
  path: string;
  status: FileStatus;
  shape: string | null;
  /** Why it failed, is not CloudTrail, or was left out by a carve. */
  reason: string | null;
  warnings: string | null;
  events: number;
  added: number;
  duplicates: number;
  /** SHA-256 of the bytes as delivered. */
  sha256: string | null;
  /** SHA-256 of the uncompressed content (what CloudTrail digests hash); null when not kept. */
  content_sha256: string | null;
  /** 1 when data follows the first gzip member. */
  trailing_data: number | null;
  /** 1 when the case file keeps the file's evidence bytes (0: indexed before they were kept, or nothing to keep). */
  kept: number;
  s3_key: string | null;
  /** The last `verify` verdict (null: never verified). */
  verdict: string | null;
  verdict_detail: string | null;
  verified_by: string | null;
}

export function fileOverview(db: Database): FileOverview[] {
  return db
    .prepare(
      `SELECT f.id, f.path, f.status, f.shape, f.error AS reason, f.warnings, f.events, f.added,
         f.duplicates, f.sha256, e.content_sha256, e.trailing_data, e.file_id IS NOT NULL AS kept,
         e.s3_key, COALESCE(v.verdict, d.verdict) AS verdict, COALESCE(v.detail, d.detail) AS verdict_detail,
         v.digest AS verified_by
       FROM files f LEFT JOIN evidence e ON e.file_id = f.id
       LEFT JOIN verify_files v ON v.path = f.path LEFT JOIN verify_digests d ON d.path = f.path
       ORDER BY f.path`,
    )
    .all() as FileOverview[];
}
