import type { Database } from 'better-sqlite3';
import type { EventRow } from './event-row.js';
import { decodeRawChunk } from './event-writer.js';
import { evidenceContent } from './evidence.js';
import { jsonValueEnd } from '../util/json-value-end.js';

/**
 * Decoded raw chunks kept. An export in time order walks events of every file delivered in the same
 * minutes at once: 64 chunks made the 1M-event JSONL export decompress per event (4k ev/s against
 * 134k ev/s with 256).
 */
const CHUNK_CACHE_MAX = 256;
/**
 * Decoded file contents kept (records located in the evidence bytes): by bytes, since a delivery
 * file's content is a few KB to a few MB. Readers visit records grouped by file (storage order,
 * time order), and a file decodes in about a millisecond, so a small cache is enough; it counts
 * against the index run's memory bound (afterIndex reads records through it).
 */
const CONTENT_CACHE_BYTES = 32 * 1024 * 1024;

export interface Provenance {
  file_id: number;
  path: string;
  record_index: number;
  shape: string | null;
}

export class EventReader {
  private readonly byRowid;
  private readonly byEventId;
  private readonly chunk;
  private readonly prov;
  private readonly variants;
  private readonly cache = new Map<number, string[]>();
  private readonly contents = new Map<number, Buffer>();
  private contentBytes = 0;

  /** `contentCacheBytes`: a reader that visits records in storage order needs a file or two kept. */
  constructor(
    private readonly db: Database,
    private readonly contentCacheBytes = CONTENT_CACHE_BYTES,
  ) {
    this.byRowid = db.prepare('SELECT * FROM events_v WHERE id = ?');
    this.byEventId = db.prepare('SELECT * FROM events_v WHERE event_id = ?');
    this.chunk = db.prepare('SELECT data FROM raw_chunks WHERE id = ?').pluck();
    this.variants = db.prepare(
      `SELECT f.path, v.record_index, v.raw_chunk, v.raw_index, v.same_values FROM event_variants v
       JOIN files f ON f.id = v.file_id WHERE v.event_rowid = ? ORDER BY f.path, v.record_index`,
    );
    this.prov = db.prepare(
      `SELECT p.file_id, f.path, p.record_index, f.shape FROM provenance p JOIN files f ON f.id = p.file_id
       WHERE p.event_rowid = ? ORDER BY f.path, p.record_index`,
    );
  }

  row(rowid: number): EventRow | undefined {
    return this.byRowid.get(rowid) as EventRow | undefined;
  }

  rowByEventId(eventId: string): EventRow | undefined {
    return this.byEventId.get(eventId) as EventRow | undefined;
  }

  /** The original record's JSON text, from the case file (not from the evidence folder). */
  rawText(row: Pick<EventRow, 'raw_chunk' | 'raw_index'>): string {
    if (row.raw_chunk < 0) return this.locatedText(-row.raw_chunk, row.raw_index);
    let records = this.cache.get(row.raw_chunk);
    if (records) {
      this.cache.delete(row.raw_chunk);
    } else {
      const data = this.chunk.get(row.raw_chunk) as Buffer | undefined;
      if (!data) throw new Error(`raw chunk ${row.raw_chunk} missing from the case file`);
      records = decodeRawChunk(data);
      if (this.cache.size >= CHUNK_CACHE_MAX) {
        const oldest = this.cache.keys().next().value as number;
        this.cache.delete(oldest);
      }
    }
    this.cache.set(row.raw_chunk, records);
    const text = records[row.raw_index];
    if (text === undefined)
      throw new Error(`record ${row.raw_index} missing from raw chunk ${row.raw_chunk}`);
    return text;
  }

  /** A record located in a file's kept evidence bytes: the JSON value at `offset` in its content. */
  private locatedText(fileId: number, offset: number): string {
    let content = this.contents.get(fileId);
    if (content) {
      this.contents.delete(fileId);
    } else {
      content = evidenceContent(this.db, fileId) ?? undefined;
      if (!content) throw new Error(`evidence bytes of file ${fileId} missing from the case file`);
      this.contentBytes += content.length;
      for (const [id, c] of this.contents) {
        if (this.contentBytes <= this.contentCacheBytes) break;
        this.contents.delete(id);
        this.contentBytes -= c.length;
      }
    }
    this.contents.set(fileId, content);
    const end = jsonValueEnd(content, offset);
    if (end < 0) throw new Error(`no record at byte ${offset} of file ${fileId}'s content`);
    return content.toString('utf8', offset, end);
  }

  rawRecord(row: Pick<EventRow, 'raw_chunk' | 'raw_index'>): Record<string, unknown> {
    return JSON.parse(this.rawText(row)) as Record<string, unknown>;
  }

  /**
   * Copies of the event that differ byte for byte from the stored one (read from another delivered
   * file; both kept, see migration 10), each with its file and its record's text.
   */
  /**
   * Other copies of the event whose bytes differ from the stored one; `sameValues`: compared and
   * found to hold the same fields and values (only written differently), null when not yet compared.
   */
  differingCopies(
    rowid: number,
  ): { path: string; record_index: number; text: string; sameValues: boolean | null }[] {
    const rows = this.variants.all(rowid) as {
      path: string;
      record_index: number;
      raw_chunk: number;
      raw_index: number;
      same_values: number | null;
    }[];
    return rows.map((r) => ({
      path: r.path,
      record_index: r.record_index,
      text: this.rawText(r),
      sameValues: r.same_values === null ? null : r.same_values === 1,
    }));
  }

  provenance(rowid: number): Provenance[] {
    return this.prov.all(rowid) as Provenance[];
  }
}
