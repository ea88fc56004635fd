import { constants as zlibConstants, crc32, inflateRawSync } from 'node:zlib';

/**
 * Reading a zip archive by its local file headers, for an archive whose central directory is
 * missing or damaged (an interrupted download keeps every member before the cut, with the headers
 * in front of each). A zip reader trusts the central directory, so yauzl gives up on such a file;
 * this walks the members in order instead, as `unzip -F` / `zip -FF` do. The archive is read whole
 * (callers bound its size); each member is decoded only when it is read (`decodeLocalMember`),
 * so one member's content is in memory at a time.
 */

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const FLAG_ENCRYPTED = 0x1;
const FLAG_DESCRIPTOR = 0x8;
const ZIP64_EXTRA = 0x0001;
const SIGNATURE = Buffer.from('PK\u0003\u0004', 'latin1');

export interface LocalMember {
  /** Where the member's local header starts in the archive. */
  offset: number;
  nameRaw: Buffer;
  generalPurposeBitFlag: number;
  extraFields: { id: number; data: Buffer }[];
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc: number;
  lastModDate: Date;
  encrypted: boolean;
  /** Its data in the archive; `cut`: the archive ends inside it. */
  dataStart: number;
  dataEnd: number;
  cut: boolean;
  /** Why it cannot be read at all (its data cannot be told apart), or null. */
  unreadable: string | null;
}

export interface LocalScan {
  members: LocalMember[];
  /** Bytes before the first local header (a prefix, or junk), when there were any. */
  skippedBytes: number;
  /** Bytes passed over between members: after a member whose end could not be found, or junk. */
  passedOver: number;
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

/** A 64-bit little-endian size, or Infinity past what a Buffer can hold (a hostile header). */
function size64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

/**
 * The members of `buf` from their local headers, in order, without decoding them (a deflated
 * member whose size follows its data is inflated once to find where it ends, its output dropped).
 * A member whose end cannot be found is passed over to the next local header.
 */
export function readLocalMembers(buf: Buffer, maxOutput: number): LocalScan {
  const members: LocalMember[] = [];
  let pos = buf.indexOf(SIGNATURE);
  const skippedBytes = pos < 0 ? buf.length : pos;
  let passedOver = 0;
  while (pos >= 0 && pos + 30 <= buf.length && buf.readUInt32LE(pos) === LOCAL) {
    const flags = buf.readUInt16LE(pos + 6);
    const method = buf.readUInt16LE(pos + 8);
    const nameLen = buf.readUInt16LE(pos + 26);
    const extraLen = buf.readUInt16LE(pos + 28);
    const dataStart = pos + 30 + nameLen + extraLen;
    // a member has a name: a header without one is not a member (zeros after a signature)
    if (nameLen === 0 || dataStart > buf.length) break;
    const extraFields = extraFieldsOf(buf.subarray(pos + 30 + nameLen, dataStart));
    let compressedSize = buf.readUInt32LE(pos + 18);
    let uncompressedSize = buf.readUInt32LE(pos + 22);
    // zip64: sizes of 0xFFFFFFFF are in the extra field, uncompressed first
    const z64 = extraFields.find((e) => e.id === ZIP64_EXTRA);
    const zip64 = z64 !== undefined || compressedSize === 0xffffffff;
    if (z64) {
      let at = 0;
      if (uncompressedSize === 0xffffffff && at + 8 <= z64.data.length) {
        uncompressedSize = size64(z64.data, at);
        at += 8;
      }
      if (compressedSize === 0xffffffff && at + 8 <= z64.data.length)
        compressedSize = size64(z64.data, at);
    }
    const m: LocalMember = {
      offset: pos,
      nameRaw: buf.subarray(pos + 30, pos + 30 + nameLen),
      generalPurposeBitFlag: flags,
      extraFields,
      method,
      compressedSize,
      uncompressedSize,
      crc: buf.readUInt32LE(pos + 14),
      lastModDate: dosDate(buf.readUInt16LE(pos + 12), buf.readUInt16LE(pos + 10)),
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      dataStart,
      dataEnd: dataStart,
      cut: false,
      unreadable: null,
    };
    members.push(m);
    const sizesAfter = (flags & FLAG_DESCRIPTOR) !== 0;
    let end: number | null = null;
    if (!sizesAfter && Number.isFinite(compressedSize) && compressedSize !== 0xffffffff) {
      end = dataStart + compressedSize;
    } else if (method === 8 && !m.encrypted) {
      // the deflate stream says where it ends; its output is not kept (decoded again when read)
      try {
        const r = inflateRawSync(buf.subarray(dataStart), {
          info: true,
          maxOutputLength: Math.max(1, maxOutput),
        }) as unknown as { engine: { bytesWritten: number } };
        end = dataStart + r.engine.bytesWritten;
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/.test(e.message)) {
          end = buf.length;
          m.cut = true;
        } else
          m.unreadable =
            e.code === 'ERR_BUFFER_TOO_LARGE'
              ? `it decompresses to more than ${Math.round(maxOutput / 1048576)} MiB, too large to read without the central directory (a decompression bomb?)`
              : `damaged deflate data (${e.message}) and its size follows its data: unreadable without the central directory`;
      }
    } else {
      m.unreadable = m.encrypted
        ? 'an encrypted member whose size follows its data: unreadable without the central directory'
        : method === 0
          ? 'a stored member whose size follows its data: unreadable without the central directory'
          : `compression method ${method} is not supported`;
    }
    if (end === null) {
      // its end is unknown: go on from the next local header, if there is one
      const next = buf.indexOf(SIGNATURE, dataStart);
      m.dataEnd = next < 0 ? buf.length : next;
      passedOver += m.dataEnd - dataStart;
      pos = next;
      continue;
    }
    if (end > buf.length) {
      m.cut = true;
      end = buf.length;
    }
    m.dataEnd = end;
    if (m.cut) break;
    pos = end;
    if (sizesAfter) {
      // the data descriptor: an optional signature, the CRC, and the two sizes (8 bytes each in
      // a zip64 member)
      let d = pos;
      if (d + 4 <= buf.length && buf.readUInt32LE(d) === DESCRIPTOR) d += 4;
      const wide = zip64 ? 8 : 4;
      if (d + 4 + 2 * wide > buf.length) {
        m.cut = true;
        break;
      }
      m.crc = buf.readUInt32LE(d);
      m.compressedSize = wide === 8 ? size64(buf, d + 4) : buf.readUInt32LE(d + 4);
      m.uncompressedSize = wide === 8 ? size64(buf, d + 12) : buf.readUInt32LE(d + 8);
      pos = d + 4 + 2 * wide;
    }
    if (pos + 4 > buf.length) break;
    const sig = buf.readUInt32LE(pos);
    if (sig === CENTRAL || sig === END) break;
    if (sig !== LOCAL) {
      // bytes between members: the next local header, if any, goes on
      const next = buf.indexOf(SIGNATURE, pos);
      passedOver += (next < 0 ? buf.length : next) - pos;
      pos = next;
    }
  }
  return { members, skippedBytes, passedOver };
}

/**
 * A member's content, decoded now (up to `maxOutput` bytes), and what is wrong with it: cut by the
 * end of the archive (what decoded is kept), a failed check (kept, unverified), or unreadable.
 */
export function decodeLocalMember(
  buf: Buffer,
  m: LocalMember,
  maxOutput: number,
): { content: Buffer | null; damage: { message: string; unverified: boolean } | null } {
  if (m.unreadable) return { content: null, damage: { message: m.unreadable, unverified: false } };
  const cutDamage = {
    message: 'the archive ends inside this member (a cut download)',
    unverified: false,
  };
  const data = buf.subarray(m.dataStart, m.dataEnd);
  let content: Buffer;
  if (m.method === 0) content = data;
  else {
    try {
      content = inflateRawSync(data, {
        maxOutputLength: Math.max(1, maxOutput),
        ...(m.cut ? { finishFlush: zlibConstants.Z_SYNC_FLUSH } : {}),
      });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return {
        content: null,
        damage: {
          message:
            e.code === 'ERR_BUFFER_TOO_LARGE'
              ? `it decompresses to more than ${Math.round(maxOutput / 1048576)} MiB, too large to read without the central directory (a decompression bomb?)`
              : e.code === 'Z_BUF_ERROR' || /unexpected end of file/.test(e.message)
                ? `its data ends before its deflate stream does (damaged)`
                : `damaged deflate data (${e.message})`,
          unverified: false,
        },
      };
    }
  }
  if (m.cut) return { content, damage: cutDamage };
  if (crc32(content) >>> 0 !== m.crc >>> 0)
    return { content, damage: { message: 'its data fails its CRC check', unverified: true } };
  if (content.length !== m.uncompressedSize)
    return {
      content,
      damage: {
        message: 'its data does not decode to the size its header gives',
        unverified: true,
      },
    };
  return { content, damage: null };
}
