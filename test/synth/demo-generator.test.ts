import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeline, generateDemo, type DemoSummary } from '../../src/synth/demo/generate.js';
import { ACCOUNTS, BUCKETS, ORG_ID, USERS } from '../../src/synth/demo/cast.js';
import { INCIDENT } from '../../src/synth/demo/incident.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

const COMMITTED = join(REPO_ROOT, 'demo-data');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Compare decompressed content: gzip bytes depend on the zlib build (Node versions and platforms
 * ship different ones), while the generator's promise is the same records in the same files.
 */
function content(path: string): string {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

type Rec = Record<string, any>;

function allRecords(dir: string, files: string[]): Rec[] {
  return files
    .filter((f) => f.endsWith('.json.gz'))
    .flatMap((f) => (JSON.parse(content(join(dir, f))) as { Records: Rec[] }).Records);
}

describe('demo generator', () => {
  let out: string;
  let summary: DemoSummary;
  let files: string[];
  let records: Rec[];

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'trailscope-demo-'));
    summary = generateDemo(out);
    files = listFiles(out);
    records = allRecords(out, files);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('regenerates exactly the committed demo-data (decompressed), file for file', () => {
    const committed = listFiles(COMMITTED);
    expect(files).toEqual(committed);
    const differing = files.filter((f) => content(join(out, f)) !== content(join(COMMITTED, f)));
    expect(differing, 'run `npm run demo:generate` and commit demo-data/').toEqual([]);
  });

  it('depends on the seed only (another seed, other IDs)', () => {
    const other = buildTimeline('another-seed');
    const ids = new Set(records.map((r) => r.eventID));
    expect(other.some((r) => ids.has(String(r.record.eventID)))).toBe(false);
  });

  it('stays within the size and volume the issue sets', () => {
    const bytes = files.reduce((n, f) => n + statSync(join(out, f)).size, 0);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    expect(summary.events).toBeGreaterThanOrEqual(20_000);
    expect(summary.events).toBeLessThanOrEqual(60_000);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(records.length);
    const times = records.map((r) => Date.parse(r.eventTime));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2.9 * 86_400_000);
    expect(new Set(records.map((r) => r.awsRegion)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(records.map((r) => r.recipientAccountId))).toEqual(
      new Set(Object.values(ACCOUNTS)),
    );
  });

  it('lays out an organisation trail for prod, account trails for the others, and the console and CLI shapes', () => {
    const gz = files.filter((f) => f.endsWith('.json.gz'));
    const name =
      /^([\w-]+)\/AWSLogs\/(o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\3_CloudTrail_\4_\5\6\7T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;
    for (const f of gz) expect(f).toMatch(name);
    expect(
      gz.some((f) => f.startsWith(`${BUCKETS.orgTrail}/AWSLogs/${ORG_ID}/${ACCOUNTS.prod}/`)),
    ).toBe(true);
    expect(gz.some((f) => f.startsWith(`${BUCKETS.devTrail}/AWSLogs/${ACCOUNTS.dev}/`))).toBe(true);
    const consoleJson = JSON.parse(
      content(join(out, 'console/event-history_dev_us-east-1_2026-03-12.json')),
    ) as { Records: Rec[] };
    expect(consoleJson.Records.length).toBe(summary.consoleEvents);
    const csv = content(join(out, 'console/event-history_dev_us-east-1_2026-03-12.csv'))
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^Event ID,Event time,User name,Event name/);
    const page = JSON.parse(content(join(out, 'cli/lookup-events_ci-deployer-key_page1.json'))) as {
      Events: Rec[];
      NextToken: string;
    };
    expect(page.Events).toHaveLength(50);
    expect(page.NextToken).toBeTruthy();
    for (const e of page.Events)
      expect(JSON.parse(e.CloudTrailEvent).userIdentity.accessKeyId).toBe(INCIDENT.leakedKey);
  });

  it('logs the cross-account AssumeRole in both accounts with one sharedEventID', () => {
    const copies = records.filter(
      (r) =>
        r.eventName === 'AssumeRole' &&
        r.requestParameters?.roleSessionName === INCIDENT.crossAccountSession,
    );
    expect(copies).toHaveLength(2);
    const [a, b] = copies as [Rec, Rec];
    expect(a.sharedEventID).toBe(b.sharedEventID);
    expect(a.requestID).toBe(b.requestID);
    expect(a.eventID).not.toBe(b.eventID);
    const byRecipient = Object.fromEntries(copies.map((c) => [c.recipientAccountId, c]));
    expect(byRecipient[ACCOUNTS.dev].userIdentity).toMatchObject({
      type: 'IAMUser',
      accessKeyId: INCIDENT.leakedKey,
    });
    expect(byRecipient[ACCOUNTS.prod].userIdentity).toMatchObject({
      type: 'AWSAccount',
      accountId: ACCOUNTS.dev,
    });
    expect(byRecipient[ACCOUNTS.prod].responseElements.credentials.accessKeyId).toBe(
      byRecipient[ACCOUNTS.dev].responseElements.credentials.accessKeyId,
    );
  });

  it('tells the whole incident, in order', () => {
    const attacker = records
      .filter((r) => r.sourceIPAddress === INCIDENT.attackerIp)
      .sort((x, y) => x.eventTime.localeCompare(y.eventTime));
    const firstOf = (name: string): string => {
      const r = attacker.find((x) => x.eventName === name);
      expect(r, name).toBeDefined();
      return (r as Rec).eventTime;
    };
    const steps = [
      'GetCallerIdentity',
      'ListAttachedUserPolicies',
      'CreateUser',
      'CreateAccessKey',
      'AttachUserPolicy',
      'AssumeRole',
      'GetObject',
      'PutBucketPolicy',
      'AuthorizeSecurityGroupIngress',
      'StopLogging',
      'DeleteTrail',
      'ConsoleLogin',
    ];
    const times = steps.map(firstOf);
    expect([...times].sort()).toEqual(times);
    const denied = attacker.filter((r) =>
      /AccessDenied|UnauthorizedOperation/.test(r.errorCode ?? ''),
    );
    expect(denied.length).toBeGreaterThan(80);
    expect(
      attacker.filter((r) => r.eventName === 'GetObject' && r.eventCategory === 'Data').length,
    ).toBeGreaterThan(400);
    const root = attacker.find((r) => r.eventName === 'ConsoleLogin') as Rec;
    expect(root.userIdentity.type).toBe('Root');
    expect(root.additionalEventData.MFAUsed).toBe('No');
    const policy = attacker.find((r) => r.eventName === 'AttachUserPolicy') as Rec;
    expect(policy.requestParameters).toEqual({
      userName: USERS.backdoor.name,
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    for (const r of attacker.filter(
      (x) => x.eventName === 'StopLogging' || x.eventName === 'DeleteTrail',
    ))
      expect(r.errorCode).toBe('AccessDenied');
  });

  it('includes benign look-alikes of the incident', () => {
    const benign = records.filter(
      (r) => r.sourceIPAddress !== INCIDENT.attackerIp && r.sourceIPAddress !== '91.92.243.17',
    );
    expect(
      benign.some(
        (r) =>
          r.eventName === 'CreateUser' &&
          r.userIdentity.sessionContext?.attributes?.mfaAuthenticated === 'true',
      ),
    ).toBe(true);
    expect(
      benign.some(
        (r) =>
          r.eventName === 'AuthorizeSecurityGroupIngress' &&
          JSON.stringify(r.requestParameters).includes('0.0.0.0/0'),
      ),
    ).toBe(true);
    expect(benign.some((r) => r.eventName === 'UpdateTrail' && !r.errorCode)).toBe(true);
    expect(benign.some((r) => r.eventName === 'PutBucketPolicy')).toBe(true);
    expect(
      benign.some(
        (r) =>
          r.eventName === 'ConsoleLogin' &&
          r.userIdentity.type === 'Root' &&
          r.additionalEventData.MFAUsed === 'Yes',
      ),
    ).toBe(true);
    // CI's own runs assume roles across accounts and chain, every working day.
    expect(
      benign.filter(
        (r) =>
          r.eventName === 'AssumeRole' &&
          String(r.requestParameters?.roleSessionName).startsWith('gha-'),
      ).length,
    ).toBeGreaterThan(60);
    expect(
      benign.some(
        (r) =>
          r.eventName === 'GetObject' &&
          r.eventCategory === 'Data' &&
          r.requestParameters.bucketName === BUCKETS.customerExports,
      ),
    ).toBe(true);
    expect(benign.some((r) => r.userIdentity.type === 'AWSService')).toBe(true);
    expect(benign.some((r) => r.errorCode === 'AccessDenied')).toBe(true);
  });
});
