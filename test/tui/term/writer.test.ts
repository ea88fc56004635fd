import { afterEach, describe, expect, it } from 'vitest';
import { TerminalWriter } from '../../../src/tui/term/writer.js';
import { detectCaps, type TermCaps } from '../../../src/tui/term/caps.js';
import { cells, FakeTty, feed, fullRedraw, headlessTerminal } from '../../helpers/headless-term.js';

const XTERM: TermCaps = detectCaps({ TERM: 'xterm-256color', LANG: 'en_US.UTF-8' });

const writers: TerminalWriter[] = [];
afterEach(() => {
  for (const w of writers.splice(0)) w.dispose();
});

function setup(cols: number, rows: number, caps: TermCaps = XTERM) {
  const tty = new FakeTty(cols, rows);
  const writer = new TerminalWriter(tty.asStream(), { caps });
  writers.push(writer);
  tty.take();
  const draw = (frame: string): string => {
    writer.sink.write(frame);
    writer.flush();
    return tty.take();
  };
  return { tty, writer, draw };
}

/** A list view like the event list: header, `n` rows from `first`, the selected one inverse, a status line. */
function listFrame(cols: number, rows: number, first: number, selected: number): string {
  const lines = [`\u001b[1m${'TIME                 EVENT            USER'.padEnd(cols)}\u001b[22m`];
  for (let i = 0; i < rows - 2; i++) {
    const n = first + i;
    const text =
      `2024-04-0${(n % 9) + 1}T10:${String(n % 60).padStart(2, '0')}:00Z  AssumeRole-${n}  arn:aws:iam::123456789012:role/r${n}`
        .padEnd(cols)
        .slice(0, cols);
    lines.push(n === selected ? `\u001b[7m${text}\u001b[27m` : text);
  }
  lines.push(`row ${selected + 1} of 5000`.padEnd(cols).slice(0, cols));
  return lines.join('\n');
}

async function sameAsFullRedraw(
  bytesSoFar: string,
  frame: string,
  cols: number,
  rows: number,
): Promise<void> {
  const term = await headlessTerminal(cols, rows);
  await feed(term, bytesSoFar);
  expect(cells(term)).toEqual(cells(await fullRedraw(frame, cols, rows)));
}

describe('terminal writer', () => {
  it('a cursor move sends the two changed rows and the status, not the screen', async () => {
    for (const [cols, rows, limit] of [
      [80, 24, 300],
      [200, 50, 500],
    ] as const) {
      const { draw } = setup(cols, rows);
      const first = draw(listFrame(cols, rows, 0, 3));
      const move = draw(listFrame(cols, rows, 0, 4));
      expect(Buffer.byteLength(move)).toBeLessThanOrEqual(limit);
      await sameAsFullRedraw(first + move, listFrame(cols, rows, 0, 4), cols, rows);
    }
  });

  it('a one-row scroll uses a scroll region and sends about one row', async () => {
    const [cols, rows] = [200, 50];
    const { draw } = setup(cols, rows);
    const first = draw(listFrame(cols, rows, 0, 47));
    const scroll = draw(listFrame(cols, rows, 1, 48));
    expect(scroll).toMatch(/\u001b\[2;4\d;?r/);
    expect(Buffer.byteLength(scroll)).toBeLessThanOrEqual(1500);
    await sameAsFullRedraw(first + scroll, listFrame(cols, rows, 1, 48), cols, rows);
    const back = draw(listFrame(cols, rows, 0, 47));
    expect(back).toContain('\u001bM');
    await sameAsFullRedraw(first + scroll + back, listFrame(cols, rows, 0, 47), cols, rows);
  });

  it('a coloured row with plain gaps between its words changes colour once', async () => {
    const [cols, rows] = [80, 4];
    const { draw } = setup(cols, rows);
    // ink colours each text run and leaves the spaces between runs unstyled
    const words = ['2024-06-02', '08:24:03', 'AttachUserPolicy', 'backup-svc', 'iam'];
    const screen = (row: string) => ['', row, '', ''].join('\n');
    const selected = screen(`\u001b[7m${words.join('   ').padEnd(cols)}\u001b[27m`);
    const coloured = screen(words.map((w) => `\u001b[35m${w}\u001b[39m`).join('   '));
    // the cursor leaves the row: every cell of it changes, the gaps included
    const first = draw(selected);
    const off = draw(coloured);
    // one change into the colour, one back to default before erasing the blank tail
    expect(off.match(/\u001b\[[\d;]*m/g)).toEqual(['\u001b[0;35m', '\u001b[m']);
    await sameAsFullRedraw(first + off, coloured, cols, rows);
    // and comes back: the gaps are inverse again
    const on = draw(selected);
    await sameAsFullRedraw(first + off + on, selected, cols, rows);
  });

  it('frames made in one turn of the event loop reach the terminal as one', async () => {
    const { tty, writer } = setup(80, 24);
    writer.sink.write(listFrame(80, 24, 0, 0));
    writer.flush();
    tty.take();
    for (let i = 1; i <= 10; i++) writer.sink.write(listFrame(80, 24, 0, i));
    await new Promise((r) => setTimeout(r, 40));
    expect(writer.stats.framesIn).toBe(11);
    expect(writer.stats.framesOut).toBe(2);
    const term = await headlessTerminal(80, 24);
    await feed(term, (await redrawOf(listFrame(80, 24, 0, 0))) + tty.take());
    expect(cells(term)).toEqual(cells(await fullRedraw(listFrame(80, 24, 0, 10), 80, 24)));
  });

  it('while the terminal has not taken a frame, only the newest waits for drain', async () => {
    const tty = new FakeTty(80, 24);
    tty.write = function (this: FakeTty, d: string | Uint8Array) {
      this.writes.push(String(d));
      return false;
    };
    const writer = new TerminalWriter(tty.asStream(), { caps: XTERM });
    writers.push(writer);
    writer.sink.write(listFrame(80, 24, 0, 0));
    writer.flush();
    for (let i = 1; i <= 5; i++) {
      writer.sink.write(listFrame(80, 24, 0, i));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(writer.stats.framesOut).toBe(1);
    tty.emit('drain');
    await new Promise((r) => setTimeout(r, 40));
    expect(writer.stats.framesOut).toBe(2);
    const term = await headlessTerminal(80, 24);
    await feed(term, tty.writes.join(''));
    expect(cells(term)).toEqual(cells(await fullRedraw(listFrame(80, 24, 0, 5), 80, 24)));
  });

  it('redraws everything after someone else wrote to the terminal, on resize and on request', () => {
    const { tty, writer, draw } = setup(80, 24);
    draw(listFrame(80, 24, 0, 0));
    expect(draw(listFrame(80, 24, 0, 0))).toBe('');
    tty.asStream().write('stray console.log output\n');
    tty.take();
    expect(draw(listFrame(80, 24, 0, 0))).toContain('\u001b[2J');
    writer.redraw();
    expect(draw(listFrame(80, 24, 0, 0))).toContain('\u001b[2J');
    let seen: [number, number] | null = null;
    writer.sink.on('resize', () => (seen = [writer.sink.columns, writer.sink.rows]));
    tty.columns = 100;
    tty.rows = 30;
    tty.emit('resize');
    expect(seen).toEqual([100, 30]);
    expect(draw(listFrame(100, 30, 0, 0))).toContain('\u001b[2J');
  });

  it('evidence escape sequences in a frame never reach the terminal', () => {
    const { draw } = setup(80, 5);
    const out = draw('ua: \u001b]52;c;ZXZpbA==\u0007x \u001b[2J \u009b31m \u202eevil \u0007bell');
    expect(out).not.toContain('\u001b]');
    expect(out).not.toContain('\u0007');
    expect(out).not.toContain('\u009b');
    expect(out).not.toContain('\u202e');
    expect(out.match(/\u001b\[2J/g)).toHaveLength(1); // the writer's own clear, once
  });

  it('wraps each frame in synchronized output where the terminal supports it', () => {
    const { draw } = setup(80, 5, detectCaps({ TERM: 'xterm-kitty' }));
    const out = draw('hello');
    expect(out.startsWith('\u001b[?2026h')).toBe(true);
    expect(out.endsWith('\u001b[?2026l')).toBe(true);
  });

  it('degrades colours to 16 and to none, keeping inverse and bold', async () => {
    const frame =
      '\u001b[38;5;208mwarn\u001b[39m \u001b[38;2;0;200;0mok\u001b[39m \u001b[7msel\u001b[27m \u001b[1mbold\u001b[22m';
    const sixteen = setup(40, 2, detectCaps({ TERM: 'linux' })).draw(frame);
    expect(sixteen).not.toMatch(/38;[25];/);
    expect(sixteen).toMatch(/\u001b\[(9[0-7]|3[0-7])m/);
    const none = setup(40, 2, detectCaps({ TERM: 'xterm-256color', NO_COLOR: '1' })).draw(frame);
    expect(none).not.toMatch(/\u001b\[[0-9;]*(3[0-9]|9[0-7]|4[0-9])[;m]/);
    const term = await headlessTerminal(40, 2);
    await feed(term, none);
    const line = term.buffer.active.getLine(term.buffer.active.viewportY)!;
    expect(line.getCell(8)!.isInverse()).toBeTruthy();
    expect(line.getCell(12)!.isBold()).toBeTruthy();
  });

  it('draws ASCII only for a non-UTF-8 locale: borders, bars, arrows, emoji and accents', () => {
    const caps = detectCaps({ TERM: 'vt100', LANG: 'C' });
    const out = setup(40, 3, caps).draw('┌─ é 漢 😀 …┐\n│▁▂▃▄▅▆▇█ ↑↓ ←→ · ✖│\n└──────┘');
    expect([...Buffer.from(out)].filter((b) => b > 0x7e)).toEqual([]);
    expect(out).toContain('+- ? ?? ?? ~+');
    expect(out).toContain('|_.,:-=+# ^v <> . x|');
  });
});

async function redrawOf(frame: string): Promise<string> {
  const { draw } = setup(80, 24);
  return draw(frame);
}

describe('terminal capabilities from the environment', () => {
  it('knows the terminals met over SSH', () => {
    expect(detectCaps({ TERM: 'xterm-256color' })).toMatchObject({
      colors: 256,
      offCodes: true,
      cha: true,
      scrollRegion: true,
      sync: false,
    });
    expect(detectCaps({ TERM: 'tmux-256color' })).toMatchObject({
      colors: 256,
      scrollRegion: true,
    });
    expect(detectCaps({ TERM: 'screen' })).toMatchObject({ colors: 16 });
    expect(detectCaps({ TERM: 'linux' })).toMatchObject({ colors: 16, cha: true });
    expect(detectCaps({ TERM: 'vt100' })).toMatchObject({
      colors: 0,
      offCodes: false,
      cha: false,
      scrollRegion: true,
    });
    // all of them scroll with DECSTBM; none of them is known to take synchronized output
    for (const TERM of ['xterm-256color', 'screen', 'tmux-256color', 'linux', 'vt100'])
      expect(detectCaps({ TERM }), TERM).toMatchObject({ scrollRegion: true, sync: false });
    expect(detectCaps({ TERM: 'dumb' }).scrollRegion).toBe(false);
    expect(detectCaps({ TERM: 'xterm-kitty' }).sync).toBe(true);
    expect(detectCaps({ TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm' }).sync).toBe(true);
    expect(detectCaps({ TERM: 'xterm-256color', COLORTERM: 'truecolor' }).colors).toBe(0x1000000);
    expect(detectCaps({ TERM: 'xterm-256color', NO_COLOR: '1' }).colors).toBe(0);
    expect(detectCaps({ TERM: 'xterm-256color', NO_COLOR: '' }).colors).toBe(256);
  });

  it('reads the locale as LC_ALL > LC_CTYPE > LANG, unset meaning UTF-8', () => {
    expect(detectCaps({ TERM: 'xterm' }).ascii).toBe(false);
    expect(detectCaps({ TERM: 'xterm', LANG: 'C' }).ascii).toBe(true);
    expect(detectCaps({ TERM: 'xterm', LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' }).ascii).toBe(true);
    expect(detectCaps({ TERM: 'xterm', LC_CTYPE: 'C.UTF-8', LANG: 'C' }).ascii).toBe(false);
    expect(detectCaps({ TERM: 'xterm', LANG: 'de_DE.ISO-8859-1' }).ascii).toBe(true);
    expect(detectCaps({ TERM: 'xterm', LANG: 'en_US.utf8' }).ascii).toBe(false);
    expect(detectCaps({ TERM: 'xterm', LANG: 'en_US.UTF-8' }, { ascii: true }).ascii).toBe(true);
  });
});
