import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';

/**
 * What a new user did to find the disagreements of "one meaning per field": feed each value of
 * `stats --by FIELD --json` back to `query` and compare the counts. The records have the shapes
 * the CloudTrail user guide documents (IAM user, assumed role, federated user, AWS service, root,
 * cross-account calls without an account, resources with and without a type) plus the spellings
 * that broke it: IPv4 with leading zeros, IPv4-mapped IPv6, user agents that contain one another.
 */
function records(): Record<string, unknown>[] {
  const user = {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/bert-jan',
    accountId: '111122223333',
    accessKeyId: 'AKIAEXAMPLE',
    userName: 'bert-jan',
  };
  const role = {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:alice',
    arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLE',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        arn: 'arn:aws:iam::111122223333:role/Admin',
        userName: 'Admin',
      },
    },
  };
  const fed = {
    type: 'FederatedUser',
    principalId: '111122223333:bob',
    arn: 'arn:aws:sts::111122223333:federated-user/bob',
    accountId: '111122223333',
  };
  const svc = { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' };
  const crossAccount = { type: 'AWSAccount', principalId: 'AIDAOTHER', accountId: '444455556666' };
  const ids = [
    user,
    user,
    user,
    role,
    role,
    fed,
    svc,
    crossAccount,
    {
      type: 'Root',
      principalId: '111122223333',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
    },
  ];
  const ips = [
    '035.249.253.232',
    '35.249.253.232',
    '::ffff:35.249.253.232',
    '198.51.100.7',
    'AWS Internal',
    '2001:DB8::1',
  ];
  const uas = [
    'aws-cli/2.15.0',
    'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 prompt/off command/s3.ls',
    'console.amazonaws.com',
    'AWS Internal',
  ];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    const r: Record<string, unknown> = {
      eventVersion: '1.09',
      eventID: `e-${i}`,
      eventTime: `2023-07-09T1${i % 10}:0${i % 6}:00Z`,
      eventSource: 's3.amazonaws.com',
      eventName: ['GetObject', 'ListBuckets', 'PutBucketPolicy'][i % 3],
      awsRegion: 'eu-west-1',
      userIdentity: ids[i % ids.length],
      sourceIPAddress: ips[i % ips.length],
      userAgent: uas[i % uas.length],
      recipientAccountId: '111122223333',
      eventType: 'AwsApiCall',
    };
    if (i % 4 === 0)
      r.resources = [
        { ARN: 'arn:aws:s3:::prod-data', type: 'AWS::S3::Bucket', accountId: '111122223333' },
      ];
    if (i % 5 === 0)
      r.resources = [
        { ARN: 'arn:aws:s3:::prod-data/key', type: 'AWS::S3::Object' },
        { ARN: 'arn:aws:s3:::prod-data', type: 'AWS::S3::Bucket' },
      ];
    if (i % 7 === 0) r.errorCode = 'AccessDenied';
    out.push(r);
  }
  return out;
}

let dir = '';
let db = '';

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-fields-e2e-'));
  db = join(dir, 'case.db');
  writeFileSync(join(dir, 'events.json'), JSON.stringify({ Records: records() }));
  evidence = guardEvidence(join(dir, 'events.json'));
  const r = runCli(['index', join(dir, 'events.json'), '--db', db]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => evidence?.check()); // registered after the removal, so it runs before it

const countOf = (filter: string): number => {
  const r = runCli(['query', '--json', '--db', db, filter]);
  if (r.status === 1) return 0;
  expect(r.status, `${filter}: ${r.stderr}`).toBe(0);
  return (JSON.parse(r.stdout) as { Records: unknown[] }).Records.length;
};

describe('one meaning per field, through the CLI', () => {
  for (const field of ['session', 'ua', 'ip', 'resourceType', 'who', 'account']) {
    it(`every value of stats --by ${field}, fed back to query, selects the count it was given`, () => {
      const r = runCli(['stats', '--by', field, '--top', '100', '--json', '--db', db]);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        values: { value: string | null; count: number; filter: string }[];
      };
      expect(out.values.length).toBeGreaterThan(1);
      for (const v of out.values) expect(countOf(v.filter), v.filter).toBe(v.count);
    });
  }

  it('one address, one meaning: leading zeros, the plain form and ::ffff: are the same IP, in ranges too', () => {
    expect(countOf('ip:35.249.253.232')).toBe(30);
    expect(countOf('ip:035.249.253.232')).toBe(30);
    expect(countOf('ip:35.249.253.0/24')).toBe(30);
    expect(countOf('ip:"2001:db8:0::1"')).toBe(10);
  });

  it('a session facet does not list IAM users, and the bare session name matches', () => {
    const r = JSON.parse(runCli(['stats', '--by', 'session', '--json', '--db', db]).stdout) as {
      values: { value: string | null }[];
    };
    expect(r.values.map((v) => v.value)).toEqual(expect.arrayContaining([null, 'alice', 'bob']));
    expect(r.values.map((v) => v.value)).not.toContain('arn:aws:iam::111122223333:user/bert-jan');
    expect(countOf('session:alice')).toBeGreaterThan(0);
  });

  it('query takes --json, the same output as --format json', () => {
    const a = runCli(['query', '--json', '--db', db, 'name:GetObject']);
    const b = runCli(['query', '--format', 'json', '--db', db, 'name:GetObject']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('an empty or inverted time range is reported with the reason and exits 1', () => {
    const r = runCli(['query', '--db', db, 'after:2023-07-10 before:2023-07-09']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/time range is inverted/);
    const e = runCli(['query', '--db', db, 'after:2023-07-09T12:00Z before:2023-07-09T12:00Z']);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/time range is empty/);
    // since:0m is the last instant of the evidence: its events, not an empty window
    expect(runCli(['stats', '--db', db, 'since:0m']).status).toBe(0);
  });

  it('--json errors have one shape on stdout', () => {
    const bad = runCli(['query', '--json', '--db', db, 'evnt:StopLogging']);
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({
      error: {
        command: 'query',
        message: expect.stringMatching(/unknown field "evnt"/),
        exitCode: 2,
        kind: 'filter',
        position: 0,
        length: 4,
        suggestion: 'event',
      },
    });
    const empty = runCli(['stats', '--json', '--db', db, 'after:2023-07-10 before:2023-07-09']);
    expect(empty.status).toBe(1);
    expect(JSON.parse(empty.stdout).error).toMatchObject({ exitCode: 1, kind: 'empty-time-range' });
    // a usage error a command only reports on stderr still gets the shape on stdout
    const usage = runCli(['stats', '--by', 'bogus', '--json', '--db', db]);
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.stdout).error).toMatchObject({
      command: 'stats',
      exitCode: 2,
      kind: 'usage',
      message: expect.stringMatching(/unknown field "bogus"/),
    });
    const missing = runCli(['stats', '--json', '--db', join(dir, 'nope.db')]);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ exitCode: 2, kind: 'case-file' });
  });

  it('a lower-case operator says the filter was not run and what to type', () => {
    const r = runCli(['query', '--db', db, 'name:GetObject or name:ListBuckets']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the filter was not run: "or" is not an operator.*OR/);
  });

  it('help filters prints the filter reference', () => {
    const r = runCli(['help', 'filters']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/## Missing values and negation/);
    expect(r.stdout).toMatch(/\| `session` \|/);
  });
});

describe('piped stats', () => {
  it('never cuts a value when piped (a user agent of 200 characters comes out whole)', () => {
    const long = 'aws-sdk-java/2.20.0 ' + 'x'.repeat(180);
    const d = mkdtempSync(join(tmpdir(), 'trailscope-stats-pipe-'));
    try {
      writeFileSync(
        join(d, 'e.json'),
        JSON.stringify({
          Records: [
            {
              eventVersion: '1.09',
              eventID: 'p-1',
              eventTime: '2024-04-11T00:00:00Z',
              eventName: 'GetObject',
              eventSource: 's3.amazonaws.com',
              awsRegion: 'us-east-1',
              userAgent: long,
              userIdentity: { type: 'IAMUser' },
            },
          ],
        }),
      );
      const c = join(d, 'c.db');
      expect(runCli(['index', join(d, 'e.json'), '--db', c]).status).toBe(0);
      expect(runCli(['stats', '--by', 'ua', '--db', c]).stdout).toContain(long);
      expect(runCli(['stats', '--db', c]).stdout).toContain(long);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
