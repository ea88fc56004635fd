import type { Database } from 'better-sqlite3';
import type { SqlFilter } from './filter-sql.js';
import { getMeta, setMeta } from './db.js';

/** SQL for Sigma rule packs and their hits. What matches is decided in domain/sigma. */

export interface StoredSigmaRule {
  pack: string;
  file: string;
  doc: number;
  rule_id: string | null;
  hash: string;
  status: string;
  reason: string | null;
  kind: string | null;
  title: string;
  level: string | null;
  tags: string;
  description: string | null;
  source: string;
  done_rowid: number;
}

export function sigmaPacks(db: Database): { path: string; added_at: string }[] {
  return db.prepare('SELECT path, added_at FROM sigma_packs ORDER BY path').all() as {
    path: string;
    added_at: string;
  }[];
}

export function recordPack(db: Database, path: string, at: string): void {
  db.prepare('INSERT OR IGNORE INTO sigma_packs(path, added_at) VALUES (?, ?)').run(path, at);
}

export function storedRules(db: Database, pack?: string): StoredSigmaRule[] {
  return (
    pack === undefined
      ? db.prepare('SELECT * FROM sigma_rules ORDER BY pack, file, doc').all()
      : db.prepare('SELECT * FROM sigma_rules WHERE pack = ? ORDER BY file, doc').all(pack)
  ) as StoredSigmaRule[];
}

/** Insert or replace one rule document; a new or changed rule starts over (done_rowid 0). */
export function upsertRule(db: Database, r: Omit<StoredSigmaRule, 'done_rowid'>): void {
  db.prepare(
    `INSERT INTO sigma_rules(pack, file, doc, rule_id, hash, status, reason, kind, title, level, tags, description, source, done_rowid)
     VALUES (@pack, @file, @doc, @rule_id, @hash, @status, @reason, @kind, @title, @level, @tags, @description, @source, 0)
     ON CONFLICT(pack, file, doc) DO UPDATE SET rule_id = excluded.rule_id, hash = excluded.hash, status = excluded.status,
       reason = excluded.reason, kind = excluded.kind, title = excluded.title, level = excluded.level, tags = excluded.tags,
       description = excluded.description, source = excluded.source, done_rowid = 0`,
  ).run(r);
}

export function setRuleStatus(
  db: Database,
  key: Pick<StoredSigmaRule, 'pack' | 'file' | 'doc'>,
  status: string,
  reason: string | null,
): void {
  db.prepare(
    'UPDATE sigma_rules SET status = ?, reason = ? WHERE pack = ? AND file = ? AND doc = ?',
  ).run(status, reason, key.pack, key.file, key.doc);
}

export function deleteRule(
  db: Database,
  key: Pick<StoredSigmaRule, 'pack' | 'file' | 'doc'>,
): void {
  db.prepare('DELETE FROM sigma_rules WHERE pack = ? AND file = ? AND doc = ?').run(
    key.pack,
    key.file,
    key.doc,
  );
}

export function deletePack(db: Database, pack: string): number {
  const n = db.prepare('DELETE FROM sigma_rules WHERE pack = ?').run(pack).changes;
  db.prepare('DELETE FROM sigma_packs WHERE path = ?').run(pack);
  return n;
}

export function markDone(
  db: Database,
  key: Pick<StoredSigmaRule, 'pack' | 'file' | 'doc'>,
  rowid: number,
): void {
  db.prepare('UPDATE sigma_rules SET done_rowid = ? WHERE pack = ? AND file = ? AND doc = ?').run(
    rowid,
    key.pack,
    key.file,
    key.doc,
  );
}

/**
 * The rule's number in sigma_hits (numbered on first use, kept for good): hits are keyed by it, a
 * small integer, rather than by the rule's text id.
 */
export function ruleNumber(db: Database, ruleId: string): number {
  db.prepare('INSERT OR IGNORE INTO sigma_rule_keys(rule_id) VALUES (?)').run(ruleId);
  return db
    .prepare('SELECT rule_no FROM sigma_rule_keys WHERE rule_id = ?')
    .pluck()
    .get(ruleId) as number;
}

const NO_OF = '(SELECT rule_no FROM sigma_rule_keys WHERE rule_id = ?)';

/** Hits whose rule is no longer loaded anywhere go (a removed or changed rule). */
export function dropOrphanHits(db: Database): void {
  db.exec(
    `DELETE FROM sigma_hits WHERE rule_no NOT IN (SELECT k.rule_no FROM sigma_rule_keys k
       JOIN sigma_rules r ON r.rule_id = k.rule_id WHERE r.status = 'loaded')`,
  );
}

export function clearHits(db: Database, ruleId: string): void {
  db.prepare(`DELETE FROM sigma_hits WHERE rule_no = ${NO_OF}`).run(ruleId);
}

export class HitWriter {
  private readonly insert;
  private readonly numbers = new Map<string, number>();
  constructor(private readonly db: Database) {
    // the event's time and outcome go with the hit (the notable summary reads them there)
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO sigma_hits(rule_no, event_rowid, time_ms, ok)
       SELECT ?, id, time_ms, (error_code_ref IS NULL AND error_message_ref IS NULL) FROM events WHERE id = ?`,
    );
  }
  add(ruleId: string, rowid: number): void {
    let no = this.numbers.get(ruleId);
    if (no === undefined) this.numbers.set(ruleId, (no = ruleNumber(this.db, ruleId)));
    this.insert.run(no, rowid);
  }
}

export interface HitRef {
  rowid: number;
  time_ms: number;
  raw_chunk: number;
  raw_index: number;
}

/** One rule's hits in time order, with where their records are (correlation input). */
export function hitsOf(db: Database, ruleId: string): HitRef[] {
  return db
    .prepare(
      `SELECT e.id AS rowid, e.time_ms, e.raw_chunk, e.raw_index FROM sigma_hits h JOIN events e ON e.id = h.event_rowid
       WHERE h.rule_no = ${NO_OF} ORDER BY e.time_ms, e.id`,
    )
    .all(ruleId) as HitRef[];
}

/**
 * Make event_notable hold exactly the hits of the rules that report (with their severity rank):
 * the rows of rules that no longer report, or report at another severity, go; missing rows are
 * added (rows already there stay, so a run that added events writes only their hits). Idempotent.
 * Returns the list as the JSON the summary takes.
 */
export function publishHits(
  db: Database,
  reporting: readonly { ruleId: string; severity: number }[],
): string {
  const list = JSON.stringify(reporting.map((r) => [r.ruleId, r.severity]));
  db.prepare(
    `DELETE FROM event_notable WHERE rule_id >= 'sigma:' AND rule_id < 'sigma;' AND (
       (rule_id, severity) NOT IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))
       OR NOT EXISTS (SELECT 1 FROM sigma_hits h JOIN sigma_rule_keys k ON k.rule_no = h.rule_no
                      WHERE k.rule_id = event_notable.rule_id AND h.event_rowid = event_notable.event_rowid))`,
  ).run(list);
  db.prepare(
    `INSERT OR IGNORE INTO event_notable(event_rowid, rule_id, severity)
     SELECT h.event_rowid, k.rule_id, r.value ->> 1 FROM json_each(?) r
       JOIN sigma_rule_keys k ON k.rule_id = r.value ->> 0 JOIN sigma_hits h ON h.rule_no = k.rule_no`,
  ).run(list);
  return list;
}

export interface SigmaCount {
  rule_id: string;
  events: number;
  failed: number;
  first_ms: number | null;
  last_ms: number | null;
}

/** Per Sigma rule: events, failed attempts (an error code or message), first and last seen, within a filter. */
export function sigmaCounts(db: Database, filter: SqlFilter): SigmaCount[] {
  return db
    .prepare(
      `SELECT n.rule_id, count(*) AS events,
         sum(e.error_code_ref IS NOT NULL OR e.error_message_ref IS NOT NULL) AS failed,
         min(e.time_ms) AS first_ms, max(e.time_ms) AS last_ms
       FROM event_notable n JOIN events e ON e.id = n.event_rowid
       WHERE n.rule_id LIKE 'sigma:%' AND (${filter.where}) GROUP BY n.rule_id`,
    )
    .all(...filter.params) as SigmaCount[];
}

const UNPUBLISHED = 'sigma_unpublished';

/**
 * Hits an index run wrote (its parse workers evaluated the rules) are not in the notable summary
 * until evaluateSigma publishes them with the correlations: until then the rules are not fresh.
 */
export function setUnpublished(db: Database, pending: boolean): void {
  setMeta(db, UNPUBLISHED, pending ? '1' : '');
}

export function hasUnpublished(db: Database): boolean {
  return getMeta(db, UNPUBLISHED) === '1';
}

/** Does the case file have the Sigma tables (it does after migration 8)? */
export function hasSigmaTables(db: Database): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sigma_rules'")
      .get() !== undefined
  );
}

/** Events added after `rowid` (the size of an evaluation pass, for its progress line). */
export function countEventsAfter(db: Database, rowid: number): number {
  return db.prepare('SELECT count(*) FROM events WHERE id > ?').pluck().get(rowid) as number;
}

export function maxRowid(db: Database): number {
  return (db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number) ?? 0;
}

/** Events one Sigma rule hit, oldest first (for `trailscope rules test`). */
export function hitEvents(
  db: Database,
  ruleId: string,
  limit: number,
): import('./event-row.js').EventRow[] {
  return db
    .prepare(
      `SELECT v.* FROM sigma_hits h JOIN events_v v ON v.id = h.event_rowid WHERE h.rule_no = ${NO_OF}
       ORDER BY v.time_ms, v.id LIMIT ?`,
    )
    .all(ruleId, limit) as import('./event-row.js').EventRow[];
}

export function hitCount(db: Database, ruleId: string): number {
  return db
    .prepare(`SELECT count(*) FROM sigma_hits WHERE rule_no = ${NO_OF}`)
    .pluck()
    .get(ruleId) as number;
}
