import type { Database } from 'better-sqlite3';
import { EventReader } from './event-reader.js';
import { FLAG_TIME_UNPARSED } from './event-row.js';
import type {
  EventCount,
  EvidenceFile,
  LoggingChangeEvent,
  StoredVerdicts,
} from '../domain/coverage/types.js';

/** SQL for coverage: events per account × region × hour, the evidence files, logging-change events, stored verdicts. */

/** Events per recipient account, region and UTC hour (events whose time did not parse have no hour). */
export function eventCountsByHour(db: Database): EventCount[] {
  return db
    .prepare(
      `SELECT ra.value AS account, rg.value AS region, (e.time_ms / 3600000) * 3600000 AS hour, COUNT(*) AS events
       FROM events e
       LEFT JOIN dict ra ON ra.id = e.recipient_account_id_ref
       LEFT JOIN dict rg ON rg.id = e.aws_region_ref
       WHERE (e.flags & ${FLAG_TIME_UNPARSED}) = 0
       GROUP BY e.recipient_account_id_ref, e.aws_region_ref, hour
       ORDER BY account, region, hour`,
    )
    .all() as EventCount[];
}

export function evidenceFiles(db: Database): EvidenceFile[] {
  // case files from before carving have no carve column: every file was read whole
  const carve = (
    db.prepare("SELECT name FROM pragma_table_info('files')").pluck().all() as string[]
  ).includes('carve')
    ? 'carve'
    : 'NULL AS carve';
  return db
    .prepare(`SELECT path, status, digest, ${carve} FROM files ORDER BY path`)
    .all() as EvidenceFile[];
}

/** Every event with one of `names` (through the name index), with what the logging-change predicates read. */
export function loggingChangeEvents(db: Database, names: readonly string[]): LoggingChangeEvent[] {
  const rows = db
    .prepare(
      `SELECT e.event_id AS eventId, e.time_ms AS time, n.value AS eventName, s.value AS eventSource, ec.value AS errorCode,
         em.value AS errorMessage, rg.value AS region, COALESCE(ra.value, ac.value) AS account, e.req_text AS reqText,
         e.raw_chunk, e.raw_index
       FROM events e
       LEFT JOIN dict n ON n.id = e.event_name_ref
       LEFT JOIN dict s ON s.id = e.event_source_ref
       LEFT JOIN dict ec ON ec.id = e.error_code_ref
       LEFT JOIN dict em ON em.id = e.error_message_ref
       LEFT JOIN dict rg ON rg.id = e.aws_region_ref
       LEFT JOIN dict ra ON ra.id = e.recipient_account_id_ref
       LEFT JOIN dict ac ON ac.id = e.account_id_ref
       WHERE e.event_name_ref IN (SELECT id FROM dict WHERE field = 'event_name' AND value IN (SELECT value FROM json_each(?)))
         AND (e.flags & ${FLAG_TIME_UNPARSED}) = 0
       ORDER BY e.time_ms, e.event_id`,
    )
    .all(JSON.stringify(names)) as (LoggingChangeEvent & {
    raw_chunk: number;
    raw_index: number;
  })[];
  const reader = new EventReader(db);
  return rows.map(({ raw_chunk, raw_index, ...e }) => ({
    ...e,
    request: () => {
      try {
        return reader.rawRecord({ raw_chunk, raw_index }).requestParameters;
      } catch {
        return undefined;
      }
    },
  }));
}

function hasTable(db: Database, name: string): boolean {
  return (
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !==
    undefined
  );
}

/** Verdicts `verify` stored, or null when it has not stored any (older case files, or verify not run). */
export function storedVerdicts(db: Database): StoredVerdicts | null {
  if (!hasTable(db, 'verify_files') || !hasTable(db, 'verify_digests')) return null;
  const files = db
    .prepare('SELECT path, verdict FROM verify_files ORDER BY path')
    .all() as StoredVerdicts['files'];
  const digests = db
    .prepare('SELECT path, verdict FROM verify_digests ORDER BY path')
    .all() as StoredVerdicts['digests'];
  return files.length || digests.length ? { files, digests } : null;
}
