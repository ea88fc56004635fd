import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { guardEvidence } from './evidence-hash.js';

/**
 * A small, varied evidence file for TUI tests: users, roles, an STS chain, errors, several IPs and
 * regions, spread over two days. Deterministic.
 */
export function tuiRecords(n = 300): Record<string, unknown>[] {
  const users = ['alice', 'bob', 'olivia', 'ci-deploy'];
  const names = [
    'DescribeInstances',
    'ListBuckets',
    'GetObject',
    'AssumeRole',
    'AssumeRoleWithSAML',
    'CreateUser',
    'PutBucketPolicy',
    'GetCallerIdentity',
  ];
  const ips = ['198.51.100.7', '203.0.113.9', '192.0.2.44', '10.1.2.3'];
  const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
  const start = Date.parse('2024-04-11T00:00:00Z');
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const u = users[i % users.length]!;
    const name = names[(i * 7) % names.length]!;
    const role = i % 5 === 0;
    const key = role
      ? `ASIAROLE${String(i % 3).padStart(12, '0')}`
      : `AKIAUSER${String(users.indexOf(u)).padStart(12, '0')}`;
    const userIdentity = role
      ? {
          type: 'AssumedRole',
          principalId: `AROAEXAMPLE0000000001:${u}`,
          arn: `arn:aws:sts::111122223333:assumed-role/DeployRole/${u}`,
          accountId: '111122223333',
          accessKeyId: key,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: 'AROAEXAMPLE0000000001',
              arn: 'arn:aws:iam::111122223333:role/DeployRole',
              accountId: '111122223333',
              userName: 'DeployRole',
            },
            attributes: { creationDate: '2024-04-11T00:00:00Z', mfaAuthenticated: 'false' },
          },
        }
      : {
          type: 'IAMUser',
          principalId: `AIDAEXAMPLE00000000${users.indexOf(u)}`,
          arn: `arn:aws:iam::111122223333:user/${u}`,
          accountId: '111122223333',
          accessKeyId: key,
          userName: u,
        };
    const error =
      i % 11 === 3
        ? { errorCode: 'AccessDenied', errorMessage: `User ${u} is not authorized` }
        : {};
    out.push({
      eventVersion: '1.08',
      userIdentity,
      eventTime: new Date(start + i * 9 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource:
        name === 'AssumeRole' || name === 'AssumeRoleWithSAML' || name === 'GetCallerIdentity'
          ? 'sts.amazonaws.com'
          : name.includes('Bucket') || name === 'GetObject'
            ? 's3.amazonaws.com'
            : name === 'CreateUser'
              ? 'iam.amazonaws.com'
              : 'ec2.amazonaws.com',
      eventName: name,
      awsRegion: regions[i % regions.length],
      sourceIPAddress: ips[(i * 3) % ips.length],
      userAgent: i % 2 ? 'aws-cli/2.15.0 Python/3.11' : 'Boto3/1.34.0',
      requestParameters:
        name === 'GetObject' ? { bucketName: 'prod-data', key: `reports/${i}.csv` } : null,
      responseElements: null,
      requestID: `req-${String(i).padStart(6, '0')}`,
      eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      readOnly: !['CreateUser', 'PutBucketPolicy'].includes(name),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
      ...error,
    });
  }
  return out;
}

/** A record whose fields carry terminal escape sequences and invisible characters. */
export function hostileRecord(): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAHOSTILE',
      arn: 'arn:aws:iam::111122223333:user/mallory',
      accountId: '111122223333',
      accessKeyId: 'AKIAHOSTILE000000001',
      userName: 'mall\u001b[2J\u001b[31mory',
    },
    eventTime: '2024-04-13T00:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'Evil\u001b]52;c;ZXZpbA==\u0007Name',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.66',
    userAgent: 'ua\u0008\u0008XX\rHIDDEN\u202egnp.exe\u200b\u001b[?1049l',
    requestParameters: { note: 'bell\u0007 and \u001bc reset' },
    responseElements: null,
    requestID: 'req-hostile',
    eventID: '00000000-0000-4000-8000-99999999999a',
    readOnly: false,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  };
}

export interface BuiltCase {
  dir: string;
  db: string;
  cleanup(): void;
}

/** Index records with the built CLI into a fresh case file in a temp folder. */
export function buildCaseFile(records: Record<string, unknown>[], repo: string): BuiltCase {
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-tui-'));
  const evidence = join(dir, 'evidence.json');
  writeFileSync(evidence, JSON.stringify({ Records: records }));
  const db = join(dir, 'case.db');
  const guard = guardEvidence(evidence);
  const r = spawnSync(
    process.execPath,
    [join(repo, 'bin/trailscope.js'), 'index', evidence, '--db', db],
    { encoding: 'utf8' },
  );
  if (r.status !== 0 && r.status !== 1) throw new Error(`index failed: ${r.stderr}`);
  guard.check();
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
