import type { Database } from 'better-sqlite3';
import type { AppApi } from '../shell/app-api.js';
import type { Feature } from '../shell/registry.js';
import { promptModal } from '../kit/prompt.js';
import { EVENT_DETAIL, EVENT_LIST } from '../shell/routes.js';
import { addNote, addTags, noteMarks, notesOf, tagsOf } from '../../store/notes.js';
import { eventFileVerdicts, hasVerifyResults } from '../../store/verify-results.js';
import { safeText } from '../../util/safe-text.js';
import { formatTime } from '../../domain/time.js';

/**
 * Notes and tags on events (issue: the case as a deliverable): `a` in the event list and the
 * detail writes one (`#word` in the text adds the tag `word`), the `note` column shows the first
 * note and the tags, the detail lists them with the verify verdicts of the event's files.
 */

let db: Database | null = null;
/** The column reads one row at a time: remember the visible rows' notes, drop them when one is written. */
const cache = new Map<string, string>();
const CACHE_MAX = 2000;

function noteLabel(eventId: string): string {
  const hit = cache.get(eventId);
  if (hit !== undefined) return hit;
  let label = '';
  if (db) {
    const m = noteMarks(db, [eventId]).get(eventId);
    if (m)
      label = [m.tags.length ? m.tags.map((t) => `#${t}`).join(' ') : '', m.note ?? '']
        .filter(Boolean)
        .join(' ');
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(eventId, label);
  return label;
}

/** `#word` tags in a note's text (words of letters, digits and _ . : / -). */
export function tagsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/(?:^|\s)#([\p{L}\p{N}_.:/-]{1,64})/gu)].map((m) => m[1]))];
}

function writeNote(app: AppApi): void {
  const row = app.context().selected;
  if (!row) return app.message('no event selected', 'error');
  app.openModal(
    promptModal(
      app,
      'note: ',
      '',
      (text) => {
        const t = text.trim();
        if (!t) return 'type a note (#word adds a tag), or Esc';
        const services = app.services;
        try {
          const now = formatTime(Date.now());
          services.db.transaction(() => {
            addNote(services.db, row.event_id, t, now);
            addTags(services.db, row.event_id, tagsIn(t), now);
          })();
        } catch (err) {
          const msg = (err as Error).message;
          return /readonly|read-only/i.test(msg)
            ? 'this case file is opened read-only: notes cannot be written here'
            : `note not written: ${msg}`;
        }
        cache.delete(row.event_id);
        app.message('note written (filter note:* or tag:…)');
        return null;
      },
      'Enter writes the note into the case file; #word adds a tag',
    ),
  );
}

/** Notes and tags: `a` in the event list and the detail, the `note` column, the detail section. */
export const notesFeature: Feature = {
  name: 'notes',
  commands: [
    {
      id: 'events.note',
      keys: ['a'],
      description: 'write a note on the event (#word adds a tag)',
      scope: EVENT_LIST,
      hint: 'note',
      order: 45,
      run: writeNote,
    },
    {
      id: 'event.note',
      keys: ['a'],
      description: 'write a note on the event (#word adds a tag)',
      scope: EVENT_DETAIL,
      hint: 'note',
      order: 45,
      run: writeNote,
    },
  ],
  columns: [
    {
      id: 'note',
      title: 'note',
      width: 16,
      flex: true,
      priority: 20,
      default: false,
      value: (row) => safeText(noteLabel(row.event_id)),
    },
  ],
  onOpen: (services) => {
    db = services.db;
    cache.clear();
  },
  detailSections: [
    (services, row) => {
      const notes = notesOf(services.db, row.event_id);
      const tags = tagsOf(services.db, row.event_id);
      const lines: string[] = [];
      if (tags.length) lines.push(`tags: ${tags.map((t) => safeText(t)).join(', ')}`);
      for (const n of notes) lines.push(`${n.writtenAt}  ${safeText(n.text)}`);
      if (hasVerifyResults(services.db)) {
        for (const v of eventFileVerdicts(services.db, row.id))
          lines.push(
            `file ${v.verdict}: ${safeText(v.path)}${v.digest ? ` (digest ${safeText(v.digest.split('/').pop())})` : ''}`,
          );
      }
      return lines.length ? { title: 'Notes, tags and integrity', lines } : null;
    },
  ],
};
