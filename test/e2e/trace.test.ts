import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { LINEAGE_FILES, LINEAGE_FIXTURES } from '../helpers/lineage-case.js';

let dir: string;
let dbPath: string;
const trace = (...args: string[]) => runCli(['trace', ...args, '--db', dbPath]);

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-trace-'));
  dbPath = join(dir, 'case.db');
  // Uses first: the real CLI indexes evidence whose uses precede their issuance in file order.
  evidence = guardEvidence(LINEAGE_FIXTURES);
  const r = runCli([
    'index',
    ...LINEAGE_FILES.map((f) => join(LINEAGE_FIXTURES, f)),
    '--db',
    dbPath,
  ]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => evidence?.check());

describe('trailscope trace (built CLI)', () => {
  it('--json prints exactly one object with the chain, field by field', () => {
    const r = trace('use-chain3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'subject',
      'subjectKind',
      'accessKeyId',
      'at',
      'hops',
      'complete',
      'origin',
      'gap',
      'derived',
    ]);
    expect(j.subject).toBe('use-chain3');
    expect(j.hops.map((h: { accessKeyId: string }) => h.accessKeyId)).toEqual([
      'AKIACIDEPLOY00000001',
      'ASIACHAIN10000000001',
      'ASIACHAIN20000000002',
      'ASIACHAIN30000000003',
    ]);
    expect(j.hops[1].issuedBy).toEqual({
      eventId: 'iss-chain1-caller',
      eventName: 'AssumeRole',
      eventTime: '2024-04-11T10:00:00Z',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.50',
      recipientAccountId: '111122223333',
      userAgent: 'python-requests/2.31',
      expiration: '2024-04-11T11:00:00Z',
      via: 'sts',
    });
    expect(j.hops[1].sessionKeys).toEqual([]);
    expect(j.hops[0].identity).toEqual({
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/ci-deploy',
      accountId: '111122223333',
      principalId: 'AIDACI-DEPLOYQQQQQQQ',
      userName: 'ci-deploy',
    });
    expect(j.complete).toBe(true);
    expect(j.origin).toEqual({
      kind: 'iam-user',
      arn: 'arn:aws:iam::111122223333:user/ci-deploy',
      accountId: '111122223333',
      label: 'user/ci-deploy',
    });
    expect(j.gap).toBeNull();
    expect(j.derived).toEqual([]);
  });

  it('from a key, lists the keys it minted', () => {
    const j = JSON.parse(trace('ASIACHAIN20000000002', '--json').stdout);
    expect(j.subjectKind).toBe('key');
    expect(j.derived).toEqual([
      {
        accessKeyId: 'ASIACHAIN30000000003',
        eventId: 'iss-chain3',
        eventName: 'AssumeRole',
        eventTime: '2024-04-11T10:10:00Z',
        roleArn: 'arn:aws:iam::444455556666:role/Admin',
        events: 1,
      },
    ]);
  });

  it('human output is an indented tree, origin first, then minted keys', () => {
    const r = trace('ASIACHAIN20000000002');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Credential chain for key ASIACHAIN20000000002');
    expect(lines).toContain('Chain: complete');
    const first = lines.findIndex((l) => l.startsWith('● AKIACIDEPLOY00000001'));
    const second = lines.findIndex((l) => l.startsWith('└─▶ ASIACHAIN10000000001'));
    const third = lines.findIndex((l) => l.startsWith('    └─▶ ASIACHAIN20000000002'));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    expect(r.stdout).toMatch(
      /Keys minted by ASIACHAIN20000000002 \(1\):\n└─ ASIACHAIN30000000003 {2}AssumeRole/,
    );
  });

  it('an incomplete chain says why it stops', () => {
    const r = trace('ASIAEXTERNALONLY0001');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /Chain: INCOMPLETE: issued by AssumeRole to a caller in account 777788889999/,
    );
  });

  it('exit 1 for an unknown key or event, 2 for a missing case file', () => {
    const unknown = trace('ASIANOTINEVIDENCE001');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no access key or event/);
    expect(unknown.stdout).toBe('');
    const noDb = runCli(['trace', 'x', '--db', join(dir, 'missing.db')]);
    expect(noDb.status).toBe(2);
    expect(noDb.stderr).not.toMatch(/at .*\.js/);
  });
});
