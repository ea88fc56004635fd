import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { renderApp, KEY, type RenderedApp } from './render-app.js';
import { displayWidth } from '../../src/util/display-width.js';
import { feed, headlessTerminal } from '../helpers/headless-term.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
/** A source IP as an attacker writes it: a `/` (so an unquoted `ip:` reads it as a CIDR) and a clipboard write. */
const EVIL_IP = `1.2.3.4/${OSC52}`;

/** The frame without ink's own colour codes: what is left must hold no escape, bell or C1 control. */
function assertInert(frame: string): void {
  const text = frame.replace(/\u001b\[[0-9;]*m/g, '');
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
}

describe('filter errors quoting evidence are drawn inert', () => {
  it('a filter built from a hostile IP that fails to compile: the list header and the filter bar show the error escaped', async () => {
    const db = caseFileWith([ctEvent({ sourceIPAddress: EVIL_IP }), ctEvent()]);
    app = await renderApp(db, { columns: 120, rows: 24 }, `ip:${EVIL_IP}`);
    let f = app.frame();
    assertInert(f);
    expect(f).toContain('✖');
    expect(f).toContain('\\e]52;c;ZXZpbA==\\x07');
    // f edits the failing filter: the bar shows it, and Enter shows the compile error under it
    f = await app.press('f');
    assertInert(f);
    f = await app.press(KEY.enter);
    assertInert(f);
    expect(f).toMatch(/✖ .*not a valid CIDR/);
    expect(f).toContain('\\e]52;c;ZXZpbA==\\x07');
  });

  it('the caret stays under the mistake when wide or escaped characters come before it', async () => {
    app = await renderApp(caseFileWith([ctEvent()]), { columns: 120, rows: 24 });
    await app.press('f');
    const f = await app.press('name:日本\u200b nme:x', KEY.enter);
    assertInert(f);
    const lines = f.split('\n');
    const input = lines.findIndex((l) => l.includes('filter: name:日本'));
    expect(input).toBeGreaterThanOrEqual(0);
    const caretLine = lines[input + 1]!.replace(/\u001b\[[0-9;]*m/g, '');
    const inputLine = lines[input]!.replace(/\u001b\[[0-9;]*m/g, '');
    const col = displayWidth(inputLine.slice(0, inputLine.indexOf('nme')));
    expect(caretLine.indexOf('^')).toBe(col);
    expect(caretLine.trim()).toBe('^^^');
  });
});

describe('emoji and wide text never make a row wrap', () => {
  it('a frame full of emoji, ZWJ sequences, skin tones, flags and Indic conjuncts is exactly its rows on a Unicode 11 terminal', async () => {
    const names = [
      '🫠melt',
      '👨‍👩‍👧‍👦family',
      '👍🏽ok',
      '🇺🇸🇩🇪',
      '❤️‍🔥',
      'नमस्ते',
      '日本語ユーザー',
      'ad\u{E0061}min',
      '1️⃣2️⃣',
      '🏴󠁧󠁢󠁥󠁮󠁧󠁿',
    ];
    const recs = names.flatMap((n, i) => [
      ctEvent({
        userIdentity: {
          type: 'IAMUser',
          arn: `arn:aws:iam::111122223333:user/${n}`,
          userName: n,
          accountId: '111122223333',
        },
        userAgent: `${n} ${n} ${n}`,
        eventName: `Get${i}${n}`,
      }),
    ]);
    for (const columns of [80, 100]) {
      app = await renderApp(caseFileWith(recs), { columns, rows: 24 });
      for (const keys of [[], [KEY.enter]]) {
        const f = await app.press(...keys);
        const lines = f.split('\n');
        expect(lines.length).toBeLessThanOrEqual(23);
        const term = await headlessTerminal(columns, 40);
        await feed(term, '\u001b[H' + lines.join('\r\n'));
        // every line fits: the cursor ends on the last line's row, nothing wrapped onto extra rows
        expect(term.buffer.active.cursorY, f).toBe(lines.length - 1);
        for (const l of lines)
          expect(displayWidth(l.replace(/\u001b\[[0-9;]*m/g, ''))).toBeLessThanOrEqual(columns);
      }
      app.unmount();
      app = undefined;
    }
  }, 60_000);
});
