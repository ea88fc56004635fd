// The demo incident is findable with the headless commands, and its credential chain is complete.
// Runs the BUILT CLI (`npm run build` first): `demo --print-path` indexes the bundled demo-data into a
// private cache folder, then query / stats / trace / notable answer the responder's questions.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';

const LEAKED_KEY = 'AKIAT4GQ2XHN7LMVZ3KD';
const CI_USER = 'arn:aws:iam::264810397725:user/ci-deployer';
const ATTACKER_IP = '45.137.21.9';
const EXFIL = `name:GetObject ip:${ATTACKER_IP}`;

let cache: string;
let db: string;
let evidence: EvidenceGuard | undefined;
const cli = (...args: string[]) => runCli([...args, '--db', db]);
const jsonl = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), 'trailscope-demo-e2e-'));
  evidence = guardEvidence(join(REPO_ROOT, 'demo-data'));
  const r = runCli(['demo', '--print-path'], { env: { TRAILSCOPE_CACHE_DIR: cache } });
  expect(r.status, r.stderr).toBe(0);
  db = r.stdout.trim();
  expect(db.startsWith(cache)).toBe(true);
  expect(r.stderr).toMatch(/indexing the bundled evidence/);
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));
afterAll(() => evidence?.check());

describe('trailscope demo (built CLI)', () => {
  it('reuses the cached case file on the next run', () => {
    const r = runCli(['demo', '--print-path'], { env: { TRAILSCOPE_CACHE_DIR: cache } });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(db);
    expect(r.stderr).toBe('');
    expect(readdirSync(cache).filter((n) => n.endsWith('.db'))).toHaveLength(1);
  });

  it('refuses to start the TUI without a terminal and points to the headless route', () => {
    const r = runCli(['demo'], { env: { TRAILSCOPE_CACHE_DIR: cache } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs a terminal/);
    expect(r.stderr).toMatch(/--print-path/);
  });

  it('counts every event once although the console download and lookup-events overlap the trails', () => {
    const s = JSON.parse(cli('stats', '--json').stdout);
    expect(s.events).toBe(20_751);
  });

  it('traces every exfiltration key back, completely, to the CI user’s long-term key', () => {
    const r = cli('query', EXFIL, '--format', 'jsonl');
    expect(r.status, r.stderr).toBe(0);
    const gets = jsonl(r.stdout);
    expect(gets.length).toBe(504);
    expect(new Set(gets.map((g) => g.requestParameters.bucketName))).toEqual(
      new Set(['brightlane-prod-customer-exports']),
    );
    const keys = [...new Set(gets.map((g) => g.userIdentity.accessKeyId as string))];
    expect(keys).toHaveLength(1);

    // From an exfiltration event (its key at its time) and from the key itself: the same chain.
    for (const subject of [gets[0]!.eventID as string, keys[0]!]) {
      const t = cli('trace', subject, '--json');
      expect(t.status, t.stderr).toBe(0);
      const j = JSON.parse(t.stdout);
      expect(j.complete).toBe(true);
      expect(j.gap).toBeNull();
      expect(j.origin).toMatchObject({ kind: 'iam-user', arn: CI_USER, accountId: '264810397725' });
      expect(j.hops.map((h: any) => h.accessKeyId)[0]).toBe(LEAKED_KEY);
      expect(j.hops).toHaveLength(3);
      // Cross-account hop: the caller's copy (dev) names the real caller; then chaining inside prod.
      expect(j.hops[1].identity.arn).toBe(
        'arn:aws:sts::739104826553:assumed-role/ci-deploy/deploy',
      );
      expect(j.hops[1].issuedBy).toMatchObject({
        eventName: 'AssumeRole',
        sourceIPAddress: ATTACKER_IP,
        recipientAccountId: '264810397725',
      });
      expect(j.hops[2].identity.arn).toBe(
        'arn:aws:sts::739104826553:assumed-role/platform-admin/admin',
      );
      expect(j.hops[2].issuedBy).toMatchObject({
        eventName: 'AssumeRole',
        sourceIPAddress: ATTACKER_IP,
        recipientAccountId: '739104826553',
      });
      expect(j.hops[2].accessKeyId).toBe(keys[0]);
    }
  });

  it('lists what the leaked key did from the attacker’s address: recon, backdoor, the hop into prod', () => {
    const r = cli('query', `key:${LEAKED_KEY} ip:${ATTACKER_IP}`, '--format', 'jsonl');
    expect(r.status, r.stderr).toBe(0);
    const names = new Set(jsonl(r.stdout).map((e) => e.eventName));
    for (const n of [
      'GetCallerIdentity',
      'ListAttachedUserPolicies',
      'CreateUser',
      'CreateAccessKey',
      'AttachUserPolicy',
      'AssumeRole',
      'DescribeInstances',
    ]) {
      expect(names.has(n), n).toBe(true);
    }
    // The burst of denials a responder spots on the timeline: over a hundred in about two minutes.
    const errors = JSON.parse(
      cli('stats', `key:${LEAKED_KEY} ip:${ATTACKER_IP} error:*`, '--json').stdout,
    );
    expect(errors.events).toBeGreaterThan(100);
    expect(Date.parse(errors.last) - Date.parse(errors.first)).toBeLessThan(5 * 60_000);
    // The key also minted sessions for CI's own runs; the attacker's is among them.
    const minted = JSON.parse(cli('trace', LEAKED_KEY, '--json').stdout).derived as {
      roleArn: string;
    }[];
    expect(minted.some((d) => d.roleArn === 'arn:aws:iam::739104826553:role/ci-deploy')).toBe(true);
  });

  it('finds the first use of the leaked key: a validation call the evening before, from another address', () => {
    const r = cli(
      'query',
      `key:${LEAKED_KEY} name:GetCallerIdentity -ip:20.0.0.0/8 -ip:4.0.0.0/8 -ip:52.0.0.0/8`,
      '--format',
      'jsonl',
    );
    const first = jsonl(r.stdout)[0]!;
    expect(first.eventTime).toBe('2026-03-11T17:22:08Z');
    expect(first.sourceIPAddress).toBe('103.216.221.19');
  });

  it('notable rules flag each step of the incident (and the benign look-alikes are there to tell apart)', () => {
    const r = cli('notable', '--json', '--limit', '0');
    expect(r.status, r.stderr).toBe(0);
    const rules = new Map(
      (JSON.parse(r.stdout).rules as { id: string; events: number }[]).map((x) => [x.id, x.events]),
    );
    for (const id of [
      'access-denied-burst',
      'iam-user-created',
      'iam-admin-policy-attached',
      's3-bucket-exposed',
      'sg-open-to-world',
      'cloudtrail-stopped',
      'cloudtrail-deleted',
      'root-console-login',
      'console-login-no-mfa',
    ]) {
      expect(rules.get(id) ?? 0, id).toBeGreaterThan(0);
    }
    const stopped = JSON.parse(cli('notable', '--json', '--rule', 'cloudtrail-stopped').stdout)
      .events as Record<string, string>[];
    expect(stopped.every((e) => e.sourceIp === ATTACKER_IP && e.errorCode === 'AccessDenied')).toBe(
      true,
    );
    const created = JSON.parse(cli('notable', '--json', '--rule', 'iam-user-created').stdout)
      .events as Record<string, string>[];
    expect(created.map((e) => e.sourceIp).sort()).toEqual([ATTACKER_IP, '81.2.69.142'].sort());
    const noMfa = JSON.parse(cli('notable', '--json', '--rule', 'console-login-no-mfa').stdout)
      .events as Record<string, string>[];
    expect(noMfa).toEqual([
      expect.objectContaining({ sourceIp: ATTACKER_IP, accountId: '264810397725' }),
    ]);
  });
});
