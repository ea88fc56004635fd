import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveredBytes, evidenceOf, type EvidenceRow } from '../../src/store/evidence.js';
import { fileOverview } from '../../src/store/files.js';
import { compileFilter } from '../../src/query/index.js';
import { EventReader } from '../../src/store/event-reader.js';
import type { Database } from '../../src/store/db.js';
import { evidenceDir, records, zipOf, type Evidence } from './evidence.js';
import { fileRow, indexInto, withDb } from './index-helpers.js';

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const doc = (tag: string, n = 3): string => JSON.stringify({ Records: records(n, tag) });
const S3 = 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/01';

let ev: Evidence;
beforeEach(() => {
  ev = evidenceDir();
});
afterEach(() => ev.cleanup());

function kept(rel: string): { row: EvidenceRow | undefined; bytes: Buffer; digest: Buffer | null } {
  const id = fileRow(ev, rel).id;
  return withDb(ev, (db) => ({
    row: evidenceOf(db, id),
    bytes: Buffer.concat([...deliveredBytes(db, id)]),
    digest: db
      .prepare('SELECT digest_content FROM evidence WHERE file_id = ?')
      .pluck()
      .get(id) as Buffer | null,
  }));
}

describe('evidence bytes kept in the case file, in the same pass', () => {
  it('a .json.gz as delivered, its content hash, its S3 key; a plain file deflated once', async () => {
    const text = doc('gz');
    const gz = ev.writeGz(`${S3}/111122223333_CloudTrail_us-east-1_20240301T0000Z_a.json.gz`, text);
    const plain = doc('plain');
    ev.write('console/event-history.json', plain);
    await indexInto(ev);
    const g = kept(`${S3}/111122223333_CloudTrail_us-east-1_20240301T0000Z_a.json.gz`);
    expect(g.row).toMatchObject({
      encoding: 'gzip',
      content_sha256: sha(text),
      content_size: Buffer.byteLength(text),
      trailing_data: 0,
      s3_key: `${S3}/111122223333_CloudTrail_us-east-1_20240301T0000Z_a.json.gz`,
    });
    expect(g.bytes.equals(readFileSync(gz))).toBe(true);
    expect(
      fileRow(ev, `${S3}/111122223333_CloudTrail_us-east-1_20240301T0000Z_a.json.gz`).sha256,
    ).toBe(sha(readFileSync(gz)));
    const p = kept('console/event-history.json');
    expect(p.row).toMatchObject({ encoding: 'deflate', content_sha256: sha(plain), s3_key: null });
    expect(p.bytes.toString()).toBe(plain);
  });

  it('records appended to a delivered log file as a second gzip member are indexed with a warning', async () => {
    const appended = Buffer.concat([gzipSync(doc('ap1')), gzipSync(doc('ap2'))]);
    const name = `${S3}/111122223333_CloudTrail_us-east-1_20240301T0000Z_x.json.gz`;
    ev.write(name, appended);
    // outside an S3 delivery path (a Firehose or export file), several members are ordinary
    ev.write('export/part-0.json.gz', appended);
    await indexInto(ev);
    expect(fileRow(ev, name).warnings).toMatch(
      /data follows the first gzip member, which CloudTrail never writes: records after it may have been appended/,
    );
    expect(fileRow(ev, 'export/part-0.json.gz').warnings).toBeNull();
  });

  it('data after the first gzip member is flagged, on the whole-read and the streaming paths', async () => {
    const padded = Buffer.concat([gzipSync(doc('pad')), Buffer.alloc(64)]);
    ev.write('a/padded.json.gz', padded);
    const appended = Buffer.concat([gzipSync(doc('app')), gzipSync(doc('app2'))]);
    ev.write('a/appended.json.gz', appended);
    const cleanText = doc('clean', 50);
    const clean = gzipSync(cleanText);
    ev.write('a/clean.json.gz', clean);
    await indexInto(ev);
    expect(kept('a/padded.json.gz').row?.trailing_data).toBe(1);
    expect(kept('a/appended.json.gz').row?.trailing_data).toBe(1);
    expect(kept('a/clean.json.gz').row?.trailing_data).toBe(0);
    expect(kept('a/padded.json.gz').bytes.equals(padded)).toBe(true);

    // the same files through the streaming path (content larger than a whole parse)
    const again = evidenceDir();
    try {
      again.write('a/padded.json.gz', padded);
      again.write('a/appended.json.gz', appended);
      again.write('a/clean.json.gz', clean);
      const prev = ev;
      ev = again;
      await indexInto(ev, [ev.dir], { limits: { wholeParseMax: 64, wholeReadMax: 64 } });
      expect(kept('a/padded.json.gz').row?.trailing_data).toBe(1);
      expect(kept('a/appended.json.gz').row?.trailing_data).toBe(1);
      expect(kept('a/clean.json.gz').row).toMatchObject({
        trailing_data: 0,
        content_sha256: sha(cleanText),
      });
      expect(kept('a/clean.json.gz').bytes.equals(clean)).toBe(true);
      ev = prev;
    } finally {
      again.cleanup();
    }
  });

  it('a digest keeps its exact bytes (as delivered, once); zip members keep theirs; what is not CloudTrail keeps nothing', async () => {
    const digestText =
      '{"awsAccountId":"111122223333","digestStartTime":"2024-03-01T00:00:00Z","digestEndTime":"2024-03-01T01:00:00Z","digestS3Bucket":"b","digestS3Object":"x","logFiles":[]}';
    ev.writeGz(
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240301T010000Z.json.gz',
      digestText,
    );
    const memberGz = gzipSync(doc('zgz'));
    const memberPlain = doc('zplain');
    ev.write(
      'e.zip',
      zipOf([
        { name: `${S3}/m.json.gz`, data: memberGz },
        { name: 'plain.json', data: Buffer.from(memberPlain) },
      ]),
    );
    ev.write('notes.txt', 'not evidence at all\n');
    await indexInto(ev);
    const d = kept(
      'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240301T010000Z.json.gz',
    );
    // its exact bytes are the delivered bytes decompressed, kept once
    expect(d.digest).toBeNull();
    expect(gunzipSync(d.bytes).toString('utf8')).toBe(digestText);
    expect(d.row?.content_sha256).toBe(sha(digestText));
    const zg = kept(`e.zip!${S3}/m.json.gz`);
    expect(zg.row).toMatchObject({ encoding: 'gzip', s3_key: `${S3}/m.json.gz` });
    expect(zg.bytes.equals(memberGz)).toBe(true);
    expect(kept('e.zip!plain.json').bytes.toString()).toBe(memberPlain);
    expect(kept('e.zip').row).toBeUndefined();
    expect(kept('notes.txt').row).toBeUndefined();
    expect(kept('notes.txt').bytes.length).toBe(0);
  });

  it('a file read again replaces what was kept of it', async () => {
    const rel = 'a/x.json.gz';
    ev.writeGz(rel, doc('one'));
    await indexInto(ev);
    const secondText = doc('two', 5);
    const second = gzipSync(secondText);
    writeFileSync(ev.path(rel), second);
    await indexInto(ev);
    const k = kept(rel);
    expect(k.bytes.equals(second)).toBe(true);
    expect(k.row?.content_sha256).toBe(sha(secondText));
    expect(
      withDb(ev, (db) =>
        db
          .prepare('SELECT count(*) FROM evidence_blocks WHERE file_id = ?')
          .pluck()
          .get(fileRow(ev, rel).id),
      ),
    ).toBe(1);
  });
});

describe('the files view', () => {
  it('lists each file with its outcome, counts, hashes and what was kept', async () => {
    const text = doc('fv');
    ev.writeGz('a/x.json.gz', text);
    ev.write('notes.txt', 'not evidence\n');
    await indexInto(ev);
    const rows = withDb(ev, (db) => fileOverview(db));
    const x = rows.find((r) => r.path === ev.path('a/x.json.gz'));
    expect(x).toMatchObject({
      status: 'indexed',
      events: 3,
      added: 3,
      content_sha256: sha(text),
      sha256: sha(readFileSync(ev.path('a/x.json.gz'))),
      kept: 1,
      verdict: null,
    });
    expect(rows.find((r) => r.path === ev.path('notes.txt'))).toMatchObject({
      status: 'not-cloudtrail',
      kept: 0,
    });
    expect(rows.find((r) => r.path === ev.path('notes.txt'))?.reason).toBeTruthy();
  });
});

describe('records located in the evidence bytes', () => {
  const rowOf = (db: Database, id: string) =>
    db.prepare('SELECT id, raw_chunk, raw_index FROM events WHERE event_id = ?').get(id) as {
      id: number;
      raw_chunk: number;
      raw_index: number;
    };

  it('a delivery file: each record is its offset in the content, read back byte for byte; a pretty-printed one keeps copies', async () => {
    const recs = records(4, 'loc', { requestParameters: { note: 'é ✓ "quoted" \\ back' } });
    const text = JSON.stringify({ Records: recs });
    ev.writeGz('a/x.json.gz', text);
    ev.write('b/pretty.json', JSON.stringify({ Records: records(2, 'pretty') }, null, 2));
    await indexInto(ev);
    withDb(ev, (db) => {
      const r = new EventReader(db);
      for (const rec of recs) {
        const row = rowOf(db, rec.eventID as string);
        expect(row.raw_chunk).toBe(-fileRow(ev, 'a/x.json.gz').id);
        expect(r.rawText(row)).toBe(JSON.stringify(rec));
      }
      expect(rowOf(db, 'pretty-000001').raw_chunk).toBeGreaterThan(0);
      expect(JSON.parse(r.rawText(rowOf(db, 'pretty-000001'))).eventID).toBe('pretty-000001');
      // only the pretty-printed file needed stored copies
      expect(db.prepare('SELECT count(*) FROM raw_chunks').pluck().get()).toBe(1);
    });
  });

  it('a file read again with other content: records only its old content held keep a stored copy', async () => {
    const old = records(3, 'old');
    ev.writeGz('a/x.json.gz', JSON.stringify({ Records: old }));
    await indexInto(ev);
    const kept = records(1, 'new');
    writeFileSync(ev.path('a/x.json.gz'), gzipSync(JSON.stringify({ Records: kept })));
    const s = await indexInto(ev);
    expect(s.events).toMatchObject({ added: 1, total: 4 });
    withDb(ev, (db) => {
      const r = new EventReader(db);
      for (const rec of old) {
        const row = rowOf(db, rec.eventID as string);
        expect(row.raw_chunk).toBeGreaterThan(0);
        expect(r.rawText(row)).toBe(JSON.stringify(rec));
      }
      expect(rowOf(db, 'new-000000').raw_chunk).toBeLessThan(0);
      expect(r.rawText(rowOf(db, 'new-000000'))).toBe(JSON.stringify(kept[0]));
      // nothing set aside is left behind
      expect(db.prepare('SELECT count(*) FROM evidence WHERE file_id < 0').pluck().get()).toBe(0);
    });
  });

  it('the same file read again (a wider carve, a resumed run) keeps its records located', async () => {
    const recs = records(3, 'same');
    ev.writeGz('a/x.json.gz', JSON.stringify({ Records: recs }));
    await indexInto(ev);
    // touch: read again, same bytes
    const p = ev.path('a/x.json.gz');
    writeFileSync(p, readFileSync(p));
    await indexInto(ev);
    withDb(ev, (db) => {
      const r = new EventReader(db);
      expect(rowOf(db, 'same-000001').raw_chunk).toBeLessThan(0);
      expect(r.rawText(rowOf(db, 'same-000001'))).toBe(JSON.stringify(recs[1]));
      expect(db.prepare('SELECT count(*) FROM raw_chunks').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM evidence WHERE file_id < 0').pluck().get()).toBe(0);
    });
  });
});

describe('two copies of one eventID', () => {
  it('a copy with the same values written differently (key order) is kept but is no differs caveat', async () => {
    const recs = records(2, 'ko');
    const reversed = (r: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(r).reverse());
    ev.writeGz('org/a.json.gz', JSON.stringify({ Records: recs }));
    ev.writeGz(
      'acct/b.json.gz',
      JSON.stringify({
        Records: [reversed(recs[0]), { ...reversed(recs[1]), sourceIPAddress: '10.9.9.9' }],
      }),
    );
    await indexInto(ev);
    withDb(ev, (db) => {
      const r = new EventReader(db);
      const same = r.rowByEventId('ko-000000')!;
      expect(r.differingCopies(same.id).map((c) => c.sameValues)).toEqual([true]);
      const c = compileFilter('caveat:differs');
      expect(
        db
          .prepare(`SELECT event_id FROM events e WHERE ${c.where}`)
          .pluck()
          .all(...c.params),
      ).toEqual(['ko-000001']);
    });
  });

  it('that differ are both kept and flagged; identical ones are one event with two provenance rows', async () => {
    const recs = records(3, 'dup');
    const tampered = { ...recs[1], sourceIPAddress: '10.9.9.9' };
    ev.writeGz('org/a.json.gz', JSON.stringify({ Records: recs }));
    ev.writeGz('acct/b.json.gz', JSON.stringify({ Records: [recs[0], tampered, recs[2]] }));
    const s = await indexInto(ev);
    expect(s.events).toMatchObject({ read: 6, added: 3, duplicates: 3, total: 3 });
    withDb(ev, (db) => {
      const r = new EventReader(db);
      const differing = db
        .prepare('SELECT e.event_id FROM event_variants v JOIN events e ON e.id = v.event_rowid')
        .pluck()
        .all();
      expect(differing).toEqual(['dup-000001']);
      const row = r.rowByEventId('dup-000001')!;
      const [first, second] = [JSON.stringify(recs[1]), JSON.stringify(tampered)];
      const stored = r.rawText(row);
      expect([first, second]).toContain(stored);
      expect(r.differingCopies(row.id).map((c) => c.text)).toEqual([
        stored === first ? second : first,
      ]);
    });
    const later = [fileRow(ev, 'org/a.json.gz'), fileRow(ev, 'acct/b.json.gz')].find(
      (f) => f.duplicates > 0,
    )!;
    expect(later.warnings).toMatch(
      /1 copy of events already in the case file .* differ .* all copies are kept/,
    );
  });
});
