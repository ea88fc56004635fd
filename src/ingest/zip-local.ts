import { constants as zlibConstants, crc32, inflateRawSync } from 'node:zlib';

/**
 * Reading a zip archive by its local file headers, for an archive whose central directory is
 * missing or damaged (an interrupted download keeps every member before the cut, with the headers
 * in front of each). A zip reader trusts the central directory, so yauzl gives up on such a file;
 * this walks the members in order instead, as `unzip -F` / `zip -FF` do. Read whole: callers bound
 * the archive's size.
 */

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const FLAG_ENCRYPTED = 0x1;
const FLAG_DESCRIPTOR = 0x8;

export interface LocalMember {
  /** Where the member's local header starts in the archive. */
  offset: number;
  nameRaw: Buffer;
  generalPurposeBitFlag: number;
  extraFields: { id: number; data: Buffer }[];
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  lastModDate: Date;
  encrypted: boolean;
  /** The decoded content, when it could be decoded (whole or up to where the archive stops). */
  content: Buffer | null;
  /** What is wrong with it: cut by the end of the archive, a failed check, an unknown method. */
  damage: { message: string; unverified: boolean } | null;
}

export interface LocalScan {
  members: LocalMember[];
  /** Bytes before the first local header (a prefix, or junk), when there were any. */
  skippedBytes: number;
}

/** MS-DOS date and time as a local time (zip has no zone), the same reading as yauzl's. */
function dosDate(date: number, time: number): Date {
  return new Date(
    (date >> 9) + 1980,
    ((date >> 5) & 0xf) - 1,
    date & 0x1f,
    time >> 11,
    (time >> 5) & 0x3f,
    (time & 0x1f) * 2,
  );
}

function extraFieldsOf(buf: Buffer): { id: number; data: Buffer }[] {
  const out: { id: number; data: Buffer }[] = [];
  for (let i = 0; i + 4 <= buf.length;) {
    const id = buf.readUInt16LE(i);
    const size = buf.readUInt16LE(i + 2);
    if (i + 4 + size > buf.length) break;
    out.push({ id, data: buf.subarray(i + 4, i + 4 + size) });
    i += 4 + size;
  }
  return out;
}

/**
 * The members of `buf` from their local headers, in order, each decoded up to `maxOutput` bytes.
 * Stops at the central directory, at the end of the data, or at bytes that are no member.
 */
export function readLocalMembers(buf: Buffer, maxOutput: number): LocalScan {
  const members: LocalMember[] = [];
  let pos = buf.indexOf('PK\u0003\u0004', 0, 'latin1');
  const skippedBytes = pos < 0 ? buf.length : pos;
  while (pos >= 0 && pos + 30 <= buf.length && buf.readUInt32LE(pos) === LOCAL) {
    const flags = buf.readUInt16LE(pos + 6);
    const method = buf.readUInt16LE(pos + 8);
    const time = buf.readUInt16LE(pos + 10);
    const date = buf.readUInt16LE(pos + 12);
    let crc = buf.readUInt32LE(pos + 14);
    let compressedSize = buf.readUInt32LE(pos + 18);
    let uncompressedSize = buf.readUInt32LE(pos + 22);
    const nameLen = buf.readUInt16LE(pos + 26);
    const extraLen = buf.readUInt16LE(pos + 28);
    const dataStart = pos + 30 + nameLen + extraLen;
    // a member has a name: a header without one is not a member (zeros after a signature)
    if (nameLen === 0 || dataStart > buf.length) break;
    const member: LocalMember = {
      offset: pos,
      nameRaw: buf.subarray(pos + 30, pos + 30 + nameLen),
      generalPurposeBitFlag: flags,
      extraFields: extraFieldsOf(buf.subarray(pos + 30 + nameLen, dataStart)),
      method,
      compressedSize,
      uncompressedSize,
      lastModDate: dosDate(date, time),
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      content: null,
      damage: null,
    };
    members.push(member);
    const sizesAfter = (flags & FLAG_DESCRIPTOR) !== 0;
    let dataEnd: number;
    if (member.encrypted) {
      // nothing to decode; its size is known only from the header
      if (sizesAfter) break;
      dataEnd = dataStart + compressedSize;
    } else if (method === 8) {
      const data = buf.subarray(dataStart, sizesAfter ? undefined : dataStart + compressedSize);
      try {
        const r = inflateRawSync(data, {
          info: true,
          maxOutputLength: Math.max(1, maxOutput),
        }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
        member.content = r.buffer;
        dataEnd = dataStart + r.engine.bytesWritten;
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/.test(e.message)) {
          // cut by the end of the archive: what decodes is kept, and said to be cut
          member.content = inflateRawSync(data, {
            finishFlush: zlibConstants.Z_SYNC_FLUSH,
            maxOutputLength: Math.max(1, maxOutput),
          });
          member.damage = {
            message: 'the archive ends inside this member (a cut download)',
            unverified: false,
          };
          break;
        }
        member.damage = {
          message:
            e.code === 'ERR_BUFFER_TOO_LARGE'
              ? `it decompresses to more than ${Math.round(maxOutput / 1048576)} MiB, too large to read without the central directory (a decompression bomb?)`
              : `damaged deflate data (${e.message})`,
          unverified: false,
        };
        if (sizesAfter) break;
        dataEnd = dataStart + compressedSize;
      }
    } else if (method === 0 && !sizesAfter) {
      member.content = buf.subarray(dataStart, Math.min(buf.length, dataStart + compressedSize));
      dataEnd = dataStart + compressedSize;
      if (dataEnd > buf.length) {
        member.damage = {
          message: 'the archive ends inside this member (a cut download)',
          unverified: false,
        };
        break;
      }
    } else {
      member.damage = {
        message:
          method === 0
            ? 'a stored member whose size follows its data: unreadable without the central directory'
            : `compression method ${method} is not supported`,
        unverified: false,
      };
      if (sizesAfter) break;
      dataEnd = dataStart + compressedSize;
    }
    if (sizesAfter) {
      // the data descriptor: an optional signature, the CRC, and the two sizes (4 or 8 bytes each)
      let d = dataEnd;
      if (d + 4 <= buf.length && buf.readUInt32LE(d) === DESCRIPTOR) d += 4;
      if (d + 12 > buf.length) {
        member.damage ??= {
          message: 'the archive ends inside this member (a cut download)',
          unverified: false,
        };
        break;
      }
      crc = buf.readUInt32LE(d);
      compressedSize = buf.readUInt32LE(d + 4);
      uncompressedSize = buf.readUInt32LE(d + 8);
      const next = d + 12;
      // a zip64 descriptor has 8-byte sizes: the next header tells which
      dataEnd =
        next + 8 <= buf.length &&
        buf.readUInt32LE(next) !== LOCAL &&
        buf.readUInt32LE(next + 8) === LOCAL
          ? next + 8
          : next;
      member.compressedSize = compressedSize;
      member.uncompressedSize = uncompressedSize;
    }
    if (member.content && !member.damage) {
      if (crc32(member.content) !== crc || member.content.length !== uncompressedSize >>> 0)
        member.damage = {
          message:
            crc32(member.content) !== crc
              ? 'its data fails its CRC check'
              : 'its data does not decode to the size its header gives',
          unverified: true,
        };
    }
    pos = dataEnd;
    if (pos + 4 > buf.length) break;
    const sig = buf.readUInt32LE(pos);
    if (sig === CENTRAL || sig === END) break;
    if (sig !== LOCAL) {
      // bytes between members: the next local header, if any, goes on
      pos = buf.indexOf('PK\u0003\u0004', pos, 'latin1');
    }
  }
  return { members, skippedBytes };
}
