import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TerminalWriter } from '../../../src/tui/term/writer.js';
import type { TermCaps } from '../../../src/tui/term/caps.js';
import { displayWidth } from '../../../src/util/display-width.js';
import { cells, FakeTty, feed, fullRedraw, headlessTerminal } from '../../helpers/headless-term.js';

const FULL: TermCaps = {
  colors: 0x1000000,
  attrs: 255,
  offCodes: true,
  cha: true,
  scrollRegion: true,
  sync: false,
  ascii: false,
};
// a VT100-like terminal (no CHA, no attribute-off codes), colours kept so the screens stay comparable
const PLAIN: TermCaps = { ...FULL, offCodes: false, cha: false };

const SGR = [
  '',
  '1',
  '2',
  '3',
  '4',
  '7',
  '9',
  '1;7',
  '31',
  '92',
  '38;5;208',
  '48;5;24',
  '44',
  '38;2;10;200;30',
  '4;33;41',
  '22',
  '39',
  '49',
  '27',
  '0',
];
// widths agree between displayWidth and a Unicode 11 terminal for all of these
const TEXT = [
  'a',
  'Zq',
  ' ',
  '   ',
  'é',
  'e\u0301',
  'ñ',
  'λ',
  '─',
  '│',
  '┼',
  '漢',
  '字',
  '한',
  '😀',
  '🔥',
  '🤖',
  '▁',
  '▅',
  '█',
  '…',
  '→',
  '·',
  '0123',
  '-',
  ':',
];

type Segment = { sgr: string; text: string[]; close: boolean };
type LineSpec = Segment[];

const segment = fc.record({
  sgr: fc.constantFrom(...SGR),
  text: fc.array(fc.constantFrom(...TEXT), { minLength: 0, maxLength: 8 }),
  close: fc.boolean(),
});
const lineSpec = fc.array(segment, { minLength: 0, maxLength: 6 });

/** One frame line, cut so it fits `cols` columns as ink would lay it out. */
function renderLine(spec: LineSpec, cols: number): string {
  let out = '';
  let used = 0;
  for (const seg of spec) {
    if (seg.sgr) out += `\u001b[${seg.sgr}m`;
    for (const t of seg.text) {
      const w = displayWidth(t);
      if (used + w > cols) break;
      out += t;
      used += w;
    }
    if (seg.close) out += '\u001b[0m';
  }
  return out;
}

function differences(got: string[][], want: string[][]): string[] {
  const out: string[] = [];
  want.forEach((row, y) =>
    row.forEach((c, x) => {
      if (got[y]?.[x] !== c) out.push(`${y},${x}: got ${got[y]?.[x]} want ${c}`);
    }),
  );
  return out.slice(0, 6);
}

type Step =
  | { kind: 'set'; row: number; line: number }
  | { kind: 'shift'; top: number; bottom: number; by: number }
  | { kind: 'resize'; size: number }
  | { kind: 'emit' }
  | { kind: 'redraw' };

const SIZES: Array<[number, number]> = [
  [20, 6],
  [33, 9],
  [12, 4],
  [80, 24],
];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('set' as const), row: fc.nat(30), line: fc.nat(7) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('shift' as const),
      top: fc.nat(30),
      bottom: fc.nat(30),
      by: fc.integer({ min: -4, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('resize' as const), size: fc.nat(SIZES.length - 1) }),
  },
  { weight: 4, arbitrary: fc.constant({ kind: 'emit' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'redraw' as const }) },
);

async function run(caps: TermCaps, pool: LineSpec[], steps: Step[]): Promise<void> {
  let [cols, rows] = SIZES[0]!;
  const tty = new FakeTty(cols, rows);
  const writer = new TerminalWriter(tty.asStream(), { caps });
  const term = await headlessTerminal(cols, rows);
  // the frame as indices into the pool (-1 = empty line)
  let frame: number[] = Array.from({ length: rows }, (_, i) =>
    i % 3 === 0 ? -1 : i % pool.length,
  );
  const text = () => frame.map((i) => (i < 0 ? '' : renderLine(pool[i]!, cols))).join('\n');
  try {
    for (const s of [...steps, { kind: 'emit' } as Step]) {
      if (s.kind === 'set') frame[s.row % rows] = (s.line % (pool.length + 1)) - 1;
      else if (s.kind === 'shift') {
        const top = Math.min(s.top, s.bottom) % rows;
        const bottom = Math.max(top, Math.max(s.top, s.bottom) % rows);
        const band = frame.slice(top, bottom + 1);
        const moved = band.map((_, i) => band[i + s.by] ?? -1);
        frame.splice(top, band.length, ...moved);
      } else if (s.kind === 'resize') {
        [cols, rows] = SIZES[s.size]!;
        frame = Array.from({ length: rows }, (_, i) => frame[i] ?? -1);
        tty.columns = cols;
        tty.rows = rows;
        term.resize(cols, rows);
        tty.emit('resize');
      } else if (s.kind === 'redraw') writer.redraw();
      else {
        const f = text();
        writer.sink.write(f);
        writer.flush();
        const bytes = tty.take();
        await feed(term, bytes);
        const expected = await fullRedraw(f, cols, rows);
        const diff = differences(cells(term), cells(expected));
        if (diff.length)
          throw new Error(
            `screen differs from a full redraw:\n${diff.join('\n')}\nframe ${JSON.stringify(f)}\nsent ${JSON.stringify(bytes)}`,
          );
        expected.dispose();
      }
    }
  } finally {
    writer.dispose();
    term.dispose();
  }
}

describe('terminal writer: diffs reproduce the frame on a real terminal emulator', () => {
  it('random frame sequences (styles, wide characters, emoji, scrolls, resizes) end cell for cell as a full redraw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineSpec, { minLength: 1, maxLength: 7 }),
        fc.array(step, { maxLength: 40 }),
        (pool, steps) => run(FULL, pool, steps),
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('the same on a terminal without column-absolute moves or attribute-off codes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineSpec, { minLength: 1, maxLength: 7 }),
        fc.array(step, { maxLength: 30 }),
        (pool, steps) => run(PLAIN, pool, steps),
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
