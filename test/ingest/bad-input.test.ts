import {
  chmodSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, ctEvent, zipOf, type Evidence } from './evidence.js';
import { count, fileRow, indexInto, withDb } from './index-helpers.js';
import { parseJob } from '../../src/ingest/parse-file.js';
import { resolveLimits } from '../../src/ingest/limits.js';
import type { FileMessage } from '../../src/ingest/messages.js';
import { EventReader } from '../../src/store/event-reader.js';
import { compileFilter } from '../../src/query/compiler.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const j = (v: unknown): string => JSON.stringify(v);
const reasonOf = (
  s: {
    failed: { path: string; reason: string }[];
    notCloudTrail: { path: string; reason: string }[];
  },
  p: string,
) => [...s.failed, ...s.notCloudTrail].find((n) => n.path === p)?.reason;

describe('bad input gets a clear per-file message and the rest still indexes', () => {
  it('truncated gzip keeps the records before the damage; invalid JSON, empty files and binary junk are reported', async () => {
    ev = evidenceDir();
    ev.writeGz('good.json.gz', j({ Records: records(3, 'good') }));
    const gz = gzipSync(j({ Records: records(400, 'trunc') }));
    ev.write('truncated.json.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    ev.write('invalid.json', '{"Records":[{"eventVersion":"1.08",,]}');
    ev.write('empty.json', '');
    ev.write('blank.json', '  \n\n ');
    ev.write('junk.bin', Buffer.from([0x00, 0x13, 0x37, 0xff, 0xfe, 0x01, 0x02, 0x03, 0x04, 0x05]));
    const s = await indexInto(ev);
    expect(fileRow(ev, 'good.json.gz').status).toBe('indexed');
    const trunc = fileRow(ev, 'truncated.json.gz');
    expect(trunc.status).toBe('failed');
    expect(trunc.error).toMatch(/truncated gzip data .* record\(s\) before it were indexed/);
    expect(trunc.events).toBeGreaterThan(10);
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id LIKE 'trunc-%'")).toBe(
      trunc.events,
    );
    expect(reasonOf(s, ev.path('invalid.json'))).toMatch(/invalid JSON at byte \d+/);
    expect(reasonOf(s, ev.path('empty.json'))).toBe('empty file');
    expect(reasonOf(s, ev.path('blank.json'))).toBe('only whitespace');
    expect(reasonOf(s, ev.path('junk.bin'))).toMatch(/binary data \(starts 00 13 37/);
    expect(s.events.added).toBe(3 + trunc.events);
  });

  it('damaged gzip data: what decoded is kept, and called unverified unless its checks passed', async () => {
    ev = evidenceDir();
    const crc = gzipSync(j({ Records: records(3, 'crc') }));
    crc.writeUInt32LE((crc.readUInt32LE(crc.length - 8) ^ 1) >>> 0, crc.length - 8);
    ev.write('crc.json.gz', crc);
    const bad2 = gzipSync(j(ctEvent({ eventID: 'm2' })));
    bad2[10] = 0x07; // its first deflate block of the invalid type 3
    ev.write(
      'member2.jsonl.gz',
      Buffer.concat([gzipSync(records(3, 'm1').map(j).join('\n') + '\n'), bad2]),
    );
    // a larger file streamed: a byte flipped in its middle, found by the decoder later
    const big = gzipSync(
      records(3000, 'flip', { userAgent: 'ua-'.repeat(50) })
        .map(j)
        .join('\n'),
    );
    big[Math.floor(big.length * 0.8)] ^= 0x55;
    ev.write('flip.jsonl.gz', big);
    // a zip member whose data decodes to more than its header says
    const member = Buffer.from(records(20, 'zm').map(j).join('\n'));
    ev.write(
      'damaged.zip',
      zipOf([{ name: 'a.jsonl', data: member, deflate: true, claimSize: member.length - 3 }]),
    );
    // bytes appended after a whole member: the member's records stand, the file fails
    ev.write(
      'appended.json.gz',
      Buffer.concat([gzipSync(j({ Records: records(2, 'app') })), Buffer.from('APPENDED')]),
    );
    // a good member, then one whose checksum fails: only the second one's record is unverified
    const mmBad = gzipSync(records(1, 'mmB').map(j).join('\n') + '\n');
    mmBad.writeUInt32LE((mmBad.readUInt32LE(mmBad.length - 8) ^ 1) >>> 0, mmBad.length - 8);
    ev.write(
      'mm.jsonl.gz',
      Buffer.concat([gzipSync(records(3, 'mmA').map(j).join('\n') + '\n'), mmBad]),
    );
    // a gzip of a gzip (compressed twice by a transfer): named as such, not as binary junk
    ev.write('double.json.gz', gzipSync(gzipSync(j({ Records: records(2, 'dbl') }))));
    const s = await indexInto(ev, [ev.dir], {
      limits: { wholeParseMax: 64 * 1024, wholeReadMax: 64 * 1024, batchSize: 128 },
    });
    expect(fileRow(ev, 'crc.json.gz')).toMatchObject({ status: 'failed', events: 3 });
    expect(fileRow(ev, 'crc.json.gz').error).toBe(
      "damaged gzip data (incorrect data check in gzip member 1) (3 record(s) read from the damaged data or after it were indexed, unverified: the damage may lie before any of them, so they may hold altered values; compare them with another copy; caveat:unverified selects those whose stored copy is this file's)",
    );
    // and its records read back from the kept bytes, decoded as the run decoded them
    withDb(ev, (db) => {
      const r = new EventReader(db);
      expect(r.rawRecord(r.rowByEventId('crc-000002')!).eventID).toBe('crc-000002');
    });
    expect(fileRow(ev, 'member2.jsonl.gz')).toMatchObject({ status: 'failed', events: 3 });
    expect(fileRow(ev, 'member2.jsonl.gz').error).toMatch(
      /^damaged gzip data \(.* in gzip member 2\) \(3 record\(s\) before it were indexed\)$/,
    );
    const flip = fileRow(ev, 'flip.jsonl.gz');
    expect(flip.status).toBe('failed');
    expect(reasonOf(s, ev.path('damaged.zip') + '!a.jsonl')).toMatch(
      /^damaged zip member: its data does not decode to the size its header gives \(too many bytes in the stream/,
    );
    expect(fileRow(ev, 'appended.json.gz')).toMatchObject({ status: 'failed', events: 2 });
    expect(fileRow(ev, 'appended.json.gz').error).toMatch(
      /^damaged gzip data \(8 byte\(s\) that are not gzip follow gzip member 1, at byte \d+\) \(2 record\(s\) before it were indexed\)$/,
    );
    expect(reasonOf(s, ev.path('double.json.gz'))).toBe(
      'compressed data inside compressed data (extract it first)',
    );
    expect(flip.error).toMatch(
      /^damaged gzip data .*read from the damaged data or after it were indexed, unverified/,
    );
    // each record read from damaged data carries the caveat; those that passed their checks do not
    const unverified = (prefix: string): number => {
      const c = compileFilter('caveat:unverified');
      return count(
        ev,
        `SELECT count(*) FROM events e WHERE ${c.where} AND e.event_id LIKE '${prefix}-%'`,
        ...c.params,
      );
    };
    expect(unverified('crc')).toBe(3);
    expect(unverified('flip')).toBe(flip.events);
    expect(flip.events).toBeGreaterThan(0);
    expect(unverified('zm')).toBe(fileRow(ev, 'damaged.zip!a.jsonl').events);
    expect(unverified('m1')).toBe(0);
    expect(fileRow(ev, 'mm.jsonl.gz').error).toMatch(
      /\(3 record\(s\) before the damaged member were indexed, and 1 record\(s\) read from the damaged data or after it were indexed, unverified/,
    );
    expect([unverified('mmA'), unverified('mmB')]).toEqual([0, 1]);
    expect(unverified('app')).toBe(0);
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id LIKE 'm1-%'")).toBe(3);
  });

  it('wrong types, missing or garbled eventTime and missing eventID are indexed with notes', async () => {
    ev = evidenceDir();
    const odd = [
      ctEvent({ eventID: 'types-1', requestParameters: '{"bucketName":"b1"}', readOnly: 'true' }),
      ctEvent({ eventID: 'time-missing', eventTime: undefined }),
      ctEvent({ eventID: 'time-garbled', eventTime: 'yesterday-ish' }),
      ctEvent({ eventID: 'time-space', eventTime: '2024-04-11 12:34:56' }),
      ctEvent({ eventID: undefined, eventName: 'NoIdOne' }),
      ctEvent({
        eventID: null,
        eventName: 'NoIdTwo',
        userIdentity: 'not an object',
        responseElements: 7,
      }),
    ];
    ev.write('odd.json', j({ Records: odd }));
    const s = await indexInto(ev);
    expect(s.failed).toEqual([]);
    expect(s.events.added).toBe(6);
    const row = fileRow(ev, 'odd.json');
    const warnings = JSON.parse(row.warnings!) as string[];
    expect(warnings.join('\n')).toMatch(/2 record\(s\) had no eventID: a stable ID was derived/);
    expect(warnings.join('\n')).toMatch(/2 record\(s\) had a missing or unparseable eventTime/);
    withDb(ev, (db) => {
      const r = new EventReader(db);
      const t = r.rowByEventId('types-1')!;
      expect([t.read_only, t.req_text]).toEqual([1, 'bucketName=b1']);
      expect(r.rowByEventId('time-garbled')!.flags & 1).toBe(1);
      expect(r.rowByEventId('time-garbled')!.event_time).toBe('yesterday-ish');
      expect(r.rowByEventId('time-space')!.time_ms).toBe(Date.parse('2024-04-11T12:34:56Z'));
      const derived = db
        .prepare(
          "SELECT event_id FROM events_v WHERE event_name IN ('NoIdOne','NoIdTwo') ORDER BY event_name",
        )
        .pluck()
        .all() as string[];
      expect(derived.every((id) => id.startsWith('derived-'))).toBe(true);
    });
    // stable: indexing the same records again from another file adds nothing
    ev.write('odd-copy.json', j({ Records: odd }));
    const again = await indexInto(ev);
    expect(again.events.added).toBe(0);
    expect(again.events.duplicates).toBe(6);
  });

  it('streams a big single document and a big JSON Lines file with lowered thresholds', async () => {
    ev = evidenceDir();
    ev.write('big.json', JSON.stringify({ Records: records(3000, 'bigdoc') }, null, 1));
    ev.write(
      'big.jsonl',
      records(3000, 'bigjl')
        .map((r) => j(r))
        .join('\n') +
        '\nnot json at all {"x": 1}\n' +
        j(ctEvent({ eventID: 'after-bad' })) +
        '\n',
    );
    const limits = {
      wholeParseMax: 64 * 1024,
      wholeReadMax: 64 * 1024,
      maxItemBytes: 16 * 1024,
      batchSize: 128,
    };
    const s = await indexInto(ev, [ev.dir], { limits });
    expect(fileRow(ev, 'big.json')).toMatchObject({
      status: 'indexed',
      shape: 's3-delivery',
      events: 3000,
    });
    expect(s.failed).toEqual([]);
    expect(fileRow(ev, 'big.jsonl')).toMatchObject({
      status: 'indexed',
      shape: 'json-lines',
      events: 3001,
    });
    expect(fileRow(ev, 'big.jsonl').warnings).toMatch(
      /1 line\(s\) that are not JSON were skipped \(first at byte \d+\)/,
    );
    expect(count(ev, 'SELECT count(*) FROM events')).toBe(6001);
    // a record over the item cap fails its file with a clear message
    ev.write(
      'huge-record.json',
      j({ Records: [ctEvent({ eventID: 'huge', userAgent: 'x'.repeat(100_000) })] }),
    );
    const s2 = await indexInto(ev, [ev.path('huge-record.json')], { limits });
    expect(s2.failed[0].reason).toMatch(/larger than/);
    // one oversized record among others: passed over, the records after it still indexed, and
    // the file fails with the count so the exit status says part of it is missing
    ev.write(
      'huge-middle.json',
      j({
        Records: [
          ...records(3, 'before'),
          ctEvent({ eventID: 'huge-2', userAgent: 'x'.repeat(100_000) }),
          ...records(4, 'after'),
        ],
      }),
    );
    const s3 = await indexInto(ev, [ev.path('huge-middle.json')], { limits });
    expect(s3.failed).toHaveLength(1);
    expect(s3.failed[0].reason).toMatch(
      /^1 record\(s\) larger than 16 KiB not indexed \(first at byte \d+, largest \d+ KiB\); the other 7 record\(s\) were indexed$/,
    );
    expect(fileRow(ev, 'huge-middle.json')).toMatchObject({ status: 'failed', events: 7 });
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id GLOB 'after-00000[0-9]'")).toBe(4);
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id = 'huge-2'")).toBe(0);
    // and when the file then ends early, its message says both
    const whole = gzipSync(
      j({
        Records: [
          ...records(3, 'cut-before'),
          ctEvent({ eventID: 'huge-3', userAgent: 'x'.repeat(100_000) }),
          ...records(400, 'cut-after', { requestParameters: { pad: 'y'.repeat(300) } }),
        ],
      }),
    );
    ev.write('huge-cut.json.gz', whole.subarray(0, Math.floor(whole.length * 0.8)));
    const s4 = await indexInto(ev, [ev.path('huge-cut.json.gz')], { limits });
    expect(s4.failed[0].reason).toMatch(
      /^truncated gzip data \(the file ends early\) \(\d+ record\(s\) before it were indexed\); also 1 record\(s\) larger than 16 KiB not indexed/,
    );
  });

  it('a JSON Lines line broken inside a value is skipped and the lines after it are indexed', async () => {
    ev = evidenceDir();
    const lines = (tag: string, n: number) => records(n, tag).map((r) => j(r));
    const body = [
      ...lines('head', 40),
      '{"eventVersion": "1.09", "eventTime": broken', // the object never closes
      ...lines('mid', 40),
      '{"eventVersion":"1.09","eventID":"cut-in-a-str', // cut inside a string
      ...lines('tail', 40),
    ].join('\n');
    ev.write('export.jsonl', body + '\n');
    ev.write('export.jsonl.gz', gzipSync(body.replaceAll('eventID":"', 'eventID":"gz-') + '\n'));
    // the first line broken: the head (later lines, each a JSON object) says it is JSON Lines
    ev.write('first-broken.jsonl', ['{"eventVersion":"1.0', ...lines('fb', 40)].join('\n'));
    // streamed in small pieces too (the whole-document and streaming paths split alike)
    for (const limits of [undefined, { wholeParseMax: 4096, wholeReadMax: 4096, batchSize: 16 }]) {
      const s = await indexInto(ev, [ev.dir], { ...(limits ? { limits } : {}), rebuild: true });
      expect(s.failed).toEqual([]);
      for (const f of ['export.jsonl', 'export.jsonl.gz']) {
        const row = fileRow(ev, f);
        expect(row).toMatchObject({ status: 'indexed', shape: 'json-lines', events: 120 });
        expect(row.warnings).toMatch(
          /2 line\(s\) that end inside a JSON value \(a truncated or damaged record\) were skipped \(first at byte \d+\); the lines after them were read/,
        );
      }
      expect(fileRow(ev, 'first-broken.jsonl')).toMatchObject({ status: 'indexed', events: 40 });
      expect(fileRow(ev, 'first-broken.jsonl').warnings).toMatch(
        /1 line\(s\) that end inside a JSON value .* \(first at byte 0\)/,
      );
      expect(count(ev, 'SELECT count(*) FROM events')).toBe(280);
      // the records after a broken line are located in the evidence by the right bytes
      withDb(ev, (db) => {
        const r = new EventReader(db);
        for (const id of ['tail-000039', 'gz-mid-000000']) {
          const row = r.rowByEventId(id)!;
          expect(r.rawRecord(row).eventID).toBe(id);
        }
      });
    }
  });

  it('stops a gzip bomb at the decompressed-size cap', async () => {
    ev = evidenceDir();
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from('{"Records":['),
        Buffer.alloc(20 * 1024 * 1024, 0x20),
        Buffer.from(']}'),
      ]),
    );
    ev.write('bomb.json.gz', bomb);
    ev.writeGz('ok.json.gz', j({ Records: records(2, 'ok') }));
    const limits = {
      maxRatio: 50,
      ratioFloor: 1024 * 1024,
      wholeParseMax: 1024 * 1024,
      wholeReadMax: 1024 * 1024,
    };
    const s = await indexInto(ev, [ev.dir], { limits });
    expect(reasonOf(s, ev.path('bomb.json.gz'))).toMatch(
      /decompressed size passed .* \(a decompression bomb\?\)/,
    );
    expect(s.events.added).toBe(2);
  });

  it('reports permission denied, symlink loops, missing paths and non-regular files', async () => {
    ev = evidenceDir();
    ev.write('ok/a.json', j({ Records: records(2, 'ok') }));
    mkdirSync(ev.path('loop'));
    symlinkSync(ev.path('loop'), ev.path('loop/again'));
    symlinkSync(ev.path('self-link'), ev.path('self-link'));
    const locked = ev.write('locked.json', j({ Records: records(1, 'locked') }));
    execFileSync('mkfifo', [ev.path('a-pipe')]);
    chmodSync(locked, 0o000);
    const s = await indexInto(ev, [ev.dir, ev.path('missing.json')]);
    // a loop is followed once and noted; it is not a failure
    expect(reasonOf(s, ev.path('loop/again'))).toBeUndefined();
    expect(s.aliases.find((a) => a.path === ev.path('loop/again'))?.reason).toBe(
      `symlink loop: already read as ${ev.path('loop')}`,
    );
    expect(reasonOf(s, ev.path('self-link'))).toBe('symlink loop');
    expect(reasonOf(s, ev.path('missing.json'))).toBe('no such file or directory');
    expect(reasonOf(s, ev.path('a-pipe'))).toMatch(/not a regular file/);
    if (process.getuid?.() === 0) {
      // root reads a mode-000 file anyway; the message for EACCES is covered by the parser test below
      expect(fileRow(ev, 'locked.json').status).toBe('indexed');
    } else {
      expect(reasonOf(s, locked)).toBe('permission denied');
    }
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id LIKE 'ok-%'")).toBe(2);
  });

  it('turns an EACCES on open into "permission denied" (simulated: tests run as root)', async () => {
    ev = evidenceDir();
    const msgs: FileMessage[] = [];
    const { describeOpenError } = await import('../../src/ingest/parse-file.js');
    expect(describeOpenError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(
      'permission denied',
    );
    await parseJob(
      { id: 0, path: ev.path('nope/never.json') },
      resolveLimits(),
      async (m) => void msgs.push(m),
    );
    expect(msgs).toHaveLength(1);
    expect(msgs[0].end).toMatchObject({ status: 'failed', error: 'no such file or directory' });
  });

  it('a file that changes while it is read is failed (kept records, re-read next run)', async () => {
    ev = evidenceDir();
    const p = ev.write(
      'growing.jsonl',
      records(2000, 'grow')
        .map((r) => j(r))
        .join('\n') + '\n',
    );
    const msgs: FileMessage[] = [];
    let appended = false;
    await parseJob(
      { id: 0, path: p },
      resolveLimits({ wholeParseMax: 4096, wholeReadMax: 4096, batchSize: 100 }),
      async (m) => {
        msgs.push(m);
        if (!appended) {
          appended = true;
          appendFileSync(p, j(ctEvent({ eventID: 'late' })) + '\n');
        }
      },
    );
    const end = msgs[msgs.length - 1].end!;
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/changed while it was being read/);
  });

  it('never modifies evidence and reads read-only files', async () => {
    ev = evidenceDir();
    const p = ev.writeGz('ro.json.gz', j({ Records: records(3, 'ro') }));
    chmodSync(p, 0o444);
    const before = statSync(p);
    const bytes = readFileSync(p);
    const s = await indexInto(ev);
    expect(s.events.added).toBe(3);
    const after = statSync(p);
    expect([after.mtimeMs, after.size, after.mode]).toEqual([
      before.mtimeMs,
      before.size,
      before.mode,
    ]);
    expect(readFileSync(p).equals(bytes)).toBe(true);
    writeFileSync(ev.path('unused'), '');
  });
});
