import type { Database } from 'better-sqlite3';
import { FLAG_TIME_UNPARSED } from './event-row.js';
import { CAVEATS, type CaveatName } from '../domain/caveats.js';
import { VALUE_DIFFERS_SQL } from './variants.js';

/** SQL for `trailscope report`: the case's files, span, per-rule counts, volume per time bucket. */

export interface ReportFile {
  path: string;
  status: string;
  shape: string | null;
  sha256: string | null;
  events: number;
  verdict: string | null;
}

function hasTable(db: Database, name: string): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !==
    undefined
  );
}

/** Evidence files with their stored verify verdict (null when verify has not stored one). */
export function reportFiles(db: Database): ReportFile[] {
  const verdict =
    hasTable(db, 'verify_files') && hasTable(db, 'verify_digests')
      ? `COALESCE((SELECT v.verdict FROM verify_files v WHERE v.path = f.path), (SELECT d.verdict FROM verify_digests d WHERE d.path = f.path))`
      : 'NULL';
  return db
    .prepare(
      `SELECT f.path, f.status, f.shape, f.sha256, f.events, ${verdict} AS verdict FROM files f ORDER BY f.path`,
    )
    .all() as ReportFile[];
}

/** Files a digest lists that the evidence lacks (stored by verify as `missing:KEY`). */
export function missingFiles(db: Database): string[] {
  if (!hasTable(db, 'verify_files')) return [];
  return db
    .prepare(
      `SELECT s3_key FROM verify_files WHERE verdict = 'missing-from-evidence' ORDER BY s3_key`,
    )
    .pluck()
    .all() as string[];
}

export interface CaseTotals {
  events: number;
  first: number | null;
  last: number | null;
  unparsedTimes: number;
}

export function caseTotals(db: Database): CaseTotals {
  return db
    .prepare(
      `SELECT COUNT(*) AS events,
       MIN(CASE WHEN (flags & ${FLAG_TIME_UNPARSED}) = 0 THEN time_ms END) AS first,
       MAX(CASE WHEN (flags & ${FLAG_TIME_UNPARSED}) = 0 THEN time_ms END) AS last,
       SUM((flags & ${FLAG_TIME_UNPARSED}) != 0) AS unparsedTimes
     FROM events`,
    )
    .get() as CaseTotals;
}

/** Events per caveat (domain/caveats.ts): each flag caveat's events, and those with a differing copy. */
export function caveatCounts(db: Database): { name: CaveatName; events: number }[] {
  const flagged = CAVEATS.filter((c) => c.flag !== undefined);
  const row = db
    .prepare(
      `SELECT ${flagged.map((c) => `IFNULL(SUM((flags & ${c.flag}) != 0), 0)`).join(', ')},
        (SELECT COUNT(DISTINCT event_rowid) FROM event_variants v WHERE ${VALUE_DIFFERS_SQL})
       FROM events`,
    )
    .raw()
    .get() as number[];
  const counts = new Map<CaveatName, number>(flagged.map((c, i) => [c.name, row[i]]));
  counts.set('differs', row[flagged.length]);
  return CAVEATS.map((c) => ({ name: c.name, events: counts.get(c.name) ?? 0 }));
}

/** Distinct values of an interned field (accounts, regions), sorted. */
export function distinctValues(
  db: Database,
  field: 'recipient_account_id' | 'account_id' | 'aws_region',
): string[] {
  return db
    .prepare(`SELECT value FROM dict WHERE field = ? ORDER BY value`)
    .pluck()
    .all(field) as string[];
}

export interface RuleOutcome {
  ruleId: string;
  events: number;
  succeeded: number;
  first: number;
  last: number;
}

/** Per notable rule: matched events, how many of them succeeded (no error code and no error message). */
export function ruleOutcomes(db: Database): RuleOutcome[] {
  return db
    .prepare(
      `SELECT n.rule_id AS ruleId, COUNT(*) AS events,
       SUM(e.error_code_ref IS NULL AND e.error_message_ref IS NULL) AS succeeded, MIN(e.time_ms) AS first, MAX(e.time_ms) AS last
     FROM event_notable n JOIN events e ON e.id = n.event_rowid GROUP BY n.rule_id ORDER BY n.rule_id`,
    )
    .all() as RuleOutcome[];
}

export interface VolumeBucket {
  bucket: number;
  events: number;
  /** Highest notable severity rank in the bucket (-1: none). */
  notable: number;
  notableEvents: number;
}

/** Events per time bucket from `from`, with the notable events among them. */
export function volumeBuckets(db: Database, from: number, bucketMs: number): VolumeBucket[] {
  return db
    .prepare(
      `SELECT (e.time_ms - ?) / ? AS bucket, COUNT(*) AS events,
       COALESCE(MAX(n.sev), -1) AS notable, COUNT(n.sev) AS notableEvents
     FROM events e LEFT JOIN (SELECT event_rowid, MAX(severity) AS sev FROM event_notable GROUP BY event_rowid) n ON n.event_rowid = e.id
     WHERE (e.flags & ${FLAG_TIME_UNPARSED}) = 0 AND e.time_ms >= ?
     GROUP BY bucket ORDER BY bucket`,
    )
    .all(from, bucketMs, from) as VolumeBucket[];
}

/** Access keys of the given events (by eventID), distinct and sorted. */
export function keysOfEvents(db: Database, eventIds: readonly string[]): string[] {
  if (eventIds.length === 0) return [];
  return db
    .prepare(
      `SELECT DISTINCT k.value FROM events e JOIN dict k ON k.id = e.access_key_id_ref
     WHERE e.event_id IN (SELECT value FROM json_each(?)) ORDER BY k.value`,
    )
    .pluck()
    .all(JSON.stringify(eventIds)) as string[];
}

/** Access keys used by events that matched a rule at or above a severity rank, most matches first. */
export function keysOfNotable(db: Database, minSeverity: number, limit: number): string[] {
  return db
    .prepare(
      `SELECT k.value FROM event_notable n JOIN events e ON e.id = n.event_rowid JOIN dict k ON k.id = e.access_key_id_ref
     WHERE n.severity >= ? GROUP BY k.value ORDER BY COUNT(*) DESC, k.value LIMIT ?`,
    )
    .pluck()
    .all(minSeverity, limit) as string[];
}
