import { displayWidth } from '../../util/display-width.js';
import { applySgr, StyleTable, type Style } from './style.js';
import { asciiGlyph } from './charset.js';

/**
 * A screen as cells. `ch[i]` is the grapheme drawn at column i ('' for the right half of a wide
 * character), `st[i]` its interned style. Rows are immutable once built, so an unchanged line of
 * the next frame reuses the previous frame's row and compares equal by identity.
 */
export interface Row {
  /** The frame line it came from: equal keys mean equal cells. */
  readonly key: string;
  readonly ch: readonly string[];
  readonly st: Uint32Array;
}

export interface Grid {
  readonly cols: number;
  readonly rows: number;
  readonly lines: readonly Row[];
}

export interface GridOptions {
  ascii: boolean;
}

// Characters no frame may carry to the terminal: C0/C1 controls, DEL, bidi controls.
// eslint-disable-next-line no-control-regex
const DROP = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let segmenter: Intl.Segmenter | null = null;
function graphemes(s: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const out: string[] = [];
  for (const seg of segmenter.segment(s)) out.push(seg.segment);
  return out;
}

/**
 * Whether every terminal agrees on this grapheme's width, so the cursor position after it can be
 * trusted: one code point, Latin/Greek/Cyrillic and common symbols, box drawing, or CJK.
 */
export function widthIsCertain(g: string): boolean {
  const cp = g.codePointAt(0)!;
  if (g.length > (cp > 0xffff ? 2 : 1)) return false;
  return (
    cp < 0x1100 ||
    (cp >= 0x2010 && cp <= 0x2027) ||
    (cp >= 0x2190 && cp <= 0x21ff) ||
    (cp >= 0x2500 && cp <= 0x259f) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7a3)
  );
}

/** Parses frames for one terminal size and style table; remembers the last frame's rows by line. */
export class GridParser {
  private cache = new Map<string, Row>();

  constructor(
    private readonly styles: StyleTable,
    private readonly opts: GridOptions,
  ) {}

  blank(cols: number, rows: number): Grid {
    const row = this.parseLine('', cols);
    return { cols, rows, lines: Array.from({ length: rows }, () => row) };
  }

  parse(frame: string, cols: number, rows: number): Grid {
    const text = frame.endsWith('\n') ? frame.slice(0, -1) : frame;
    const src = text === '' ? [] : text.split('\n');
    const next = new Map<string, Row>();
    const lines: Row[] = [];
    for (let r = 0; r < rows; r++) {
      const line = src[r] ?? '';
      let row = next.get(line) ?? this.cache.get(line);
      if (!row || row.ch.length !== cols) row = this.parseLine(line, cols);
      next.set(line, row);
      lines.push(row);
    }
    this.cache = next;
    return { cols, rows, lines };
  }

  /** One frame line to cells. Styles start from the default on every line, as ink writes them. */
  parseLine(line: string, cols: number): Row {
    const ch: string[] = [];
    const st: number[] = [];
    const style: Style = { attrs: 0, fg: -1, bg: -1 };
    let cur = 0;
    const styles = this.styles;
    const ascii = this.opts.ascii;
    const push = (g: string, w: number) => {
      const id = g === ' ' ? styles.blank(cur) : cur;
      if (ascii && w > 0 && g.charCodeAt(0) > 0x7e) {
        const sub = asciiGlyph(g, w);
        for (let k = 0; k < sub.length && ch.length < cols; k++) {
          ch.push(sub[k]!);
          st.push(sub[k] === ' ' ? styles.blank(cur) : id);
        }
        return;
      }
      ch.push(g);
      st.push(id);
      if (w === 2) {
        ch.push('');
        st.push(id);
      }
    };
    let i = 0;
    const n = line.length;
    let full = false;
    while (i < n && !full) {
      const c = line.charCodeAt(i);
      if (c === 0x1b) {
        i = this.skipEscape(line, i, style);
        cur = styles.intern(style);
        continue;
      }
      if (c >= 0x20 && c < 0x7f) {
        if (ch.length >= cols) break;
        push(line[i]!, 1);
        i++;
        continue;
      }
      if (c < 0x20 || c === 0x7f) {
        i++;
        continue;
      }
      // a run of non-ASCII text, cut into graphemes
      let j = i + 1;
      while (j < n) {
        const d = line.charCodeAt(j);
        if (d < 0x7f) break;
        j++;
      }
      for (const g of graphemes(line.slice(i, j))) {
        if (DROP.test(g)) continue;
        const w = Math.min(2, displayWidth(g));
        if (w === 0) {
          // a combining mark or joiner after an ASCII letter belongs to that letter's cell
          const last = ch.length - 1;
          if (last >= 0 && ch[last] !== '' && !ascii) {
            ch[last] += g;
          }
          continue;
        }
        if (ch.length + w > cols) {
          while (ch.length < cols) push(' ', 1);
          full = true;
          break;
        }
        push(g, w);
      }
      i = j;
    }
    while (ch.length < cols) {
      ch.push(' ');
      st.push(0);
    }
    return { key: line, ch, st: Uint32Array.from(st) };
  }

  /** Skip one escape sequence starting at `i`; SGR sequences update `style`, all others are dropped. */
  private skipEscape(line: string, i: number, style: Style): number {
    const n = line.length;
    const kind = line[i + 1];
    if (kind === '[') {
      let j = i + 2;
      while (j < n) {
        const d = line.charCodeAt(j);
        if (d >= 0x40 && d <= 0x7e) break;
        j++;
      }
      if (j < n && line[j] === 'm') {
        const params = line.slice(i + 2, j);
        if (/^[0-9;:]*$/.test(params)) applySgr(style, params);
      }
      return j + 1;
    }
    if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') {
      // string sequences (OSC, DCS, APC, PM) end at BEL or ST
      let j = i + 2;
      while (j < n) {
        if (line.charCodeAt(j) === 0x07) return j + 1;
        if (line.charCodeAt(j) === 0x1b && line[j + 1] === '\\') return j + 2;
        j++;
      }
      return n;
    }
    return Math.min(n, i + 2);
  }
}
