import type { Database } from 'better-sqlite3';

/**
 * Distinct values the events of a case file use: what makes a corpus hard (the credential refresh
 * works per key, the dict grows per value), counted from the case file itself so a benchmark shows
 * what was indexed, not what a generator meant to write.
 */
export interface CaseCardinality {
  events: number;
  accessKeys: number;
  identityArns: number;
  sourceIps: number;
  /** Resources of type AWS::S3::Object. */
  s3Objects: number;
}

export function caseCardinality(db: Database): CaseCardinality {
  const one = (sql: string): number => db.prepare(sql).pluck().get() as number;
  return {
    events: one('SELECT count(*) FROM events'),
    accessKeys: one('SELECT count(DISTINCT access_key_id_ref) FROM events'),
    identityArns: one('SELECT count(DISTINCT arn_ref) FROM events'),
    sourceIps: one('SELECT count(DISTINCT source_ip_ref) FROM events'),
    s3Objects: one(
      `SELECT count(DISTINCT r.name_ref) FROM event_resources r JOIN dict t ON t.id = r.type_ref
       WHERE t.value = 'AWS::S3::Object'`,
    ),
  };
}
