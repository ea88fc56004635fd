import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/**
 * `resource` from the command line: `stats --by resource` counts a bucket once whether events name
 * it by ARN or by name, each value's `filter` selects its count, `query --fields resource` shows
 * an event's resources, and piped output keeps a long object key whole.
 */
const LONG_KEY = 'exports/' + 'k'.repeat(300) + '.csv';
const BUCKET = 'arn:aws:s3:::customer-exports';

function record(id: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventID: id,
    eventTime: '2026-03-12T02:14:00Z',
    eventSource: 's3.amazonaws.com',
    awsRegion: 'eu-west-1',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/ci' },
    ...extra,
  };
}

const RECORDS = [
  record('get-1', {
    eventName: 'GetObject',
    requestParameters: { bucketName: 'customer-exports', key: LONG_KEY },
    resources: [
      { type: 'AWS::S3::Object', ARN: `${BUCKET}/${LONG_KEY}` },
      { accountId: '111122223333', type: 'AWS::S3::Bucket', ARN: BUCKET },
    ],
  }),
  record('policy', {
    eventName: 'PutBucketPolicy',
    eventTime: '2026-03-12T02:33:44Z',
    requestParameters: { bucketName: 'customer-exports' },
  }),
  record('list', { eventName: 'ListBuckets', eventTime: '2026-03-12T02:12:20Z' }),
];

let dir = '';
let db = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-resource-'));
  writeFileSync(join(dir, 'e.json'), JSON.stringify({ Records: RECORDS }));
  db = join(dir, 'c.db');
  const r = runCli(['index', join(dir, 'e.json'), '--db', db]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('resource on the command line', () => {
  it('stats --by resource: one value per resource, each with a filter that selects its count', () => {
    const r = runCli(['stats', '--by', 'resource', '--json', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      values: { value: string | null; count: number; filter: string }[];
    };
    expect(out.values.map((v) => [v.value, v.count])).toEqual([
      [BUCKET, 2],
      [null, 1],
      [`${BUCKET}/${LONG_KEY}`, 1],
    ]);
    for (const v of out.values) {
      const q = runCli(['query', v.filter, '--format', 'jsonl', '--db', db]);
      expect(q.stdout.trim().split('\n').length, v.filter).toBe(v.count);
    }
  });

  it('piped, stats --by resource keeps a 300-character object key whole', () => {
    const text = runCli(['stats', '--by', 'resource', '--db', db]).stdout;
    expect(text).toContain(`${BUCKET}/${LONG_KEY}`);
  });

  it('query --fields resource shows the resources of each event (table and CSV)', () => {
    const table = runCli(['query', '--fields', 'id,resource', '--sort', 'time', '--db', db]);
    expect(table.status, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+resource$/);
    // oldest first: ListBuckets has no resource, GetObject the bucket and the object, the policy the bucket
    expect(lines[1]).toMatch(/^list\s*$/);
    // the table cuts a cell at 200 columns even when piped; CSV below keeps it whole
    expect(lines[2]).toMatch(
      /^get-1\s+arn:aws:s3:::customer-exports, arn:aws:s3:::customer-exports\/exports\/k+…$/,
    );
    expect(lines[3]).toMatch(/^policy\s+arn:aws:s3:::customer-exports$/);
    const csv = runCli(['query', '--format', 'csv', '--fields', 'id,resource,rtype', '--db', db]);
    expect(csv.stdout.split('\r\n')).toEqual([
      'id,resource,resourceType',
      'list,,',
      `get-1,"${BUCKET}, ${BUCKET}/${LONG_KEY}","AWS::S3::Bucket, AWS::S3::Object"`,
      `policy,${BUCKET},AWS::S3::Bucket`,
      '',
    ]);
  });
});
