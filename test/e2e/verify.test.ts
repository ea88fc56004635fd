import { mkdtempSync, renameSync, rmSync, writeFileSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { runCli } from '../helpers/run-cli.js';
import { buildSignedChain, type Chain } from '../helpers/digest-chain.js';

let dir = '';
let chain: Chain;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-verify-'));
  chain = buildSignedChain(join(dir, 'evidence'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const verify = (...extra: string[]) => {
  const r = runCli([
    'verify',
    join(dir, 'evidence', 'AWSLogs'),
    '--public-keys',
    chain.keysFile,
    '--signatures',
    chain.signaturesDir,
    '--json',
    ...extra,
  ]);
  return { status: r.status, out: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
};
const verdicts = (xs: { verdict: string }[]) => [...new Set(xs.map((x) => x.verdict))].sort();

describe('trailscope verify, offline', () => {
  it('verifies every log file, the chain and every signature (exit 0), from a case file too', () => {
    const r = verify();
    expect(r.status, r.stderr).toBe(0);
    expect(r.out.allVerified).toBe(true);
    expect(verdicts(r.out.files)).toEqual(['verified']);
    expect(r.out.files).toHaveLength(6);
    expect(verdicts(r.out.digests)).toEqual(['valid']);
    expect(r.out.chains).toEqual([
      { chain: '111122223333/us-east-1/main-trail', digests: 3, verdict: 'complete', gaps: [] },
    ]);
    const db = join(dir, 'case.db');
    expect(runCli(['index', join(dir, 'evidence', 'AWSLogs'), '--db', db]).status).toBe(0);
    const fromCase = runCli([
      'verify',
      '--db',
      db,
      '--public-keys',
      chain.keysFile,
      '--signatures',
      chain.signaturesDir,
    ]);
    expect(fromCase.status, fromCase.stdout + fromCase.stderr).toBe(0);
    expect(fromCase.stdout).toContain('everything verified');
  });

  it('a modified log file is "modified", and the run exits 1', () => {
    const p = chain.logs[2];
    writeFileSync(p, gzipSync(JSON.stringify({ Records: [] })));
    const r = verify();
    expect(r.status).toBe(1);
    expect(r.out.files.find((f: { path: string }) => f.path === p).verdict).toBe('modified');
  });

  it("a digest deleted from the middle of the chain is a gap, and its hour's files are in no digest", () => {
    unlinkSync(chain.digests[1]);
    const r = verify();
    expect(r.status).toBe(1);
    expect(r.out.chains[0].verdict).toBe('gap');
    expect(r.out.chains[0].gaps[0].reason).toMatch(/missing from the evidence/);
    expect(
      r.out.files.filter((f: { verdict: string }) => f.verdict === 'not-in-any-digest'),
    ).toHaveLength(2);
  });

  it('a modified digest breaks the chain (its successor recorded another hash); a truncated one is malformed', () => {
    const p = chain.digests[0];
    // the same JSON with one space more: it parses the same, but it is not what AWS delivered
    const text = gunzipSync(readFileSync(p)).toString('utf8');
    writeFileSync(p, gzipSync(text.replace('{', '{ ')));
    const r = verify();
    expect(r.status).toBe(1);
    expect(r.out.digests.find((d: { path: string }) => d.path === p).verdict).toBe('hash-mismatch');
    expect(r.out.chains[0].verdict).toBe('broken');
    writeFileSync(chain.digests[2], gzipSync(text.slice(0, 40)));
    const t = verify();
    expect(t.out.digests.find((d: { path: string }) => d.path === chain.digests[2]).verdict).toBe(
      'malformed',
    );
  });

  it('a wrong key with the same fingerprint is an invalid signature; an unknown fingerprint is unknown-key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ format: 'der', type: 'pkcs1' })
      .toString('base64');
    const wrong = join(dir, 'wrong-keys.json');
    writeFileSync(
      wrong,
      JSON.stringify({
        PublicKeyList: [
          {
            Value: other,
            ValidityStartTime: '2024-01-01T00:00:00Z',
            ValidityEndTime: '2025-01-01T00:00:00Z',
            Fingerprint: chain.fingerprint,
          },
        ],
      }),
    );
    const r = runCli([
      'verify',
      join(dir, 'evidence', 'AWSLogs'),
      '--public-keys',
      wrong,
      '--signatures',
      chain.signaturesDir,
      '--json',
    ]);
    expect(r.status).toBe(1);
    expect(verdicts(JSON.parse(r.stdout).digests)).toEqual(['invalid-signature']);
    const unknown = join(dir, 'unknown-keys.json');
    writeFileSync(
      unknown,
      JSON.stringify({
        PublicKeyList: [
          {
            Value: other,
            ValidityStartTime: '2024-01-01T00:00:00Z',
            ValidityEndTime: '2025-01-01T00:00:00Z',
            Fingerprint: '00'.repeat(16),
          },
        ],
      }),
    );
    const u = runCli([
      'verify',
      join(dir, 'evidence', 'AWSLogs'),
      '--public-keys',
      unknown,
      '--signatures',
      chain.signaturesDir,
      '--json',
    ]);
    expect(verdicts(JSON.parse(u.stdout).digests)).toEqual(['unknown-key']);
  });

  it("without the newest digest's saved signature it is unchecked, never valid; without keys, all are unchecked", () => {
    rmSync(chain.signaturesDir, { recursive: true });
    const r = runCli([
      'verify',
      join(dir, 'evidence', 'AWSLogs'),
      '--public-keys',
      chain.keysFile,
      '--json',
    ]);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout).digests;
    expect(d.filter((x: { verdict: string }) => x.verdict === 'valid')).toHaveLength(2);
    expect(d.filter((x: { verdict: string }) => x.verdict === 'signature-unchecked')).toHaveLength(
      1,
    );
    const none = runCli(['verify', join(dir, 'evidence', 'AWSLogs'), '--json']);
    expect(verdicts(JSON.parse(none.stdout).digests)).toEqual(['signature-unchecked']);
    expect(JSON.parse(none.stdout).allVerified).toBe(false);
  });

  const fromCase = (db: string) => {
    const r = runCli([
      'verify',
      '--db',
      db,
      '--public-keys',
      chain.keysFile,
      '--signatures',
      chain.signaturesDir,
      '--json',
    ]);
    return { status: r.status, out: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
  };

  it('works on the case file alone once the evidence folder is gone: the same verdicts as with the folder', () => {
    // a tampered file (content intact, data appended after the gzip member) among good ones
    const p = chain.logs[1];
    writeFileSync(p, Buffer.concat([readFileSync(p), Buffer.alloc(32)]));
    const withFolder = verify();
    expect(withFolder.status).toBe(1);
    const tampered = withFolder.out.files.find((f: { path: string }) => f.path === p);
    expect(tampered.verdict).toBe('modified');
    expect(tampered.detail).toMatch(/data follows the first gzip member/);
    const db = join(dir, 'case.db');
    expect(runCli(['index', join(dir, 'evidence', 'AWSLogs'), '--db', db]).status).toBe(0);
    renameSync(join(dir, 'evidence', 'AWSLogs'), join(dir, 'moved'));
    const alone = fromCase(db);
    expect(alone.status, alone.stderr).toBe(1);
    expect(alone.out).toEqual(withFolder.out);
  });

  it('a case file made before evidence bytes were kept is upgraded; verify reads those files from their path, or says why not', () => {
    const db = join(dir, 'old.db');
    expect(runCli(['index', join(dir, 'evidence', 'AWSLogs'), '--db', db]).status).toBe(0);
    // what a case file of schema 8 looks like: no evidence tables, Sigma hits keyed by text
    const raw = new Database(db);
    raw.exec(
      'DROP TABLE evidence; DROP TABLE evidence_blocks; DROP TABLE event_variants; ALTER TABLE events DROP COLUMN raw_hash;',
    );
    raw.exec(
      'DROP TABLE sigma_hits; DROP TABLE sigma_rule_keys; CREATE TABLE sigma_hits (rule_id TEXT NOT NULL, event_rowid INTEGER NOT NULL, PRIMARY KEY (rule_id, event_rowid)) WITHOUT ROWID; PRAGMA user_version = 8;',
    );
    raw.close();
    const upgraded = fromCase(db);
    expect(upgraded.status, upgraded.stderr).toBe(0);
    expect(upgraded.out.allVerified).toBe(true);
    renameSync(join(dir, 'evidence', 'AWSLogs'), join(dir, 'moved'));
    const gone = fromCase(db);
    expect(gone.status).toBe(1);
    expect(verdicts(gone.out.files)).toEqual(['unreadable']);
    expect(gone.out.files[0].detail).toMatch(/^indexed before evidence bytes were kept, and /);
    expect(verdicts(gone.out.digests)).toEqual(['malformed']);
    expect(gone.out.digests[0].detail).toMatch(/^indexed before evidence bytes were kept, and /);
  });
});
