import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';

/** Athena result CSV: every value quoted, "" inside. */
const csv = (rows: string[][]): string =>
  rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';

let dir = '';
let db = '';

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-engines-e2e-'));
  db = join(dir, 'case.db');
  const identity =
    '{type=IAMUser, principalid=AIDAE2E, arn=arn:aws:iam::111122223333:user/mallory, accountid=111122223333, invokedby=null, accesskeyid=AKIAE2E000000000001, ' +
    'username=mallory, {evil}="x", onbehalfof=null, sessioncontext=null}';
  writeFileSync(
    join(dir, 'athena-result.csv'),
    csv([
      [
        'eventtime',
        'eventsource',
        'eventname',
        'eventid',
        'useridentity',
        'requestparameters',
        '$path',
      ],
      [
        '2024-04-11T12:00:00Z',
        'iam.amazonaws.com',
        'AttachUserPolicy',
        'e2e-athena-1',
        identity,
        '{"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}',
        's3://trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2024/04/11/f1.json.gz',
      ],
      [
        '2024-04-11T12:01:00Z',
        'iam.amazonaws.com',
        'AttachUserPolicy',
        'e2e-athena-2',
        identity,
        '{}',
        's3://trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2024/04/11/f1.json.gz',
      ],
      [
        '2024-04-11T12:02:00Z',
        'iam.amazonaws.com',
        'ListUsers',
        'e2e-athena-3',
        'null',
        '',
        's3://trail-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/2024/04/11/f2.json.gz',
      ],
    ]),
  );
  writeFileSync(
    join(dir, 'athena-result.sql'),
    'SELECT eventtime, eventsource, eventname, eventid, useridentity, requestparameters, "$path" FROM cloudtrail_logs',
  );
  const ocsf = {
    class_uid: 6003,
    time: 1712836800000,
    metadata: { uid: 'e2e-ocsf-1', product: { version: '1.09' } },
    api: { operation: 'StopLogging', service: { name: 'cloudtrail.amazonaws.com' } },
    actor: {
      user: { uid: 'arn:aws:iam::111122223333:user/mallory', name: 'mallory', type: 'IAMUser' },
    },
    src_endpoint: { ip: '198.51.100.66' },
    cloud: { region: 'us-east-1' },
  };
  writeFileSync(join(dir, 'lake.jsonl.gz'), gzipSync(JSON.stringify(ocsf) + '\n'));
  evidence = guardEvidence(dir, { exclude: [db] });
  const r = runCli(['index', dir, '--db', db]);
  if (r.status !== 0) throw new Error(`index failed: ${r.status} ${r.stderr}`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => evidence?.check()); // registered after the removal, so it runs before it

describe('engine results through the CLI', () => {
  it('query name:X finds the rebuilt records; --format json shows the import marker and the missing fields', () => {
    const r = runCli([
      'query',
      'name:AttachUserPolicy,StopLogging',
      '--format',
      'json',
      '--db',
      db,
    ]);
    expect(r.status).toBe(0);
    const out = (JSON.parse(r.stdout) as { Records: Record<string, unknown>[] }).Records;
    expect(out.map((e) => e.eventID).sort()).toEqual([
      'e2e-athena-1',
      'e2e-athena-2',
      'e2e-ocsf-1',
    ]);
    const athena = out.find((e) => e.eventID === 'e2e-athena-1')!;
    expect((athena.userIdentity as Record<string, unknown>).userName).toBe('mallory, {evil}="x"');
    expect(athena.requestParameters).toEqual({
      policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    expect(athena.trailscopeImport).toMatchObject({
      engine: 'athena',
      fieldsMissingFromEngineResult: expect.arrayContaining([
        'awsRegion',
        'eventVersion',
        'sourceIPAddress',
      ]),
    });
    const lake = out.find((e) => e.eventID === 'e2e-ocsf-1')!;
    expect(lake.trailscopeImport).toMatchObject({
      engine: 'security-lake',
      fieldsMissingFromEngineResult: ['eventType', 'recipientAccountId'],
    });
    const who = runCli(['query', 'user:mallory', '--format', 'json', '--db', db]);
    // the Athena rows' user name is the hostile text whole, so only the OCSF row's user is exactly mallory
    expect(
      (JSON.parse(who.stdout) as { Records: { eventID: string }[] }).Records.map((e) => e.eventID),
    ).toEqual(['e2e-ocsf-1']);
  });

  it('carve-list prints the exact distinct objects, sorted; --json lists them with each file', () => {
    const r = runCli(['carve-list', join(dir, 'athena-result.csv')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      's3://trail-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/2024/04/11/f2.json.gz\n' +
        's3://trail-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/2024/04/11/f1.json.gz\n',
    );
    const j = runCli([
      'carve-list',
      '--json',
      join(dir, 'athena-result.csv'),
      join(dir, 'lake.jsonl.gz'),
    ]);
    expect(j.status).toBe(0);
    const list = JSON.parse(j.stdout) as {
      objects: string[];
      files: { rows: number; objects: number }[];
    };
    expect(list.objects).toHaveLength(2);
    expect(list.files.map((f) => [f.rows, f.objects])).toEqual([
      [3, 2],
      [1, 0],
    ]);
    const none = runCli(['carve-list', join(dir, 'athena-result.sql')]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no "\$path" column/);
  });
});
