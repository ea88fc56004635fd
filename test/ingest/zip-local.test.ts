// A zip without its central directory (an interrupted download) is read by its local headers:
// every member before the cut, the cut one up to where it stops, each with the right words.
import { afterEach, describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { evidenceDir, records, zipOf, type Evidence } from './evidence.js';
import { count, fileRow, indexInto } from './index-helpers.js';
import { decodeLocalMember, readLocalMembers } from '../../src/ingest/zip-local.js';
import { compileFilter } from '../../src/query/compiler.js';

let ev: Evidence;
afterEach(() => ev?.cleanup());

const j = (v: unknown): string => JSON.stringify(v);
const data = (prefix: string, n: number) => Buffer.from(j({ Records: records(n, prefix) }));
/** The archive up to its central directory (what a download cut there keeps). */
const withoutDirectory = (zip: Buffer): Buffer =>
  zip.subarray(0, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));

describe('reading a zip by its local headers', () => {
  it('finds each member, stored, deflated, or with its sizes after its data', () => {
    const datas = [data('a', 3), data('b', 4), data('c', 5), data('d', 2)];
    const zip = withoutDirectory(
      zipOf([
        { name: 'a.json', data: datas[0] },
        { name: 'b.json', data: datas[1], deflate: true },
        { name: 'c.json', data: datas[2], deflate: true, descriptor: true },
        { name: 'd.json', data: datas[3], deflate: true },
      ]),
    );
    const buf = Buffer.concat([Buffer.from('junk'), zip]);
    const scan = readLocalMembers(buf, 1 << 30);
    const decoded = scan.members.map((m) => decodeLocalMember(buf, m, 1 << 30));
    expect(scan.skippedBytes).toBe(4);
    expect(scan.members.map((m) => m.nameRaw.toString())).toEqual([
      'a.json',
      'b.json',
      'c.json',
      'd.json',
    ]);
    expect(decoded.map((d) => d.damage)).toEqual([null, null, null, null]);
    expect(decoded.map((d) => d.content!.toString())).toEqual(datas.map((d) => d.toString()));
    // sizes from the descriptor
    expect(scan.members[2].uncompressedSize).toBe(datas[2].length);
  });

  it('keeps what decodes of a member the cut falls in, and calls a failed CRC unverified', () => {
    const zip = withoutDirectory(
      zipOf([
        { name: 'a.json', data: data('a', 3), deflate: true, crc: 1234 },
        { name: 'b.json', data: data('b', 300), deflate: true },
      ]),
    );
    const cut = zip.subarray(0, zip.length - 40);
    const scan = readLocalMembers(cut, 1 << 30);
    const [a, b] = scan.members.map((m) => decodeLocalMember(cut, m, 1 << 30));
    expect(a.damage).toEqual({ message: 'its data fails its CRC check', unverified: true });
    expect(b.damage?.message).toMatch(/the archive ends inside this member/);
    expect(b.content!.length).toBeGreaterThan(1000);
    expect(crc32(a.content!)).not.toBe(1234);
    // a member that decodes past the bound is named, not held
    const bombZip = withoutDirectory(
      zipOf([{ name: 'z.json', data: Buffer.alloc(1 << 20), deflate: true }]),
    );
    const bomb = decodeLocalMember(bombZip, readLocalMembers(bombZip, 4096).members[0], 4096);
    expect(bomb.damage?.message).toMatch(/more than 0 MiB.*decompression bomb/);
    expect(bomb.content).toBeNull();
  });

  it('passes over a member whose end cannot be found to the next one, and reads zip64 sizes', () => {
    // a stored member with its sizes after its data: unreadable, but the next member is read
    const good = data('g', 2);
    const zip = withoutDirectory(
      zipOf([
        { name: 'stored.json', data: data('s', 2), descriptor: true },
        { name: 'good.json', data: good, deflate: true },
      ]),
    );
    const scan = readLocalMembers(zip, 1 << 30);
    expect(scan.members.map((m) => m.nameRaw.toString())).toEqual(['stored.json', 'good.json']);
    expect(decodeLocalMember(zip, scan.members[0], 1 << 30).damage?.message).toMatch(
      /a stored member whose size follows its data/,
    );
    expect(decodeLocalMember(zip, scan.members[1], 1 << 30).content!.equals(good)).toBe(true);
    expect(scan.passedOver).toBeGreaterThan(0);
    // zip64: sizes of 0xFFFFFFFF in the local header, the real ones in extra field 0x0001
    const z = zipOf([{ name: 'z.json', data: good }]);
    const nameLen = z.readUInt16LE(26);
    const extra = Buffer.alloc(20);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(good.length), 4);
    extra.writeBigUInt64LE(BigInt(good.length), 12);
    const head = Buffer.from(z.subarray(0, 30));
    head.writeUInt32LE(0xffffffff, 18);
    head.writeUInt32LE(0xffffffff, 22);
    head.writeUInt16LE(extra.length, 28);
    const z64 = Buffer.concat([head, z.subarray(30, 30 + nameLen), extra, good]);
    const m = readLocalMembers(z64, 1 << 30).members[0];
    expect([m.compressedSize, m.uncompressedSize]).toEqual([good.length, good.length]);
    expect(decodeLocalMember(z64, m, 1 << 30)).toEqual({ content: good, damage: null });
  });

  it('a member whose data fails its CRC check is read, its records unverified (with or without the directory)', async () => {
    ev = evidenceDir();
    const members = [
      { name: 'stored.json', data: data('s', 2), crc: 99 },
      { name: 'deflated.json', data: data('d', 3), deflate: true, crc: 77 },
      { name: 'good.json', data: data('g', 4), deflate: true },
    ];
    ev.write('crc.zip', zipOf(members));
    ev.write(
      'crc-nocd.zip',
      withoutDirectory(zipOf(members.map((m) => ({ ...m, name: `n-${m.name}` })))),
    );
    await indexInto(ev);
    for (const [zip, prefix] of [
      ['crc.zip', ''],
      ['crc-nocd.zip', 'n-'],
    ]) {
      for (const name of ['stored.json', 'deflated.json']) {
        const f = fileRow(ev, `${zip}!${prefix}${name}`);
        expect(f.status).toBe('failed');
        expect(f.error).toMatch(/^damaged zip member: its data fails its CRC check.*unverified/);
      }
      expect(fileRow(ev, `${zip}!${prefix}good.json`).status).toBe('indexed');
    }
    const c = compileFilter('caveat:unverified');
    // each archive read the same records (the same IDs): 2 + 3 events flagged, the good ones not
    expect(count(ev, `SELECT count(*) FROM events e WHERE ${c.where}`, ...c.params)).toBe(5);
    expect(
      count(
        ev,
        `SELECT count(*) FROM events e WHERE ${c.where} AND e.event_id LIKE 'g-%'`,
        ...c.params,
      ),
    ).toBe(0);
  });

  it('indexes the members of an archive cut before its central directory, and says how', async () => {
    ev = evidenceDir();
    const full = zipOf([
      { name: 'a.json', data: data('a', 3), deflate: true },
      { name: 'b.json', data: data('b', 400), deflate: true, descriptor: true },
    ]);
    ev.write('nocd.zip', withoutDirectory(full));
    // cut inside the second member: its records before the cut are kept, the member fails
    const cut = withoutDirectory(full);
    ev.write('cut.zip', cut.subarray(0, Math.floor(cut.length * 0.7)));
    const s = await indexInto(ev);
    expect(fileRow(ev, 'nocd.zip!a.json')).toMatchObject({ status: 'indexed', events: 3 });
    expect(fileRow(ev, 'nocd.zip!b.json')).toMatchObject({ status: 'indexed', events: 400 });
    expect(fileRow(ev, 'nocd.zip')).toMatchObject({ status: 'failed' });
    expect(fileRow(ev, 'nocd.zip').error).toBe(
      'damaged zip archive: no central directory (a cut or incomplete download); 2 member(s) were read by their local headers',
    );
    const b = fileRow(ev, 'cut.zip!b.json');
    expect(b.status).toBe('failed');
    expect(b.error).toMatch(
      /^damaged zip member: the archive ends inside this member \(a cut download\) \(\d+ record\(s\) before it were indexed\)$/,
    );
    expect(b.events).toBeGreaterThan(50);
    expect(fileRow(ev, 'cut.zip').warnings).toMatch(/the last member read is cut short/);
    expect(count(ev, "SELECT count(*) FROM events WHERE event_id LIKE 'b-%'")).toBe(400);
    expect(s.events.added).toBe(403);
  });
});
