/**
 * Cell styles: parsed from the SGR sequences in ink's frames, degraded to what the terminal can
 * show, interned to small integers (0 = the default style) so a screen diff compares numbers, and
 * turned back into the shortest SGR sequence that goes from one style to the next.
 */

export const BOLD = 1;
export const DIM = 2;
export const ITALIC = 4;
export const UNDERLINE = 8;
export const BLINK = 16;
export const INVERSE = 32;
export const HIDDEN = 64;
export const STRIKE = 128;

/** -1 is the terminal's default colour; 0-255 the palette; RGB colours are 0x1000000 | rgb. */
export type Color = number;
const RGB = 0x1000000;

export interface Style {
  attrs: number;
  fg: Color;
  bg: Color;
}

/** What the terminal can show; everything else is dropped when a frame is parsed. */
export interface StyleCaps {
  /** 0 (no colour), 16, 256 or 16777216 (24-bit). */
  colors: number;
  /** Attribute bits the terminal shows (a VT100 has bold, underline, blink and inverse). */
  attrs: number;
  /** Whether the "attribute off" codes (22, 24, 27, 39, ...) work; else every removal resets. */
  offCodes: boolean;
}

export const FULL_STYLE_CAPS: StyleCaps = { colors: RGB, attrs: 255, offCodes: true };

const ATTR_ON: ReadonlyArray<[number, number]> = [
  [BOLD, 1],
  [DIM, 2],
  [ITALIC, 3],
  [UNDERLINE, 4],
  [BLINK, 5],
  [INVERSE, 7],
  [HIDDEN, 8],
  [STRIKE, 9],
];
const ATTR_OFF: ReadonlyArray<[number, number]> = [
  [ITALIC, 23],
  [UNDERLINE, 24],
  [BLINK, 25],
  [INVERSE, 27],
  [HIDDEN, 28],
  [STRIKE, 29],
];

/**
 * Interning table for one terminal: styles are normalised to its capabilities on the way in, and
 * transitions between two interned styles are computed once.
 */
export class StyleTable {
  private readonly byKey = new Map<string, number>();
  private readonly styles: Style[] = [];
  private readonly transitions = new Map<number, string>();

  constructor(readonly caps: StyleCaps) {
    this.intern({ attrs: 0, fg: -1, bg: -1 });
  }

  get(id: number): Style {
    return this.styles[id]!;
  }

  intern(s: Style): number {
    const attrs = s.attrs & this.caps.attrs;
    const fg = degrade(s.fg, this.caps.colors);
    const bg = degrade(s.bg, this.caps.colors);
    const key = `${attrs},${fg},${bg}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.styles.length;
      this.styles.push({ attrs, fg, bg });
      this.byKey.set(key, id);
    }
    return id;
  }

  /**
   * The style a blank cell shows: on a space only the background, inverse video, underline and
   * strike-through are visible, so a bold space and a plain one need not be redrawn for each other.
   */
  blank(id: number): number {
    const s = this.styles[id]!;
    if (s.attrs & (INVERSE | UNDERLINE | STRIKE)) return id;
    if (s.attrs === 0 && s.fg === -1) return id;
    return this.intern({ attrs: 0, fg: -1, bg: s.bg });
  }

  /** The SGR sequence from style `from` to style `to` ('' when equal). */
  transition(from: number, to: number): string {
    if (from === to) return '';
    const k = from * 65536 + to;
    let seq = this.transitions.get(k);
    if (seq === undefined) {
      seq = this.computeTransition(this.styles[from]!, this.styles[to]!);
      this.transitions.set(k, seq);
    }
    return seq;
  }

  private computeTransition(a: Style, b: Style): string {
    if (b.attrs === 0 && b.fg === -1 && b.bg === -1) return '\u001b[m';
    const reset: string[] = ['0'];
    for (const [bit, code] of ATTR_ON) if (b.attrs & bit) reset.push(String(code));
    if (b.fg !== -1) reset.push(colorCode(b.fg, false));
    if (b.bg !== -1) reset.push(colorCode(b.bg, true));
    if (!this.caps.offCodes) return `\u001b[${reset.join(';')}m`;

    const inc: string[] = [];
    let on = b.attrs & ~a.attrs;
    const off = a.attrs & ~b.attrs;
    // 22 clears bold and dim together: put back the one that stays
    if (off & (BOLD | DIM)) {
      inc.push('22');
      on |= b.attrs & (BOLD | DIM);
    }
    for (const [bit, code] of ATTR_OFF) if (off & bit) inc.push(String(code));
    for (const [bit, code] of ATTR_ON) if (on & bit) inc.push(String(code));
    if (a.fg !== b.fg) inc.push(b.fg === -1 ? '39' : colorCode(b.fg, false));
    if (a.bg !== b.bg) inc.push(b.bg === -1 ? '49' : colorCode(b.bg, true));
    const best = inc.join(';').length <= reset.join(';').length ? inc : reset;
    return `\u001b[${best.join(';')}m`;
  }
}

function colorCode(c: Color, bg: boolean): string {
  if (c >= RGB) {
    const v = c - RGB;
    return `${bg ? 48 : 38};2;${(v >> 16) & 255};${(v >> 8) & 255};${v & 255}`;
  }
  if (c < 8) return String((bg ? 40 : 30) + c);
  if (c < 16) return String((bg ? 100 : 90) + c - 8);
  return `${bg ? 48 : 38};5;${c}`;
}

/** Apply one SGR parameter list (the text between `ESC [` and `m`) to a style, in place. */
export function applySgr(s: Style, params: string): void {
  const p = params === '' ? [0] : params.split(/[;:]/).map((x) => (x === '' ? 0 : Number(x)));
  for (let i = 0; i < p.length; i++) {
    const n = p[i]!;
    if (n === 0) {
      s.attrs = 0;
      s.fg = -1;
      s.bg = -1;
    } else if (n === 1) s.attrs |= BOLD;
    else if (n === 2) s.attrs |= DIM;
    else if (n === 3) s.attrs |= ITALIC;
    else if (n === 4) s.attrs |= UNDERLINE;
    else if (n === 5 || n === 6) s.attrs |= BLINK;
    else if (n === 7) s.attrs |= INVERSE;
    else if (n === 8) s.attrs |= HIDDEN;
    else if (n === 9) s.attrs |= STRIKE;
    else if (n === 22) s.attrs &= ~(BOLD | DIM);
    else if (n === 23) s.attrs &= ~ITALIC;
    else if (n === 24) s.attrs &= ~UNDERLINE;
    else if (n === 25) s.attrs &= ~BLINK;
    else if (n === 27) s.attrs &= ~INVERSE;
    else if (n === 28) s.attrs &= ~HIDDEN;
    else if (n === 29) s.attrs &= ~STRIKE;
    else if (n >= 30 && n <= 37) s.fg = n - 30;
    else if (n === 39) s.fg = -1;
    else if (n >= 40 && n <= 47) s.bg = n - 40;
    else if (n === 49) s.bg = -1;
    else if (n >= 90 && n <= 97) s.fg = n - 90 + 8;
    else if (n >= 100 && n <= 107) s.bg = n - 100 + 8;
    else if (n === 38 || n === 48) {
      let c: Color | null = null;
      if (p[i + 1] === 5 && i + 2 < p.length) {
        c = Math.min(255, Math.max(0, p[i + 2]!));
        i += 2;
      } else if (p[i + 1] === 2 && i + 4 < p.length) {
        const [r, g, b] = [p[i + 2]!, p[i + 3]!, p[i + 4]!].map((v) =>
          Math.min(255, Math.max(0, v | 0)),
        );
        c = RGB + ((r! << 16) | (g! << 8) | b!);
        i += 4;
      } else {
        i = p.length; // malformed: ignore the rest rather than misread it
      }
      if (c !== null) {
        if (n === 38) s.fg = c;
        else s.bg = c;
      }
    }
  }
}

// The xterm palette, for mapping 256 and 24-bit colours down.
function paletteRgb(i: number): [number, number, number] {
  if (i < 16) {
    const base: Array<[number, number, number]> = [
      [0, 0, 0],
      [205, 0, 0],
      [0, 205, 0],
      [205, 205, 0],
      [0, 0, 238],
      [205, 0, 205],
      [0, 205, 205],
      [229, 229, 229],
      [127, 127, 127],
      [255, 0, 0],
      [0, 255, 0],
      [255, 255, 0],
      [92, 92, 255],
      [255, 0, 255],
      [0, 255, 255],
      [255, 255, 255],
    ];
    return base[i]!;
  }
  if (i < 232) {
    const v = i - 16;
    const lv = (x: number) => (x === 0 ? 0 : 55 + x * 40);
    return [lv(Math.floor(v / 36)), lv(Math.floor(v / 6) % 6), lv(v % 6)];
  }
  const g = 8 + (i - 232) * 10;
  return [g, g, g];
}

function nearest(rgb: [number, number, number], from: number, to: number): number {
  let best = from;
  let bestD = Infinity;
  for (let i = from; i < to; i++) {
    const [r, g, b] = paletteRgb(i);
    const d = (r - rgb[0]) ** 2 + (g - rgb[1]) ** 2 + (b - rgb[2]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export function degrade(c: Color, colors: number): Color {
  if (c === -1) return -1;
  if (colors === 0) return -1;
  if (c >= RGB) {
    if (colors >= RGB) return c;
    const v = c - RGB;
    const rgb: [number, number, number] = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    return colors >= 256 ? nearest(rgb, 16, 256) : nearest(rgb, 0, 16);
  }
  if (c < 16 || colors >= 256) return c;
  return nearest(paletteRgb(c), 0, 16);
}
