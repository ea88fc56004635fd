import type { Database } from 'better-sqlite3';
import { hasTable } from './db.js';

/** One evidence file as the TUI's files view lists it. */
export interface FileListRow {
  id: number;
  path: string;
  status: string;
  events: number;
  added: number;
  duplicates: number;
  error: string | null;
  warnings: string | null;
  /** `verify`'s verdict for the file, when verify has run. */
  verdict: string | null;
  sha256: string | null;
}

/**
 * Files a responder must look at: a status that leaves part of the evidence unread, an error, or
 * warnings (lines skipped, copies that differ, records rebuilt or without an ID): a file indexed
 * with a warning holds less, or other, than its bytes suggest.
 */
const PROBLEM =
  "status IN ('failed','not-cloudtrail','outside-window','pending') OR error IS NOT NULL OR warnings IS NOT NULL";

function verdictJoin(db: Database): { cols: string; join: string; problem: string } {
  if (!hasTable(db, 'verify_files')) return { cols: 'NULL AS verdict', join: '', problem: PROBLEM };
  return {
    cols: 'v.verdict AS verdict',
    join: 'LEFT JOIN verify_files v ON v.path = f.path',
    problem: `${PROBLEM} OR (v.verdict IS NOT NULL AND v.verdict <> 'verified')`,
  };
}

/** Files in the case file, or only those with a problem; counted for the list kernel. */
export function countFiles(db: Database, problemsOnly: boolean): number {
  const v = verdictJoin(db);
  const where = problemsOnly ? `WHERE ${v.problem}` : '';
  return (db.prepare(`SELECT count(*) AS n FROM files f ${v.join} ${where}`).get() as { n: number })
    .n;
}

/** A page of files, problems first, then by path. */
export function pageFiles(
  db: Database,
  problemsOnly: boolean,
  offset: number,
  limit: number,
): FileListRow[] {
  const v = verdictJoin(db);
  const where = problemsOnly ? `WHERE ${v.problem}` : '';
  return db
    .prepare(
      `SELECT f.id, f.path, f.status, f.events, f.added, f.duplicates, f.error, f.warnings, f.sha256, ${v.cols}
       FROM files f ${v.join} ${where}
       ORDER BY CASE WHEN ${v.problem.replace(/\b(status|error|warnings)\b/g, 'f.$1')} THEN 0 ELSE 1 END, f.path
       LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as FileListRow[];
}
