import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// Evidence in CloudTrail's S3 delivery shape, and Sigma rules written as Sigma writes them.
const identity = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLE',
  arn: 'arn:aws:iam::111122223333:user/alice',
  accountId: '111122223333',
  accessKeyId: 'AKIAEXAMPLE',
  userName: 'alice',
};
const call = (
  id: string,
  time: string,
  eventSource: string,
  eventName: string,
  extra: Record<string, unknown> = {},
) => ({
  eventVersion: '1.08',
  userIdentity: identity,
  eventTime: time,
  eventSource,
  eventName,
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: null,
  responseElements: null,
  requestID: `req-${id}`,
  eventID: `evt-${id}`,
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
  ...extra,
});

const SHARE_SNAPSHOT = `title: EBS snapshot shared with another account
id: 0a1b2c3d-share
status: test
description: A snapshot's createVolumePermission was given to an account.
level: medium
tags: [attack.exfiltration, attack.t1537]
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventSource: ec2.amazonaws.com
    eventName: ModifySnapshotAttribute
    requestParameters.createVolumePermission.add.items.userId|exists: true
  condition: selection
`;

const SECRETS = `title: Secrets read in bulk
id: secrets-burst
level: high
tags: [attack.credential-access, attack.t1555.006]
correlation:
  type: event_count
  rules: [secret_read]
  group-by: [userIdentity.arn]
  timespan: 5m
  condition:
    gte: 3
---
title: secret read
name: secret_read
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventName|startswith: GetSecret
  condition: selection
`;

let dir: string;
let evidence: string;
let db: string;
let packA: string;
let packB: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sigma-e2e-'));
  evidence = join(dir, 'evidence');
  mkdirSync(evidence);
  const records = [
    call('1', '2024-05-01T10:00:00Z', 'ec2.amazonaws.com', 'ModifySnapshotAttribute', {
      requestParameters: {
        snapshotId: 'snap-1',
        attributeType: 'CREATE_VOLUME_PERMISSION',
        createVolumePermission: { add: { items: [{ userId: '444455556666' }] } },
      },
      responseElements: { _return: true },
    }),
    call('2', '2024-05-01T10:01:00Z', 'ec2.amazonaws.com', 'ModifySnapshotAttribute', {
      requestParameters: {
        snapshotId: 'snap-2',
        attributeType: 'CREATE_VOLUME_PERMISSION',
        createVolumePermission: { remove: { items: [{ userId: '444455556666' }] } },
      },
    }),
    ...[0, 1, 2].map((i) =>
      call(`s${i}`, `2024-05-01T11:0${i}:00Z`, 'secretsmanager.amazonaws.com', 'GetSecretValue', {
        requestParameters: { secretId: `prod/db${i}` },
        readOnly: true,
      }),
    ),
  ];
  writeFileSync(
    join(evidence, '111122223333_CloudTrail_us-east-1_20240501T1000Z_abc.json'),
    JSON.stringify({ Records: records }),
  );
  packA = join(dir, 'pack-a');
  packB = join(dir, 'pack-b');
  mkdirSync(packA);
  mkdirSync(packB);
  writeFileSync(join(packA, 'share.yml'), SHARE_SNAPSHOT);
  writeFileSync(
    join(packA, 'agg.yml'),
    SHARE_SNAPSHOT.replace('0a1b2c3d-share', 'old-agg').replace(
      'condition: selection',
      'condition: selection | count() > 3',
    ),
  );
  writeFileSync(join(packB, 'secrets.yml'), SECRETS);
  db = join(dir, 'case.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Sigma packs on the command line', () => {
  it('index --rules records the pack; notable --json shows the hit with level, tags and title', () => {
    const idx = runCli(['index', '--db', db, evidence, '--rules', packA]);
    expect(idx.status).toBe(0);
    expect(idx.stderr).toContain('1 loaded, 1 unsupported');
    const out = runCli(['notable', '--db', db, '--json']);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout) as {
      rules: {
        id: string;
        title: string;
        severity: string;
        tags?: string[];
        mitre: { id: string };
      }[];
      events: { eventId: string; rules: string[] }[];
    };
    const rule = j.rules.find((r) => r.id === 'sigma:0a1b2c3d-share');
    expect(rule).toMatchObject({
      title: 'EBS snapshot shared with another account',
      severity: 'medium',
      mitre: { id: 'T1537' },
    });
    expect(rule?.tags).toContain('attack.exfiltration');
    expect(j.events.find((e) => e.eventId === 'evt-1')?.rules).toContain('sigma:0a1b2c3d-share');
    expect(j.events.find((e) => e.eventId === 'evt-2')?.rules ?? []).not.toContain(
      'sigma:0a1b2c3d-share',
    );
    // the hits written by the parse workers carry their events' time and outcome: the cached
    // summary says what the events say
    const c = new BetterSqlite3(db, { readonly: true });
    try {
      const cached = c
        .prepare(
          "SELECT rule_id, events, first_ms, last_ms, succeeded FROM notable_summary WHERE rule_id LIKE 'sigma:%'",
        )
        .all();
      expect(cached).toEqual(
        c
          .prepare(
            `SELECT n.rule_id, count(*) AS events, min(e.time_ms) AS first_ms, max(e.time_ms) AS last_ms,
               sum(e.error_code_ref IS NULL AND e.error_message_ref IS NULL) AS succeeded
             FROM event_notable n JOIN events e ON e.id = n.event_rowid
             WHERE n.rule_id LIKE 'sigma:%' GROUP BY n.rule_id`,
          )
          .all(),
      );
      expect(cached.length).toBeGreaterThan(0);
    } finally {
      c.close();
    }
  });

  it('a pack added later through TRAILSCOPE_RULES runs over the stored records; rules lists both packs', () => {
    const out = runCli(['notable', '--db', db, '--rule', 'sigma:secrets-burst', '--json'], {
      env: { TRAILSCOPE_RULES: ['', packB].join(delimiter) },
    });
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/sigma: 1 rule over 5 events, 1 correlation/);
    const j = JSON.parse(out.stdout) as { events: { eventId: string }[] };
    expect(j.events.map((e) => e.eventId).sort()).toEqual(['evt-s0', 'evt-s1', 'evt-s2']);
    const list = JSON.parse(runCli(['rules', '--db', db, '--json']).stdout) as {
      id: string;
      source: string;
      status: string;
      reason: string | null;
    }[];
    const sigma = list.filter((r) => r.source === 'sigma');
    expect(sigma.map((r) => [r.id, r.status])).toEqual(
      expect.arrayContaining([
        ['sigma:0a1b2c3d-share', 'loaded'],
        ['sigma:old-agg', 'unsupported'],
        ['sigma:secrets-burst', 'loaded'],
        ['sigma:secret_read', 'loaded'],
      ]),
    );
    expect(sigma.find((r) => r.id === 'sigma:old-agg')?.reason).toMatch(/aggregation/);
  });

  it('rules test shows what one rule file matches, and why a rule is unsupported', () => {
    const ok = runCli(['rules', 'test', join(packA, 'share.yml'), evidence]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(
      'sigma:0a1b2c3d-share  EBS snapshot shared with another account: 1 event',
    );
    expect(ok.stdout).toContain('ModifySnapshotAttribute');
    const bad = runCli(['rules', 'test', join(packA, 'agg.yml'), evidence]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/unsupported: aggregation/);
    // a broken YAML document says so (its own line), and the file's other documents still run
    const mixed = join(dir, 'mixed.yml');
    writeFileSync(mixed, `${SHARE_SNAPSHOT}---\ntitle: broken\ndetection: [unclosed\n`);
    const both = runCli(['rules', 'test', mixed, evidence]);
    expect(both.stdout).toContain('EBS snapshot shared with another account: 1 event');
    expect(both.stdout).toMatch(
      /error: YAML: unexpected end of the stream within a flow collection/,
    );
  });

  it('rules remove forgets a pack and its hits; --rules needs a value on index', () => {
    const rm = runCli(['rules', 'remove', packA, '--db', db]);
    expect(rm.status).toBe(0);
    const j = JSON.parse(runCli(['notable', '--db', db, '--json']).stdout) as {
      rules: { id: string }[];
    };
    expect(j.rules.map((r) => r.id)).not.toContain('sigma:0a1b2c3d-share');
    expect(j.rules.map((r) => r.id)).toContain('sigma:secrets-burst');
    const bare = runCli(['index', '--db', db, evidence, '--rules']);
    expect(bare.status).toBe(2);
  });
});
