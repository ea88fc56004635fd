import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../helpers/run-cli.js';
import { pruneReason, carveTimes, carveCovers, carveKey } from '../../src/ingest/carve.js';

/**
 * An organisation trail's S3 tree over three days, two accounts, two regions, one file per hour,
 * each file stamped 10 minutes after its events; one file stamped just after midnight holds
 * events from 23:55 the day before (delivery lag), and one file has an unparsable eventTime.
 */
let dir = '';
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';

function writeTree(root: string): number {
  let n = 0;
  for (const account of ['111122223333', '444455556666']) {
    for (const region of ['us-east-1', 'eu-west-1']) {
      for (let day = 10; day <= 12; day++) {
        for (const hour of [0, 6, 12, 18]) {
          const t = Date.UTC(2024, 3, day, hour, 0, 0);
          const events = [0, 1].map((i) => ({
            eventVersion: '1.09',
            eventID: `${account}-${region}-${day}-${hour}-${i}`,
            eventTime: new Date(t + i * 60_000).toISOString().replace('.000', ''),
            eventSource: 's3.amazonaws.com',
            eventName: i ? 'GetObject' : 'ListBuckets',
            awsRegion: region,
            recipientAccountId: account,
            sourceIPAddress: '198.51.100.7',
            userIdentity: {
              type: 'IAMUser',
              principalId: 'AIDAX',
              arn: `arn:aws:iam::${account}:user/alice`,
              accountId: account,
            },
          }));
          const file = join(
            root,
            `AWSLogs/o-abc123/${account}/CloudTrail/${region}/2024/04/${day}/${account}_CloudTrail_${region}_${stamp(t + 600_000)}_x${hour}.json.gz`,
          );
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, gzipSync(JSON.stringify({ Records: events })));
          n += 2;
        }
      }
    }
  }
  // delivered 00:05 on the 12th, holding an event of 23:55 on the 11th
  const late = join(
    root,
    'AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2024/04/12/111122223333_CloudTrail_us-east-1_20240412T0005Z_late.json.gz',
  );
  writeFileSync(
    late,
    gzipSync(
      JSON.stringify({
        Records: [
          {
            eventVersion: '1.09',
            eventID: 'late-1',
            eventTime: '2024-04-11T23:55:00Z',
            eventName: 'PutObject',
            eventSource: 's3.amazonaws.com',
            awsRegion: 'us-east-1',
            recipientAccountId: '111122223333',
            userIdentity: { type: 'IAMUser' },
          },
        ],
      }),
    ),
  );
  // no date in the name: always read
  writeFileSync(
    join(root, 'console-export.json'),
    JSON.stringify({
      Records: [
        {
          eventVersion: '1.09',
          eventID: 'nodate-1',
          eventTime: 'garbage',
          eventName: 'ListUsers',
          eventSource: 'iam.amazonaws.com',
          awsRegion: 'us-east-1',
          userIdentity: { type: 'IAMUser' },
        },
      ],
    }),
  );
  return n + 2;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-carve-'));
  writeTree(join(dir, 'ev'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = (db: string, filter = ''): string[] =>
  JSON.parse(
    runCli(['query', '--json', '--db', db, ...(filter ? [filter] : [])]).stdout || '{"Records":[]}',
  ).Records.map((r: { eventID: string }) => r.eventID);

describe('carving at index time', () => {
  it('prunes paths by account, region and delivery stamp, with a margin after --to only', () => {
    const t = carveTimes('2024-04-11', '2024-04-11') as { fromMs: number; toMs: number };
    expect(t.toMs - t.fromMs).toBe(86_400_000);
    const p = (s: string) =>
      `/x/AWSLogs/o-a/111122223333/CloudTrail/us-east-1/2024/04/11/111122223333_CloudTrail_us-east-1_${s}_a.json.gz`;
    expect(pruneReason(p('20240410T2358Z'), t)).toMatch(/before --from/);
    expect(pruneReason(p('20240410T2359Z'), t)).toBeNull();
    expect(pruneReason(p('20240412T0130Z'), t)).toBeNull();
    expect(pruneReason(p('20240412T0300Z'), t)).toMatch(/after --to/);
    expect(pruneReason(p('20240411T1200Z'), { ...t, regions: ['eu-west-1'] })).toMatch(/region/);
    expect(pruneReason('/x/export.json', t)).toBeNull();
    expect(carveTimes('2024-04-12', '2024-04-11')).toMatch(/not before/);
    expect(carveCovers(null, carveKey(t))).toBe(true);
    expect(carveCovers(carveKey(t), null)).toBe(false);
    expect(carveCovers(carveKey({ fromMs: 0, toMs: 10 }), carveKey({ fromMs: 2, toMs: 5 }))).toBe(
      true,
    );
  });

  it('keeps the window exactly, says what it left out, and a wider run adds the rest', () => {
    const db = join(dir, 'carve.db');
    const r = runCli([
      'index',
      join(dir, 'ev'),
      '--db',
      db,
      '--from',
      '2024-04-11',
      '--to',
      '2024-04-11',
      '--region',
      'us-east-1',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.files.outsideWindow).toBeGreaterThan(0);
    expect(s.files.found).toBe(
      s.files.indexed +
        s.files.digest +
        s.files.skippedUnchanged +
        s.files.skippedAliases +
        s.files.notCloudTrail +
        s.files.failed +
        s.files.notRead +
        s.files.outsideWindow,
    );
    const got = ids(db);
    // the 11th in us-east-1 for both accounts (8 events), the 23:55 event delivered after midnight, and the undated file's untimed event
    expect(got.filter((id) => /-us-east-1-11-/.test(id))).toHaveLength(16);
    expect(got).toContain('late-1');
    expect(got).toContain('nodate-1');
    expect(got.filter((id) => /-us-east-1-(10|12)-/.test(id) || /eu-west-1/.test(id))).toEqual([]);
    const c = new BetterSqlite3(db, { readonly: true });
    expect(
      c
        .prepare(
          "SELECT count(*) FROM files WHERE status = 'outside-window' AND error LIKE '%region%'",
        )
        .pluck()
        .get() as number,
    ).toBeGreaterThan(0);
    c.close();
    const wider = runCli(['index', join(dir, 'ev'), '--db', db, '--json']);
    expect(wider.status, wider.stderr).toBe(0);
    expect(ids(db)).toHaveLength(2 * 2 * 3 * 4 * 2 + 2);
  });

  it('--where drops what the filter does not select, and says how many', () => {
    const db = join(dir, 'where.db');
    const r = runCli([
      'index',
      join(dir, 'ev'),
      '--db',
      db,
      '--where',
      'name:GetObject account:111122223333',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.carved.where).toBeGreaterThan(0);
    expect(ids(db).every((id) => id.startsWith('111122223333') && id.endsWith('-1'))).toBe(true);
    expect(
      runCli(['index', join(dir, 'ev'), '--db', join(dir, 'bad.db'), '--where', 'since:2h']).status,
    ).toBe(2);
    expect(
      runCli(['index', join(dir, 'ev'), '--db', join(dir, 'bad.db'), '--where', 'tag:x']).stderr,
    ).toMatch(/case-file data/);
  });
});
