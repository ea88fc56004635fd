import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { ctEvent } from '../helpers/case-file.js';
import { buildSignedChain } from '../helpers/digest-chain.js';

let dir = '';
let db = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-note-'));
  db = join(dir, 'case.db');
  writeFileSync(
    join(dir, 'events.json'),
    JSON.stringify({
      Records: [ctEvent({ eventID: 'e-1', eventName: 'GetObject' }), ctEvent({ eventID: 'e-2' })],
    }),
  );
  expect(runCli(['index', join(dir, 'events.json'), '--db', db]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('notes and tags', () => {
  it('writes a note and tags, filters on them, lists them', () => {
    const w = runCli([
      'note',
      'e-1',
      'first use of the leaked key',
      '--tag',
      'exfil',
      '--tag',
      'T1530',
      '--db',
      db,
      '--json',
    ]);
    expect(w.status, w.stderr).toBe(0);
    expect(JSON.parse(w.stdout)).toMatchObject({
      eventId: 'e-1',
      tags: ['exfil', 'T1530'],
      notes: [{ text: 'first use of the leaked key' }],
    });
    const q = runCli(['query', '--json', '--db', db, 'tag:exfil']);
    expect(JSON.parse(q.stdout).Records.map((r: { eventID: string }) => r.eventID)).toEqual([
      'e-1',
    ]);
    expect(
      JSON.parse(runCli(['query', '--json', '--db', db, 'note:"leaked key"']).stdout).Records,
    ).toHaveLength(1);
    expect(
      JSON.parse(runCli(['query', '--json', '--db', db, '-note:*']).stdout).Records.map(
        (r: { eventID: string }) => r.eventID,
      ),
    ).toEqual(['e-2']);
    const list = runCli(['note', '--list', '--db', db]);
    expect(list.stdout).toContain('first use of the leaked key');
    expect(runCli(['note', 'e-1', '--untag', 'T1530', '--db', db]).status).toBe(0);
    expect(runCli(['query', '--db', db, 'tag:T1530']).status).toBe(1);
  });

  it('refuses an unknown event and a tag that is not a word', () => {
    expect(runCli(['note', 'nope', 'x', '--db', db]).status).toBe(2);
    const bad = runCli(['note', 'e-1', '--tag', 'a b', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/one word/);
  });

  it('keeps verify verdicts in the case file: verified:yes selects the events of verified files', () => {
    const chain = buildSignedChain(join(dir, 'signed'), 2);
    const c = join(dir, 'signed.db');
    expect(runCli(['index', join(dir, 'signed', 'AWSLogs'), '--db', c]).status).toBe(0);
    expect(runCli(['query', '--db', c, 'verified:yes']).status).toBe(1);
    expect(
      runCli([
        'verify',
        '--db',
        c,
        '--public-keys',
        chain.keysFile,
        '--signatures',
        chain.signaturesDir,
      ]).status,
    ).toBe(0);
    const yes = JSON.parse(runCli(['query', '--json', '--db', c, 'verified:yes']).stdout).Records;
    expect(yes).toHaveLength(12);
    expect(runCli(['query', '--db', c, 'verified:no,unknown']).status).toBe(1);
  });
});
