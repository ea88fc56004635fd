import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipMembers, streamHasTrailingData } from '../../src/ingest/gzip-members.js';

const text = Buffer.from('{"Records":[' + '{"eventName":"GetObject"},'.repeat(2000) + '{}]}');
const one = gzipSync(text);
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('gzip read member by member', () => {
  it('one member: the content zlib gives, ending at the end of the file', () => {
    const g = gunzipMembers(one, 1e9);
    expect(g.content.equals(gunzipSync(one))).toBe(true);
    expect(g.firstMemberEnd).toBe(one.length);
    expect(g.members).toBe(1);
  });

  it('a second member: content as zlib gives it (both members), and where the first ended', () => {
    const two = Buffer.concat([one, gzipSync('{"appended":true}')]);
    const g = gunzipMembers(two, 1e9);
    expect(g.content.equals(gunzipSync(two))).toBe(true);
    expect(g.firstMemberEnd).toBe(one.length);
    expect(g.members).toBe(2);
  });

  it('zero padding after the member ends the stream, as in zlib, and is seen', () => {
    const padded = Buffer.concat([one, Buffer.alloc(512)]);
    const g = gunzipMembers(padded, 1e9);
    expect(g.content.equals(gunzipSync(padded))).toBe(true);
    expect(g.firstMemberEnd).toBe(one.length);
  });

  it("damage fails with zlib's own messages", () => {
    const garbage = Buffer.concat([one, Buffer.from('garbage')]);
    expect(errorOf(() => gunzipMembers(garbage, 1e9))).toBe(errorOf(() => gunzipSync(garbage)));
    const truncated = one.subarray(0, one.length - 20);
    expect(errorOf(() => gunzipMembers(truncated, 1e9))).toBe('unexpected end of file');
    const badCrc = Buffer.from(one);
    badCrc.writeUInt32LE(0, one.length - 8);
    expect(errorOf(() => gunzipMembers(badCrc, 1e9))).toBe('incorrect data check');
    expect(errorOf(() => gunzipMembers(Buffer.from('{"Records":[]}'), 1e9))).toBe(
      'incorrect header check',
    );
  });

  it('keepDamaged: a failed check keeps the content as unverified; a later member that does not decode ends it', () => {
    const badCrc = Buffer.from(one);
    badCrc.writeUInt32LE(0, one.length - 8);
    const g = gunzipMembers(badCrc, 1e9, { keepDamaged: true });
    expect(g.content.equals(text)).toBe(true);
    expect(g.damage).toEqual({
      message: 'incorrect data check in gzip member 1',
      unverified: true,
      verifiedBytes: 0,
    });
    const second = gzipSync('{"second":true}');
    second[10] = 0x07; // the second member's first deflate block: final, of the invalid type 3
    const two = gunzipMembers(Buffer.concat([one, second]), 1e9, { keepDamaged: true });
    expect(two.content.equals(text)).toBe(true);
    expect(two.damage?.unverified).toBe(false);
    expect(two.damage?.message).toMatch(/ in gzip member 2$/);
    // a member that starts like gzip and then is not (a partial re-upload)
    const partial = Buffer.concat([
      one,
      Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
      Buffer.from('junk'),
    ]);
    expect(gunzipMembers(partial, 1e9, { keepDamaged: true }).damage?.message).toMatch(
      /gzip member 2$/,
    );
    // bytes that are not gzip at all after a member (appended): the member stands, verified
    const garbage = gunzipMembers(Buffer.concat([one, Buffer.from('garbage')]), 1e9, {
      keepDamaged: true,
    });
    expect([garbage.content.equals(text), garbage.damage]).toEqual([
      true,
      {
        message: `7 byte(s) that are not gzip follow gzip member 1, at byte ${one.length}`,
        unverified: false,
      },
    ]);
    // the first member itself not decoding still throws (the caller streams and salvages)
    const broken = Buffer.from(one);
    broken[20] ^= 0xff;
    expect(() => gunzipMembers(broken, 1e9, { keepDamaged: true })).toThrow();
  });

  it('a header with a name, a comment and extra data is skipped exactly', () => {
    const flagged = Buffer.from(one);
    // FNAME set: insert "x.json\0" after the fixed 10-byte header
    flagged[3] = 8;
    const withName = Buffer.concat([
      flagged.subarray(0, 10),
      Buffer.from('x.json\0'),
      one.subarray(10),
    ]);
    expect(gunzipMembers(withName, 1e9).content.equals(text)).toBe(true);
  });

  it('the output cap throws (the caller then streams, where the cap has its message)', () => {
    expect(() => gunzipMembers(one, 100)).toThrow(RangeError);
  });

  it('a streamed gzip: trailing data from the consumed count or from the last trailer', () => {
    const base = {
      delivered: one.length,
      consumed: one.length,
      contentCrc: crc32(text),
      contentSize: text.length,
      trailer: one.subarray(-8),
    };
    expect(streamHasTrailingData(base)).toBe(false);
    expect(streamHasTrailingData({ ...base, delivered: one.length + 512 })).toBe(true);
    const tail = gzipSync('{"appended":true}');
    const both = Buffer.concat([text, gunzipSync(tail)]);
    expect(
      streamHasTrailingData({
        ...base,
        delivered: one.length + tail.length,
        consumed: one.length + tail.length,
        contentCrc: crc32(both),
        contentSize: both.length,
        trailer: tail.subarray(-8),
      }),
    ).toBe(true);
  });
});
