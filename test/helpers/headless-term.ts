import { EventEmitter } from 'node:events';
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';

const { Terminal } = xtermHeadless;
const { Unicode11Addon } = unicode11 as unknown as { Unicode11Addon: new () => unknown };

export type HeadlessTerminal = InstanceType<typeof Terminal>;

/** A headless xterm measuring widths as Unicode 11 does, on its alternate screen like the TUI. */
export async function headlessTerminal(cols: number, rows: number): Promise<HeadlessTerminal> {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  term.loadAddon(new Unicode11Addon() as never);
  term.unicode.activeVersion = '11';
  await feed(term, '\u001b[?1049h');
  return term;
}

export function feed(term: HeadlessTerminal, data: string): Promise<void> {
  return new Promise((r) => term.write(data, () => r()));
}

/**
 * The visible screen, cell for cell: character, width and the attributes that show. On a blank
 * cell only background, inverse, underline and strike-through can be seen.
 */
export function cells(term: HeadlessTerminal): string[][] {
  const b = term.buffer.active;
  const out: string[][] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = b.getLine(b.viewportY + y)!;
    const row: string[] = [];
    for (let x = 0; x < term.cols; x++) {
      const c = line.getCell(x)!;
      const chars = c.getChars();
      const w = c.getWidth();
      if (w === 0) {
        row.push('<wide>');
        continue;
      }
      const bg = `${c.getBgColorMode()}:${c.getBgColor()}`;
      const fg = `${c.getFgColorMode()}:${c.getFgColor()}`;
      const inv = c.isInverse() ? 'I' : '';
      const und = c.isUnderline() ? 'U' : '';
      const strike = c.isStrikethrough() ? 'S' : '';
      if (chars === '' || chars === ' ') {
        row.push(inv || und || strike ? ` ${fg} ${bg} ${inv}${und}${strike}` : ` ${bg}`);
        continue;
      }
      const attrs = `${c.isBold() ? 'B' : ''}${c.isDim() ? 'D' : ''}${c.isItalic() ? 'T' : ''}${und}${c.isBlink() ? 'K' : ''}${inv}${c.isInvisible() ? 'H' : ''}${strike}`;
      row.push(`${chars}/${w} ${fg} ${bg} ${attrs}`);
    }
    out.push(row);
  }
  return out;
}

/** The reference: a fresh terminal that is simply handed the frame, line by line. */
export async function fullRedraw(
  frame: string,
  cols: number,
  rows: number,
): Promise<HeadlessTerminal> {
  const term = await headlessTerminal(cols, rows);
  const lines = frame.split('\n').slice(0, rows);
  await feed(
    term,
    '\u001b[H\u001b[2J' + lines.map((l, i) => `\u001b[${i + 1};1H${l}\u001b[0m`).join(''),
  );
  return term;
}

/** A stand-in for process.stdout: a size, 'resize' events, and every write kept. */
export class FakeTty extends EventEmitter {
  writes: string[] = [];
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(data: string | Uint8Array): boolean {
    this.writes.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    return true;
  }
  take(): string {
    const s = this.writes.join('');
    this.writes = [];
    return s;
  }
  asStream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }
}
