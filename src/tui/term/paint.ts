import type { Grid, Row } from './grid.js';
import { widthIsCertain } from './grid.js';
import type { StyleTable } from './style.js';

/**
 * The bytes that turn the screen showing `prev` into `next`: cursor moves, the changed runs of
 * cells with the fewest style changes, erase-to-end-of-line for blank tails, and the terminal's
 * own scrolling (DECSTBM + index / reverse index) when most of a region moved by a few rows.
 */

export interface PaintCaps {
  /** CHA (`ESC [ n G`, column absolute): everything but a real VT100. */
  cha: boolean;
  /** DECSTBM scroll regions with IND / RI. */
  scrollRegion: boolean;
}

/** What we know about the terminal between frames: -1 is unknown. */
export interface CursorState {
  row: number;
  col: number;
  style: number;
}

export const unknownCursor = (): CursorState => ({ row: -1, col: -1, style: -1 });

const ESC = '\u001b';

class Painter {
  out = '';
  row: number;
  col: number;
  style: number;

  constructor(
    readonly styles: StyleTable,
    readonly caps: PaintCaps,
    readonly cols: number,
    readonly rows: number,
    state: CursorState,
  ) {
    this.row = state.row;
    this.col = state.col;
    this.style = state.style;
  }

  state(): CursorState {
    return { row: this.row, col: this.col, style: this.style };
  }

  setStyle(id: number): void {
    if (this.style === id) return;
    this.out +=
      this.style === -1
        ? id === 0
          ? `${ESC}[m`
          : `${ESC}[m` + this.styles.transition(0, id)
        : this.styles.transition(this.style, id);
    this.style = id;
  }

  moveTo(r: number, c: number): void {
    if (this.row === r && this.col === c) return;
    let best = cup(r, c);
    const consider = (s: string) => {
      if (s.length < best.length) best = s;
    };
    if (this.row >= 0) {
      const v =
        r === this.row ? '' : r > this.row ? csi(r - this.row, 'B') : csi(this.row - r, 'A');
      if (this.col >= 0) consider(v + horizontal(this.col, c));
      consider(v + '\r' + (c > 0 ? csi(c, 'C') : ''));
      if (r === this.row + 1 && this.row < this.rows - 1)
        consider('\r\n' + (c > 0 ? csi(c, 'C') : ''));
      if (this.caps.cha) consider(v + (c === 0 ? '\r' : csi(c + 1, 'G')));
    }
    this.out += best;
    this.row = r;
    this.col = c;
  }

  put(g: string, width: number): void {
    this.out += g;
    if (this.col >= 0) this.col += width;
    // past the last column the cursor waits to wrap, and terminals disagree on what moves it then;
    // after a grapheme whose width terminals disagree on, where the cursor went is not known
    if (this.col >= this.cols) this.col = -1;
    if (g.charCodeAt(0) > 0x7e && !widthIsCertain(g)) {
      this.row = -1;
      this.col = -1;
    }
  }

  /** The cells [from, to) of row `r`, from the cursor (placed at `from` by the caller). */
  cells(r: number, row: Row, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const g = row.ch[i]!;
      if (g === '') continue;
      // re-place the cursor after a character whose width the terminal may see differently
      if (this.col < 0) this.moveTo(r, i);
      this.setStyle(this.styleFor(g, row.st[i]!, this.style));
      this.put(g, row.ch[i + 1] === '' ? 2 : 1);
    }
  }

  /**
   * The style to draw cell `g` in when the terminal is in style `current`: a space looks the same
   * in any style with the same blank look (a coloured gap between two coloured words costs no
   * pair of style changes).
   */
  styleFor(g: string, st: number, current: number): number {
    return g === ' ' && current >= 0 && this.styles.blank(current) === st ? current : st;
  }

  /** Cost in bytes of writing the unchanged cells [from, to) instead of jumping over them; null if unsafe. */
  gapCost(row: Row, from: number, to: number): number | null {
    let cost = 0;
    let style = this.style;
    for (let i = from; i < to; i++) {
      const g = row.ch[i]!;
      if (g === '') continue;
      if (g.charCodeAt(0) > 0x7e) return null;
      const st = this.styleFor(g, row.st[i]!, style);
      if (st !== style) {
        cost += this.styles.transition(style, st).length;
        style = st;
      }
      cost += 1;
    }
    return cost;
  }
}

function csi(n: number, final: string): string {
  return n === 1 ? `${ESC}[${final}` : `${ESC}[${n}${final}`;
}

function cup(r: number, c: number): string {
  if (c === 0) return r === 0 ? `${ESC}[H` : `${ESC}[${r + 1}H`;
  return `${ESC}[${r + 1};${c + 1}H`;
}

function horizontal(from: number, to: number): string {
  if (to === from) return '';
  if (to > from) return csi(to - from, 'C');
  if (to === 0) return '\r';
  const back = csi(from - to, 'D');
  const fromStart = '\r' + csi(to, 'C');
  return back.length <= fromStart.length ? back : fromStart;
}

/** Column spans [start, end) that differ, widened so no wide character is cut in half. */
function changedSpans(a: Row, b: Row, cols: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < cols) {
    if (a.ch[i] === b.ch[i] && a.st[i] === b.st[i]) {
      i++;
      continue;
    }
    let start = i;
    let end = i + 1;
    while (end < cols && !(a.ch[end] === b.ch[end] && a.st[end] === b.st[end])) end++;
    while (start > 0 && (a.ch[start] === '' || b.ch[start] === '')) start--;
    while (end < cols && (a.ch[end] === '' || b.ch[end] === '')) end++;
    const last = spans[spans.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
    i = end;
  }
  return spans;
}

function paintRow(p: Painter, r: number, a: Row, b: Row): void {
  const cols = p.cols;
  const spans = changedSpans(a, b, cols);
  for (const [start, end] of spans) {
    if (p.row === r && p.col >= 0 && p.col < start) {
      const gap = p.gapCost(b, p.col, start);
      const jump = Math.min(csi(start - p.col, 'C').length, cup(r, start).length);
      if (gap !== null && gap <= jump) p.cells(r, b, p.col, start);
    }
    p.moveTo(r, start);
    let stop = end;
    if (end === cols) {
      // a blank tail is cheaper to erase than to write
      let k = cols;
      while (k > start && b.ch[k - 1] === ' ' && b.st[k - 1] === 0) k--;
      const eraseCost = 3 + (p.style === 0 ? 0 : 3);
      if (cols - k > eraseCost) stop = k;
    }
    p.cells(r, b, start, stop);
    if (stop < end) {
      p.moveTo(r, stop);
      p.setStyle(0);
      p.out += `${ESC}[K`;
    }
  }
}

function paintRows(p: Painter, prev: Grid, next: Grid): void {
  for (let r = 0; r < next.rows; r++) {
    const a = prev.lines[r]!;
    const b = next.lines[r]!;
    if (a === b || (a.key === b.key && a.ch.length === b.ch.length)) continue;
    paintRow(p, r, a, b);
  }
}

interface Scroll {
  /** Region rows, inclusive. */
  top: number;
  bottom: number;
  /** > 0: content moves up by `by` rows (index); < 0: down (reverse index). */
  by: number;
}

/** The shift and band of rows that saves the most row repaints, if any does. */
function findScroll(prev: Grid, next: Grid): Scroll | null {
  const rows = next.rows;
  const maxShift = Math.max(1, Math.floor(rows / 2));
  let best: Scroll | null = null;
  let bestGain = 1;
  for (let m = 1; m <= maxShift; m++) {
    for (const d of [m, -m]) {
      let r = 0;
      while (r < rows) {
        const o = r + d;
        if (o < 0 || o >= rows || next.lines[r]!.key !== prev.lines[o]!.key) {
          r++;
          continue;
        }
        const a = r;
        let gain = 0;
        while (
          r < rows &&
          r + d >= 0 &&
          r + d < rows &&
          next.lines[r]!.key === prev.lines[r + d]!.key
        ) {
          if (next.lines[r]!.key !== prev.lines[r]!.key && next.lines[r]!.key !== '') gain++;
          r++;
        }
        const b = r - 1;
        if (gain > bestGain) {
          bestGain = gain;
          best = d > 0 ? { top: a, bottom: b + d, by: d } : { top: a + d, bottom: b, by: d };
        }
      }
    }
  }
  return best;
}

function applyScroll(prev: Grid, s: Scroll, blank: Row): Grid {
  const lines = prev.lines.slice();
  if (s.by > 0) {
    for (let r = s.top; r <= s.bottom; r++)
      lines[r] = r + s.by <= s.bottom ? prev.lines[r + s.by]! : blank;
  } else {
    for (let r = s.top; r <= s.bottom; r++)
      lines[r] = r + s.by >= s.top ? prev.lines[r + s.by]! : blank;
  }
  return { ...prev, lines };
}

function emitScroll(p: Painter, s: Scroll): void {
  // lines scrolled in take the current background: make it the default
  p.setStyle(0);
  p.out += `${ESC}[${s.top + 1};${s.bottom + 1}r`;
  p.row = -1;
  p.col = -1;
  if (s.by > 0) {
    p.moveTo(s.bottom, 0);
    p.out += '\n'.repeat(s.by);
  } else {
    p.moveTo(s.top, 0);
    p.out += `${ESC}M`.repeat(-s.by);
  }
  // resetting the region homes the cursor on some terminals and not others
  p.out += `${ESC}[r`;
  p.row = -1;
  p.col = -1;
}

export interface PaintResult {
  bytes: string;
  state: CursorState;
}

/** The update from `prev` (what the terminal shows) to `next`; both the same size. */
export function paintDiff(
  prev: Grid,
  next: Grid,
  state: CursorState,
  styles: StyleTable,
  caps: PaintCaps,
  blank: Row,
): PaintResult {
  const plain = new Painter(styles, caps, next.cols, next.rows, state);
  paintRows(plain, prev, next);
  if (caps.scrollRegion) {
    const s = findScroll(prev, next);
    if (s) {
      const scrolled = new Painter(styles, caps, next.cols, next.rows, state);
      emitScroll(scrolled, s);
      paintRows(scrolled, applyScroll(prev, s, blank), next);
      if (scrolled.out.length < plain.out.length)
        return { bytes: scrolled.out, state: scrolled.state() };
    }
  }
  return { bytes: plain.out, state: plain.state() };
}

/** Clear the screen and draw `next` on it: the start, a resize, Ctrl-L, or after someone else wrote. */
export function paintFull(
  next: Grid,
  styles: StyleTable,
  caps: PaintCaps,
  blankGrid: Grid,
): PaintResult {
  const p = new Painter(styles, caps, next.cols, next.rows, unknownCursor());
  p.setStyle(0);
  // hidden again here too: whatever wrote to the terminal may have shown it
  p.out += `${ESC}[?25l${ESC}[r${ESC}[H${ESC}[2J`;
  p.row = 0;
  p.col = 0;
  paintRows(p, blankGrid, next);
  return { bytes: p.out, state: p.state() };
}
