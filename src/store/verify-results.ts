import type { Database } from 'better-sqlite3';
import type { VerifyReport } from '../domain/verify/verify.js';

/**
 * `trailscope verify` verdicts kept in the case file (migration 6), replaced as a whole by each
 * run, so the event detail, the `verified:` filter and the report read the latest verification.
 */
export function storeVerifyReport(db: Database, r: VerifyReport): void {
  db.transaction(() => {
    db.exec('DELETE FROM verify_files; DELETE FROM verify_digests; DELETE FROM verify_chains;');
    const f = db.prepare(
      'INSERT OR REPLACE INTO verify_files(path, s3_key, verdict, digest, detail) VALUES(?, ?, ?, ?, ?)',
    );
    for (const l of r.logs)
      f.run(l.path ?? `missing:${l.s3Key}`, l.s3Key, l.verdict, l.digest ?? null, l.detail ?? null);
    const d = db.prepare(
      'INSERT OR REPLACE INTO verify_digests(path, s3_key, chain, end_time, verdict, detail) VALUES(?, ?, ?, ?, ?, ?)',
    );
    for (const x of r.digests)
      d.run(x.path, x.s3Key, x.chain, x.endTime, x.verdict, x.detail ?? null);
    const c = db.prepare(
      'INSERT OR REPLACE INTO verify_chains(chain, digests, verdict, gaps) VALUES(?, ?, ?, ?)',
    );
    for (const x of r.chains) c.run(x.chain, x.digests, x.verdict, JSON.stringify(x.gaps));
  })();
}

/** The verdicts of the files an event came from (every copy), for the event detail. */
export function eventFileVerdicts(
  db: Database,
  rowid: number,
): { path: string; verdict: string; digest: string | null }[] {
  return db
    .prepare(
      `SELECT f.path, COALESCE(v.verdict, 'unchecked') AS verdict, v.digest FROM provenance p JOIN files f ON f.id = p.file_id
     LEFT JOIN verify_files v ON v.path = f.path WHERE p.event_rowid = ? ORDER BY f.path`,
    )
    .all(rowid) as { path: string; verdict: string; digest: string | null }[];
}

export function hasVerifyResults(db: Database): boolean {
  return db.prepare('SELECT 1 FROM verify_files LIMIT 1').get() !== undefined;
}
