import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { ctEvent } from '../helpers/case-file.js';

let dir = '';
let db = '';
let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-engines-'));
  db = join(dir, 'case.db');
  const records = Array.from({ length: 30 }, (_, i) =>
    ctEvent({
      eventID: `e-${i}`,
      eventName: i % 2 ? 'GetObject' : 'ListBuckets',
      awsRegion: i % 3 ? 'us-east-1' : 'eu-west-1',
    }),
  );
  writeFileSync(join(dir, 'events.json'), JSON.stringify({ Records: records }));
  evidence = guardEvidence(join(dir, 'events.json'));
  expect(runCli(['index', join(dir, 'events.json'), '--db', db]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => evidence?.check()); // registered after the removal, so it runs before it

describe('query --emit and export --format parquet', () => {
  it('prints only SQL on stdout, warnings on stderr', () => {
    const r = runCli(['query', '--emit', 'athena', 'name:GetObject']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^SELECT \* FROM cloudtrail_logs\nWHERE /);
    expect(r.stderr).toMatch(/warning: no time range/);
  });

  it('--json gives {engine, sql, warnings, unsupported}; an untranslatable field exits 2', () => {
    const r = runCli(['query', '--emit', 'security-lake', '--json', 'param:bucketName=x']);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['engine', 'sql', 'unsupported', 'warnings']);
    expect(out.unsupported[0].field).toBe('param');
    expect(runCli(['query', '--emit', 'oracle', 'name:x']).status).toBe(2);
  });

  it('exports Hive-partitioned Parquet that the DuckDB SQL reads back', () => {
    const out = join(dir, 'pq');
    const r = runCli(['export', '--db', db, '--format', 'parquet', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'parquet', layout: 'athena', events: 30 });
    expect(readdirSync(out)[0]).toMatch(/^account=/);
    const again = runCli(['export', '--db', db, '--format', 'parquet', '--out', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    const sql = runCli([
      'query',
      '--emit',
      'duckdb',
      '--table',
      out,
      'name:GetObject region:us-east-1',
    ]);
    expect(sql.status).toBe(0);
    expect(sql.stdout).toContain(`read_parquet('${out}/**/*.parquet', hive_partitioning = true)`);
  });
});
