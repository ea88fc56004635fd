/**
 * ASCII-only drawing: for a non-UTF-8 locale (`LANG=C`, `LC_ALL=POSIX`, a Latin-1 jump host) or
 * `--ascii`. A terminal in such a locale shows a UTF-8 box corner as two or three junk characters
 * and the layout falls apart, so nothing above 0x7E may reach it.
 */

/** The locale's character set is UTF-8: the first of LC_ALL, LC_CTYPE, LANG that is set decides; none set means UTF-8. */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
  const value = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (!value) return true;
  return /utf-?8/i.test(value);
}

let ascii: boolean | null = null;

/** Set once at start-up (from `--ascii` and the locale); tests set it directly. */
export function setAsciiOnly(value: boolean): void {
  ascii = value;
}

export function asciiOnly(): boolean {
  if (ascii === null) ascii = !localeIsUtf8(process.env);
  return ascii;
}

// One column in, one column out: the layout ink computed stays valid.
const GLYPHS: Record<string, string> = {
  '…': '~',
  '⋮': ':',
  '·': '.',
  '•': '*',
  '●': '*',
  '○': 'o',
  '◆': '*',
  '◇': 'o',
  '★': '*',
  '☆': '+',
  '✖': 'x',
  '✗': 'x',
  '✓': '+',
  '✔': '+',
  '×': 'x',
  '±': '+',
  '≠': '#',
  '≤': '<',
  '≥': '>',
  '–': '-',
  '—': '-',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '›': '>',
  '‹': '<',
  '»': '>',
  '«': '<',
  '←': '<',
  '→': '>',
  '↑': '^',
  '↓': 'v',
  '↔': '-',
  '↕': '|',
  '⇒': '>',
  '⇐': '<',
  '↳': '>',
  '⏎': '<',
  '▲': '^',
  '▼': 'v',
  '◀': '<',
  '▶': '>',
  '◄': '<',
  '►': '>',
  '▸': '>',
  '▾': 'v',
  '▴': '^',
  '◂': '<',
  '░': ':',
  '▒': '%',
  '▓': '#',
  '█': '#',
};

/** The sparkline's eight bar heights in ASCII, lowest first. */
export const ASCII_LEVELS = '_.,:-=+#';
const BLOCKS = '▁▂▃▄▅▆▇█';

const HORIZONTAL = new Set([
  0x00, 0x01, 0x04, 0x05, 0x08, 0x09, 0x4c, 0x4d, 0x50, 0x74, 0x76, 0x78, 0x7a, 0x7c, 0x7e,
]);
const VERTICAL = new Set([
  0x02, 0x03, 0x06, 0x07, 0x0a, 0x0b, 0x4e, 0x4f, 0x51, 0x75, 0x77, 0x79, 0x7b, 0x7d, 0x7f,
]);

/**
 * An ASCII stand-in of the same width for one grapheme drawn on screen: box drawing becomes
 * `- | +`, bars `_.,:-=+#`, arrows `< > ^ v`; anything else unknown becomes `?` per column.
 */
export function asciiGlyph(g: string, width: number): string {
  const mapped = GLYPHS[g];
  if (mapped) return width === 2 ? mapped + ' ' : mapped;
  const cp = g.codePointAt(0)!;
  if (cp >= 0x2500 && cp <= 0x257f) {
    const low = cp - 0x2500;
    if (HORIZONTAL.has(low)) return '-';
    if (VERTICAL.has(low)) return '|';
    if (cp === 0x2571) return '/';
    if (cp === 0x2572) return '\\';
    return '+';
  }
  const level = BLOCKS.indexOf(g);
  if (level >= 0) return ASCII_LEVELS[level]!;
  return '?'.repeat(Math.max(1, width));
}

/** Evidence text for an ASCII terminal: every non-ASCII code point as `\u{...}`, readable and unambiguous. */
export function escapeNonAscii(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7e]*$/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += cp <= 0x7e ? ch : `\\u{${cp.toString(16)}}`;
  }
  return out;
}
