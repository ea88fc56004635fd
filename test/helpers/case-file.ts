import { openCaseFile, ensureIndexes, type Database } from '../../src/store/db.js';
import { EventWriter } from '../../src/store/event-writer.js';
import { beginFile, finishFile } from '../../src/store/files.js';
import { normalizeRecord } from '../../src/ingest/normalize.js';

/**
 * An in-memory case file holding the given CloudTrail records, written through the real normalizer
 * and writer as if they came from one file (`path`).
 */
export function caseFileWith(
  records: Record<string, unknown>[],
  path = '/evidence/test.json',
): Database {
  const db = openCaseFile(':memory:', { create: true });
  addRecords(db, records, path);
  return db;
}

export function addRecords(db: Database, records: Record<string, unknown>[], path: string): void {
  const writer = new EventWriter(db);
  const fileId = beginFile(db, { path, size: null, mtimeMs: null });
  const events = records.map((r) => normalizeRecord(r));
  db.transaction(() => {
    const res = writer.writeBatch(
      fileId,
      events,
      events.map((_, i) => i),
    );
    finishFile(db, fileId, {
      status: 'indexed',
      shape: 'test',
      sha256: null,
      events: events.length,
      added: res.added,
      duplicates: res.duplicates,
      error: null,
      warnings: [],
    });
  })();
  ensureIndexes(db);
}

let seq = 0;
/**
 * Write records through `writer` as one batch of a new file, the way an index run's writer does
 * (for tests of the dedupe and interning tables a bulk load swaps in).
 */
export function writeBatchOf(
  db: Database,
  writer: EventWriter,
  records: Record<string, unknown>[],
): ReturnType<EventWriter['writeBatch']> {
  const fileId = beginFile(db, {
    path: `/evidence/${Math.random()}.json`,
    size: null,
    mtimeMs: null,
  });
  const events = records.map((r) => normalizeRecord(r));
  return writer.writeBatch(
    fileId,
    events,
    events.map((_, i) => i),
  );
}

/** A minimal but valid CloudTrail record; override what the test cares about. */
export function ctEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE000000001',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIAEXAMPLE000000001',
      userName: 'alice',
    },
    eventTime: `2024-04-11T12:${String(seq % 60).padStart(2, '0')}:00Z`,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${seq}`,
    eventID: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    ...overrides,
  };
}
