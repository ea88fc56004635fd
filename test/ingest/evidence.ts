// Builds evidence folders for ingest tests in a temp dir (removed by `cleanup`).
import { deflateRawSync } from 'node:zlib';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ctEvent } from '../helpers/case-file.js';

export { ctEvent };

export interface Evidence {
  dir: string;
  path(rel: string): string;
  write(rel: string, content: string | Buffer): string;
  writeGz(rel: string, content: string | Buffer): string;
  cleanup(): void;
}

export function evidenceDir(): Evidence {
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-ingest-'));
  const path = (rel: string): string => join(dir, rel);
  const write = (rel: string, content: string | Buffer): string => {
    const p = path(rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
    return p;
  };
  return {
    dir,
    path,
    write,
    writeGz: (rel, content) =>
      write(rel, gzipSync(typeof content === 'string' ? Buffer.from(content) : content)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `n` distinct valid records with IDs prefixed by `tag`. */
export function records(
  n: number,
  tag: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    ctEvent({ eventID: `${tag}-${String(i).padStart(6, '0')}`, ...overrides }),
  );
}

/**
 * A minimal stored zip (method 0, no compression) built by hand, so tests need no zip tool.
 * `name` may be raw bytes (any name a hostile archive can hold); `utf8` sets the UTF-8 name flag.
 */
/**
 * A zip of `entries`, stored; `deflate` compresses a member, and `claimSize` makes its header give
 * another uncompressed size than its data decodes to (a damaged archive).
 */
export function zipOf(
  entries: {
    name: string | Buffer;
    data: Buffer;
    utf8?: boolean;
    deflate?: boolean;
    claimSize?: number;
    /** Sizes and CRC after the data (a data descriptor), zeros in the local header. */
    descriptor?: boolean;
    /** A CRC other than the data's (damage). */
    crc?: number;
  }[],
): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name) : e.name;
    const flags = (e.utf8 ? 0x800 : 0) | (e.descriptor ? 0x8 : 0);
    const crc = e.crc ?? crc32(e.data);
    const method = e.deflate ? 8 : 0;
    const stored = e.deflate ? deflateRawSync(e.data) : e.data;
    const size = e.claimSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : stored.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, stored);
    const descriptor = Buffer.alloc(e.descriptor ? 16 : 0);
    if (e.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(stored.length, 8);
      descriptor.writeUInt32LE(size, 12);
      locals.push(descriptor);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + stored.length + descriptor.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
