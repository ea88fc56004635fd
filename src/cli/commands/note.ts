import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, UserError } from '../exit.js';
import { safeJson } from '../safe-json.js';
import { openCase } from '../../case/open.js';
import {
  addNote,
  addTags,
  allNotes,
  eventExists,
  notesOf,
  removeTag,
  tagsOf,
} from '../../store/notes.js';
import { safeText } from '../../util/safe-text.js';
import { formatTime } from '../../domain/time.js';

interface NoteOptions {
  db?: string;
  tag?: string[];
  untag?: string[];
  list?: boolean;
  json?: boolean;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
/** Tags are words: what a filter (`tag:x`) and a column can show without quoting. */
const TAG = /^[\p{L}\p{N}_.:/-]{1,64}$/u;

/**
 * `trailscope note EVENT_ID "text" --tag T`: the responder's notes and tags, stored in the case
 * file by eventID (a rebuilt case keeps them), shown in the TUI and the report, filterable with
 * `note:` and `tag:`. The time written is the clock's: notes are the one thing here the
 * responder, not the evidence, dates.
 */
export const noteCommand: CommandSpec = {
  name: 'note',
  configure(cmd) {
    cmd
      .argument('[event-id]', 'the eventID to annotate')
      .argument('[text...]', 'the note')
      .option('--db <file>', DB_OPTION_HELP)
      .option('--tag <tag>', 'add a tag (repeatable)', collect)
      .option('--untag <tag>', 'remove a tag (repeatable)', collect)
      .option('--list', 'list every note and tag (notes whose event is gone are marked orphan)')
      .option('--json', 'print JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  trailscope note 3f0c2e1a-… "first use of the leaked key" --tag exfil\n  trailscope query tag:exfil\n  trailscope note --list --json',
      );
  },
  run(eventId: string | undefined, words: string[], opts: NoteOptions) {
    const path = resolveDbPath(opts.db).path;
    if (opts.list || eventId === undefined) {
      const db = openCase(path, 'read');
      try {
        const notes = allNotes(db);
        if (opts.json) process.stdout.write(safeJson({ notes }, 2) + '\n');
        else if (notes.length === 0) process.stdout.write('no notes\n');
        else {
          for (const n of notes) {
            const tags = n.tags.length ? ` [${n.tags.map((t) => safeText(t)).join(', ')}]` : '';
            process.stdout.write(
              `${n.writtenAt}  ${safeText(n.eventId)}${n.orphan ? ' (orphan: the event is not in this case file)' : ''}${tags}\n  ${safeText(n.text)}\n`,
            );
          }
        }
        return notes.length ? EXIT_OK : EXIT_PARTIAL;
      } finally {
        db.close();
      }
    }
    const text = words.join(' ').trim();
    const tags = opts.tag ?? [];
    const bad = [...tags, ...(opts.untag ?? [])].find((t) => !TAG.test(t));
    if (bad !== undefined)
      throw new UserError(
        `a tag is one word of letters, digits and _ . : / - (at most 64): "${safeText(bad, { max: 40 })}"`,
      );
    if (!text && tags.length === 0 && !opts.untag?.length)
      throw new UserError('give a note, --tag or --untag (or --list)');
    const db = openCase(path, 'write');
    try {
      if (!eventExists(db, eventId)) {
        process.stderr.write(
          `trailscope note: no event ${safeText(eventId, { max: 80 })} in ${safeText(path)}\n`,
        );
        return EXIT_ERROR;
      }
      const now = formatTime(Date.now());
      db.transaction(() => {
        if (text) addNote(db, eventId, text, now);
        addTags(db, eventId, tags, now);
        for (const t of opts.untag ?? []) removeTag(db, eventId, t);
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
      const out = { eventId, notes: notesOf(db, eventId), tags: tagsOf(db, eventId) };
      if (opts.json) process.stdout.write(safeJson(out, 2) + '\n');
      else
        process.stdout.write(
          `${safeText(eventId)}: ${out.notes.length} note(s)${out.tags.length ? `, tags ${out.tags.map((t) => safeText(t)).join(', ')}` : ''}\n`,
        );
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
