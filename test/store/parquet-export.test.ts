import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFileWith, addRecords } from '../helpers/case-file.js';
import { fixtureRecords, LINEAGE_FILES } from '../helpers/lineage-case.js';
import { compileFilter, FilterError, parseFilter } from '../../src/query/index.js';
import { emitSql } from '../../src/query/dialects/emit.js';
import {
  ATHENA_COLUMNS,
  OCSF_COLUMNS,
  exportParquet,
  loadDuckDb,
} from '../../src/store/parquet-export.js';
import type { Database } from '../../src/store/db.js';
import { MATCH_ALL } from '../../src/store/filter-sql.js';
import { FILTER_CORPUS } from '../helpers/filter-corpus.js';

/**
 * Differential: the DuckDB SQL of a filter, run over the Parquet this tool exports, returns exactly
 * the events the case file returns. Records: the credential-chain fixtures plus the shapes that
 * need care (case variants, IPv4 with leading zeros, IPv4-mapped IPv6, sessions, typeless
 * resources, an unparsed time, values with quotes and control characters).
 */
const TRICKY: Record<string, unknown>[] = [
  {
    eventVersion: '1.08',
    eventID: 't-1',
    eventTime: '2024-04-11T13:30:00Z',
    eventName: 'GetObject',
    eventSource: 'S3.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: '035.249.253.232',
    userAgent: 'aws-cli/2 (x)',
    recipientAccountId: '111122223333',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAX:alice',
      arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
      accountId: '111122223333',
      accessKeyId: 'ASIAX',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/Admin' },
        attributes: { mfaAuthenticated: 'false', creationDate: '2024-04-11T13:00:00Z' },
        sourceIdentity: 'alice',
      },
    },
    requestParameters: { bucketName: 'prod-data', key: 'a_b%c' },
    resources: [
      { ARN: 'arn:aws:s3:::prod-data', type: 'AWS::S3::Bucket' },
      { ARN: 'arn:aws:s3:::prod-data/a' },
    ],
  },
  {
    eventVersion: '1.08',
    eventID: 't-2',
    eventTime: 'not a time',
    eventName: 'a_b%c',
    eventSource: 'iam.amazonaws.com',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '::ffff:10.1.2.3',
    userAgent: 'Boto3/1.34',
    errorCode: 'AccessDenied',
    errorMessage: 'User is not authorized',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAX',
      arn: "arn:aws:iam::111122223333:user/o'brien",
      accountId: '111122223333',
      userName: "o'brien",
      accessKeyId: 'AKIAX',
    },
  },
  {
    eventVersion: '1.08',
    eventID: 't-3',
    eventTime: '2024-04-12T00:00:00Z',
    eventName: 'AssumeRole',
    eventSource: 'sts.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: 'AWS Internal',
    userAgent: 'a\u001bb',
    readOnly: false,
    eventCategory: 'Management',
    userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
    responseElements: {
      credentials: { accessKeyId: 'ASIAISSUED', expiration: 'Apr 12, 2024, 1:00:00 AM' },
    },
  },
  {
    eventVersion: '1.08',
    eventID: 't-4',
    eventTime: '2024-04-10T08:00:00Z',
    eventName: 'ConsoleLogin',
    eventSource: 'signin.amazonaws.com',
    awsRegion: 'us-east-1',
    sourceIPAddress: '2001:DB8:0:0:0:0:0:1',
    eventType: 'AwsConsoleSignIn',
    additionalEventData: { MFAUsed: 'No' },
    userIdentity: {
      type: 'Root',
      principalId: '111122223333',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
    },
  },
  // resources named only by request parameters: a bucket in the China partition, a KMS key by ID
  // beside its ARN
  {
    eventVersion: '1.08',
    eventID: 't-5',
    eventTime: '2024-04-11T09:00:00Z',
    eventName: 'PutBucketPolicy',
    eventSource: 's3.amazonaws.com',
    awsRegion: 'cn-north-1',
    requestParameters: { bucketName: 'audit-logs', keyId: '5f1c8e2a' },
    resources: [
      { ARN: 'arn:aws-cn:kms:cn-north-1:111122223333:key/5f1c8e2a', type: 'AWS::KMS::Key' },
    ],
    userIdentity: { type: 'Root', arn: 'arn:aws-cn:iam::111122223333:root' },
  },
];

let duckAvailable = true;
let db: Database;
let dir = '';
let conn: { runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }> };

beforeAll(async () => {
  let duck;
  try {
    duck = await loadDuckDb();
  } catch {
    duckAvailable = false;
    return;
  }
  db = caseFileWith(TRICKY);
  for (const f of LINEAGE_FILES) addRecords(db, fixtureRecords(f), `/evidence/${f}`);
  dir = mkdtempSync(join(tmpdir(), 'trailscope-parquet-'));
  await exportParquet(db, MATCH_ALL, join(dir, 'out'));
  await exportParquet(db, MATCH_ALL, join(dir, 'ocsf'), { layout: 'ocsf' });
  const instance = await duck.DuckDBInstance.create(':memory:');
  conn = await instance.connect();
}, 120_000);
afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sqliteIds = (text: string): string[] => {
  const f = compileFilter(text);
  return db
    .prepare(`SELECT e.event_id FROM events e WHERE ${f.where} ORDER BY e.event_id`)
    .pluck()
    .all(...f.params) as string[];
};

describe('Parquet export and the DuckDB dialect', () => {
  it('is available (the optional dependency is installed by npm ci)', () => {
    expect(duckAvailable).toBe(true);
  });

  it("writes the Athena CloudTrail table's columns with their types, Hive-partitioned by account, region and date", async () => {
    const rows = (
      await conn.runAndReadAll(
        `DESCRIBE SELECT * FROM read_parquet('${join(dir, 'out')}/**/*.parquet', hive_partitioning = true)`,
      )
    ).getRows();
    const types = new Map(rows.map((r) => [String(r[0]), String(r[1])]));
    for (const [name, type] of Object.entries(ATHENA_COLUMNS)) {
      expect(types.has(name), name).toBe(true);
      if (!['account', 'region', 'date'].includes(name))
        expect(types.get(name)!.replace(/\s+/g, '').replace(/"/g, ''), name).toBe(
          type.replace(/\s+/g, '').replace(/"/g, ''),
        );
    }
    const all = (
      await conn.runAndReadAll(
        `SELECT count(*) FROM read_parquet('${join(dir, 'out')}/**/*.parquet', hive_partitioning = true)`,
      )
    ).getRows();
    expect(Number(all[0][0])).toBe(
      db.prepare('SELECT count(*) FROM events').pluck().get() as number,
    );
  });

  it('returns exactly the events the case file returns, for every filter of the corpus', async () => {
    let compared = 0;
    for (const text of FILTER_CORPUS) {
      try {
        compileFilter(text);
      } catch (err) {
        if (err instanceof FilterError) continue;
        throw err;
      }
      const e = emitSql(parseFilter(text), 'duckdb', { table: join(dir, 'out') });
      // notes, tags, verify verdicts and caveats are the case file's own data: named, never exported
      if (
        e.unsupported.length &&
        e.unsupported.every((u) => ['note', 'tag', 'verified', 'caveat'].includes(u.field))
      )
        continue;
      expect(e.unsupported, text).toEqual([]);
      const rows = (await conn.runAndReadAll(`SELECT eventid FROM (${e.sql}) ORDER BY eventid`))
        .getRows()
        .map((r) => String(r[0]));
      expect(rows, `${text}\n${e.sql}`).toEqual(sqliteIds(text));
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
  }, 120_000);

  it('writes the OCSF layout with the OCSF 6003 attribute names and Security Lake partitions', async () => {
    const src = `read_parquet('${join(dir, 'ocsf')}/**/*.parquet', hive_partitioning = true)`;
    const rows = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRows();
    const types = new Map(rows.map((r) => [String(r[0]), String(r[1]).replace(/\s+|"/g, '')]));
    for (const [name, type] of Object.entries(OCSF_COLUMNS)) {
      expect(types.has(name), name).toBe(true);
      if (!['region', 'accountid', 'eventday'].includes(name))
        expect(types.get(name), name).toBe(type.replace(/\s+|"/g, ''));
    }
    const byName = (
      await conn.runAndReadAll(
        `SELECT metadata.uid FROM ${src} WHERE api.operation = 'AssumeRole' ORDER BY 1`,
      )
    )
      .getRows()
      .map((r) => String(r[0]));
    expect(byName).toEqual(sqliteIds('name:=AssumeRole'));
    const failed = (
      await conn.runAndReadAll(`SELECT count(*) FROM ${src} WHERE status = 'Failure'`)
    ).getRows();
    expect(Number(failed[0][0])).toBe(sqliteIds('error:*').length);
    const signIns = (
      await conn.runAndReadAll(
        `SELECT class_uid, activity_id FROM ${src} WHERE api.operation = 'ConsoleLogin'`,
      )
    ).getRows();
    expect(signIns.every((r) => Number(r[0]) === 3002 && Number(r[1]) === 1)).toBe(true);
  });
});
