import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache.js';

/** The responder's notes and tags on events (migration 6). Keyed by eventID. */
export interface Note {
  id: number;
  eventId: string;
  text: string;
  writtenAt: string;
}

export function addNote(db: Database, eventId: string, text: string, writtenAt: string): number {
  return Number(
    cachedStatement(db, 'INSERT INTO notes(event_id, text, written_at) VALUES(?, ?, ?)').run(
      eventId,
      text,
      writtenAt,
    ).lastInsertRowid,
  );
}

export function addTags(
  db: Database,
  eventId: string,
  tags: readonly string[],
  writtenAt: string,
): void {
  const st = cachedStatement(
    db,
    'INSERT OR IGNORE INTO tags(event_id, tag, written_at) VALUES(?, ?, ?)',
  );
  for (const t of tags) st.run(eventId, t, writtenAt);
}

export function removeTag(db: Database, eventId: string, tag: string): boolean {
  return (
    cachedStatement(db, 'DELETE FROM tags WHERE event_id = ? AND tag = ?').run(eventId, tag)
      .changes > 0
  );
}

export function notesOf(db: Database, eventId: string): Note[] {
  return cachedStatement(
    db,
    'SELECT id, event_id AS eventId, text, written_at AS writtenAt FROM notes WHERE event_id = ? ORDER BY id',
  ).all(eventId) as Note[];
}

export function tagsOf(db: Database, eventId: string): string[] {
  return cachedStatement(db, 'SELECT tag FROM tags WHERE event_id = ? ORDER BY tag')
    .pluck()
    .all(eventId) as string[];
}

/** Event IDs with a note or a tag, with the first note (for list columns), for a page of rows. */
export function noteMarks(
  db: Database,
  eventIds: readonly string[],
): Map<string, { note: string | null; tags: string[] }> {
  const out = new Map<string, { note: string | null; tags: string[] }>();
  if (eventIds.length === 0) return out;
  const marks = eventIds.map(() => '?').join(',');
  for (const r of db
    .prepare(
      `SELECT event_id, min(text) AS text FROM notes WHERE event_id IN (${marks}) GROUP BY event_id`,
    )
    .all(...eventIds) as { event_id: string; text: string }[]) {
    out.set(r.event_id, { note: r.text, tags: [] });
  }
  for (const r of db
    .prepare(`SELECT event_id, tag FROM tags WHERE event_id IN (${marks}) ORDER BY tag`)
    .all(...eventIds) as { event_id: string; tag: string }[]) {
    const m = out.get(r.event_id) ?? { note: null, tags: [] };
    m.tags.push(r.tag);
    out.set(r.event_id, m);
  }
  return out;
}

/** Every note, oldest first, with whether its event is in the case (orphans are kept, never dropped). */
export function allNotes(db: Database): (Note & { orphan: boolean; tags: string[] })[] {
  const rows = db
    .prepare(
      `SELECT n.id, n.event_id AS eventId, n.text, n.written_at AS writtenAt,
            NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = n.event_id) AS orphan
     FROM notes n ORDER BY n.id`,
    )
    .all() as (Note & { orphan: number })[];
  return rows.map((r) => ({ ...r, orphan: !!r.orphan, tags: tagsOf(db, r.eventId) }));
}

export function eventExists(db: Database, eventId: string): boolean {
  return cachedStatement(db, 'SELECT 1 FROM events WHERE event_id = ?').get(eventId) !== undefined;
}
