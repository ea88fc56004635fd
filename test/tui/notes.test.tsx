import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { renderApp, KEY, type RenderedApp } from './render-app.js';
import { tagsIn } from '../../src/tui/notes/feature.js';
import { notesOf, tagsOf } from '../../src/store/notes.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

describe('a: notes on events in the TUI', () => {
  it('reads #word tags out of a note', () => {
    expect(tagsIn('leaked key #exfil and #T1530, not a#b')).toEqual(['exfil', 'T1530']);
  });

  it('a in the list writes a note (and its #tags) on the selected event; the detail shows it', async () => {
    const db = caseFileWith([
      ctEvent({ eventID: 'n-1', eventName: 'GetObject' }),
      ctEvent({ eventID: 'n-2', eventName: 'PutObject' }),
    ]);
    app = await renderApp(db, { columns: 100, rows: 60 });
    let f = await app.press('a');
    expect(f).toContain('note:');
    for (const ch of 'staged for exfil #exfil') await app.press(ch);
    f = await app.press(KEY.enter);
    expect(f).toContain('note written');
    const id = notesOf(db, 'n-2').length ? 'n-2' : 'n-1';
    expect(notesOf(db, id).map((n) => n.text)).toEqual(['staged for exfil #exfil']);
    expect(tagsOf(db, id)).toEqual(['exfil']);
    f = await app.press(KEY.enter);
    expect(f).toContain('Notes, tags and integrity');
    expect(f).toContain('staged for exfil #exfil');
  });
});
