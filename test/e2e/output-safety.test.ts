import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';

const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Three records an attacker wrote: a formula, a lone surrogate, a clipboard write in the source IP. */
function evidenceText(): string {
  const base = (i: number, over: Record<string, unknown>): Record<string, unknown> => ({
    eventVersion: '1.08',
    eventID: `evt-${i}`,
    eventTime: `2024-04-11T12:0${i}:00Z`,
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      userName: 'alice',
    },
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...over,
  });
  const records = [
    base(0, { eventName: '=HYPERLINK("http://x.example","open")', userAgent: '@SUM(1+1)' }),
    base(1, { sourceIPAddress: `1.2.3.4/${OSC52}` }),
    base(2, { userAgent: 'lone-surrogate-here' }),
  ];
  // JSON.stringify writes the lone surrogate as the escape `\ud800`, as a hostile log file would
  return JSON.stringify({ Records: records }).replace('lone-surrogate-here', 'lone \\ud800 high');
}

let dir = '';
let db = '';
let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-output-safety-'));
  db = join(dir, 'case.db');
  writeFileSync(join(dir, 'events.json'), evidenceText());
  evidence = guardEvidence(join(dir, 'events.json'));
  const r = runCli(['index', join(dir, 'events.json'), '--db', db]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterAll(() => evidence?.check());

describe('headless outputs are safe for their consumers', () => {
  it('export --format csv prefixes formula cells with a quote; --csv-raw keeps them', () => {
    const out = join(dir, 'a.csv');
    expect(runCli(['export', '--db', db, '--out', out, '--fields', 'name,ua']).status).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""open"")",'@SUM(1+1)`);
    const raw = join(dir, 'raw.csv');
    expect(
      runCli(['export', '--db', db, '--out', raw, '--fields', 'name,ua', '--csv-raw']).status,
    ).toBe(0);
    expect(readFileSync(raw, 'utf8')).toContain(
      `"=HYPERLINK(""http://x.example"",""open"")",@SUM(1+1)`,
    );
    const q = runCli(['query', '--db', db, '--format', 'csv', '--fields', 'name']);
    expect(q.stdout).toContain(`"'=HYPERLINK(`);
  });

  it('export --format jsonl is strict UTF-8 that jq reads to the last line', () => {
    const out = join(dir, 'a.jsonl');
    expect(runCli(['export', '--db', db, '--out', out]).status).toBe(0);
    const bytes = readFileSync(out);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => (JSON.parse(l) as { userAgent: string }).userAgent)).toContain(
      'lone \\ud800 high',
    );
    const jq = spawnSync('jq', ['-c', '.eventID'], { input: bytes });
    if (!jq.error) {
      expect(jq.status, jq.stderr.toString()).toBe(0);
      expect(jq.stdout.toString().trim().split('\n')).toHaveLength(3);
    }
  });

  it('a query whose filter quotes a hostile IP fails with an escaped message, on stderr and in --json', () => {
    const r = runCli(['query', '--db', db, `ip:1.2.3.4/${OSC52}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('\\e]52;c;ZXZpbA==\\x07');
    expect(r.stderr + r.stdout).not.toMatch(RAW_CONTROL);
    const j = runCli(['query', '--db', db, `ip:1.2.3.4/${OSC52}`, '--json']);
    expect(j.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(j.stdout) as { error: { kind: string } }).error.kind).toBe('filter');
  });
});
