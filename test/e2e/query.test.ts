import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { expectGolden } from '../helpers/golden.js';

/** A small, fixed case: three identities, errors, a hostile user agent, an unparsable time. */
function records(): Record<string, unknown>[] {
  const alice = {
    type: 'IAMUser',
    principalId: 'AIDAALICE',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    accessKeyId: 'AKIAALICE00000000001',
    userName: 'alice',
  };
  const role = {
    type: 'AssumedRole',
    principalId: 'AROAADMIN:ci',
    arn: 'arn:aws:sts::111122223333:assumed-role/Admin/ci',
    accountId: '111122223333',
    accessKeyId: 'ASIAROLE000000000001',
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/Admin' },
      attributes: { mfaAuthenticated: 'false' },
    },
  };
  const base = (i: number, over: Record<string, unknown>): Record<string, unknown> => ({
    eventVersion: '1.08',
    eventID: `evt-${String(i).padStart(2, '0')}`,
    eventTime: `2024-04-11T1${Math.floor(i / 4)}:${String((i * 7) % 60).padStart(2, '0')}:00Z`,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    userIdentity: alice,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    requestID: `req-${i}`,
    ...over,
  });
  return [
    base(0, {}),
    base(1, {
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
      errorCode: 'AccessDenied',
      errorMessage: 'not authorized',
    }),
    base(2, {
      eventName: 'GetCallerIdentity',
      eventSource: 'sts.amazonaws.com',
      sourceIPAddress: '203.0.113.50',
      userAgent: 'evil\u001b]52;c;ZWNobyBoaQ==\u0007agent',
    }),
    base(3, {
      userIdentity: role,
      eventName: 'StopLogging',
      eventSource: 'cloudtrail.amazonaws.com',
      readOnly: false,
      requestParameters: { name: 'main-trail' },
    }),
    base(4, {
      userIdentity: role,
      eventName: 'PutBucketPolicy',
      eventSource: 's3.amazonaws.com',
      readOnly: false,
      awsRegion: 'eu-west-1',
      requestParameters: { bucketName: 'prod-data' },
    }),
    base(5, {
      eventName: 'DeleteTrail',
      eventSource: 'cloudtrail.amazonaws.com',
      errorCode: 'AccessDenied',
      readOnly: false,
      sourceIPAddress: '10.0.4.2',
    }),
    base(6, {
      userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      eventName: 'AssumeRole',
      eventSource: 'sts.amazonaws.com',
      sourceIPAddress: 'ec2.amazonaws.com',
      userAgent: 'ec2.amazonaws.com',
    }),
    base(7, { eventTime: 'garbage', eventName: 'ListUsers', eventSource: 'iam.amazonaws.com' }),
  ];
}

let dir = '';
let db = '';
const q = (...args: string[]) => runCli([...args, '--db', db]);

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-query-e2e-'));
  db = join(dir, 'case.db');
  writeFileSync(join(dir, 'events.json'), JSON.stringify({ Records: records() }));
  evidence = guardEvidence(join(dir, 'events.json'));
  const r = runCli(['index', join(dir, 'events.json'), '--db', db]);
  expect(r.status, r.stderr).toBe(0);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterAll(() => evidence?.check()); // registered after the removal, so it runs before it

describe('trailscope query', () => {
  it('prints a table when piped: every column, no truncation, hostile text escaped', () => {
    const r = q('query');
    expect(r.status).toBe(0);
    expectGolden('cli/query-table.txt', r.stdout);
    const ua = q('query', 'ip:203.0.113.50', '--fields', 'ua');
    expect(ua.stdout).toBe('ua\nevil\\e]52;c;ZWNobyBoaQ==\\x07agent\n');
  });

  it('chooses columns and order, and says when the limit hides events', () => {
    const r = q(
      'query',
      'error:*',
      'OR',
      'type:role',
      '--fields',
      'time,name,key,role,readOnly,error',
      '--sort',
      '-time',
      '--limit',
      '3',
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('(3 of 4 events;');
    expectGolden('cli/query-fields.txt', r.stdout);
  });

  it('writes JSON Lines of the original records', () => {
    const r = q('query', 'src:cloudtrail', '--format', 'jsonl');
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.eventID)).toEqual(['evt-03', 'evt-05']);
    expect(lines[0]).toEqual(records()[3]);
  });

  it('writes the console JSON and CSV formats', () => {
    const json = q('query', '-type:role', 'ip:10.0.0.0/8,198.51.100.0/24', '--format', 'json');
    expect(json.status).toBe(0);
    expectGolden('cli/query.json', json.stdout);
    expect(JSON.parse(json.stdout).Records).toHaveLength(4);
    const csv = q('query', 'name:StopLogging,PutBucketPolicy', '--format', 'csv');
    expectGolden('cli/query.csv', csv.stdout);
  });

  it('exits 1 with no results and 2 with a located filter error', () => {
    const none = q('query', 'name:NoSuchThing');
    expect([none.status, none.stdout, none.stderr]).toEqual([1, '', 'no events match\n']);
    const bad = q('query', 'evnt:StopLogging');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expectGolden('cli/query-error.txt', bad.stderr);
    const badField = q('query', '--fields', 'time,nmae');
    expect([badField.status, badField.stderr]).toEqual([
      2,
      'trailscope: --fields: unknown field "nmae" — did you mean "name"?\n',
    ]);
  });
});

describe('trailscope stats', () => {
  it('prints totals, span and top values', () => {
    const r = q('stats');
    expect(r.status).toBe(0);
    expectGolden('cli/stats.txt', r.stdout);
  });

  it('prints JSON, value counts by field, and a histogram', () => {
    const json = q('stats', 'error:*', '--json', '--top', '2');
    expectGolden('cli/stats.json', json.stdout);
    expect(JSON.parse(json.stdout).errors).toBe(2);
    expectGolden('cli/stats-by-ip.txt', q('stats', '--by', 'ip').stdout);
    // flags print as the filter takes them
    const ro = JSON.parse(q('stats', '--by', 'readOnly', '--json').stdout) as {
      values: { value: unknown }[];
    };
    for (const v of ro.values) expect([true, false, 'true', 'false', null]).toContain(v.value);
    expect(ro.values.some((v) => v.value === 'true' || v.value === 'false')).toBe(true);
    expectGolden('cli/stats-histogram.txt', q('stats', '--histogram', '1h').stdout);
  });

  it('rejects what it cannot count', () => {
    const r = q('stats', '--by', 'since');
    expect([r.status, r.stderr]).toEqual([
      2,
      'trailscope stats: --by: "since" values cannot be counted (try name, who, ip, key, error, resource...)\n',
    ]);
  });
});

describe('trailscope export', () => {
  it('writes json, jsonl and csv files (format from the name) and refuses to overwrite', () => {
    for (const name of ['out.json', 'out.jsonl', 'out.csv']) {
      const out = join(dir, name);
      const r = q('export', '-name:AssumeRole', '--out', out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^exported 7 events to .* in /);
      expectGolden(`cli/export-${name}`, readFileSync(out, 'utf8'));
      expect(existsSync(`${out}.partial`)).toBe(false);
    }
    const again = q('export', '--out', join(dir, 'out.json'));
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists (use --force to overwrite)');
    const parsed = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(parsed.Records.map((r: { eventID: string }) => r.eventID)).toContain('evt-07');
  });
});
