import { randomBytes } from 'node:crypto';

/**
 * The event IDs already stored, held in memory while a bulk load runs without the `event_id` unique
 * index (which is built once after the load): each insert into that index lands at a random place
 * of a B-tree that outgrows the page cache past a few million events, and was half of the writer's
 * insert time at 200k.
 *
 * Open addressing over a 32-bit hash of the ID and the row id holding it: 8 bytes a slot, up to
 * three quarters full, about `maxEntries` entries (checked between transactions: then the caller
 * builds the index and goes on through it). A hash says
 * "maybe": every match is confirmed against the stored row (`sameId`), so a collision, or an entry
 * whose row was rolled back and whose row id was used again, costs one look-up by row id and is
 * never taken for a duplicate.
 */
/** Row ids are held in 32 bits. */
export const MAX_ROWID = 0xffffffff;

/**
 * Slots one look-up or insert may walk. Event IDs are the evidence's, so an attacker chooses them:
 * IDs built to collide would make every insert walk (and confirm) all the others. The hash is
 * seeded per table, and a walk this long marks the table full: at the next commit the unique index
 * takes over.
 */
const MAX_PROBES = 512;

export class EventIdTable {
  private hashes: Uint32Array;
  private rowids: Uint32Array;
  private mask: number;
  private count = 0;
  private crowded = false;

  constructor(
    readonly maxEntries: number,
    initialSlots = 1 << 16,
    private readonly hash: (eventId: string) => number = seededHash(),
  ) {
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, initialSlots)));
    this.hashes = new Uint32Array(slots);
    this.rowids = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** No room for another entry: the caller goes on through the unique index. */
  get full(): boolean {
    return this.count >= this.maxEntries || this.crowded;
  }

  /** The row id holding `eventId`, confirmed by `sameId`, or 0 when it is not stored. */
  find(eventId: string, sameId: (rowid: number) => boolean): number {
    const h = this.hash(eventId);
    const mask = this.mask;
    for (let i = h & mask, n = 0; ; i = (i + 1) & mask, n++) {
      if (n === MAX_PROBES) this.crowded = true;
      const r = this.rowids[i];
      if (r === 0) return 0;
      if (this.hashes[i] === h && sameId(r)) return r;
    }
  }

  add(eventId: string, rowid: number): void {
    // the caller keeps row ids within 32 bits (event-id-index.ts): one that is not would be lost
    if (rowid > MAX_ROWID) throw new RangeError(`row id ${rowid} past the table's 32 bits`);
    if ((this.count + 1) * 4 > this.hashes.length * 3) this.grow();
    this.place(this.hash(eventId), rowid);
    this.count++;
  }

  private place(h: number, rowid: number): void {
    const mask = this.mask;
    let i = h & mask;
    while (this.rowids[i] !== 0) i = (i + 1) & mask;
    this.hashes[i] = h;
    this.rowids[i] = rowid;
  }

  private grow(): void {
    const oldH = this.hashes;
    const oldR = this.rowids;
    this.hashes = new Uint32Array(oldH.length * 2);
    this.rowids = new Uint32Array(oldR.length * 2);
    this.mask = this.hashes.length - 1;
    for (let i = 0; i < oldH.length; i++) if (oldR[i] !== 0) this.place(oldH[i], oldR[i]);
  }
}

/** `hashId` with a random seed of its own. */
function seededHash(): (eventId: string) => number {
  const seed = randomBytes(4).readUInt32LE(0);
  return (eventId) => hashId(eventId, seed);
}

/**
 * FNV-1a over the ID's UTF-16 code units from a seeded start, then a final mix so close IDs spread
 * over the table.
 */
export function hashId(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
