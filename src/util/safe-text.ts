import { CLUSTER_FORMING, codePointColumns, displayWidth } from './display-width.js';

/**
 * Evidence strings are attacker-controlled. Before anything reaches a terminal, every code point
 * that could act on the terminal or that draws as nothing (or as a plain blank) becomes a visible
 * escape, so a crafted userAgent cannot move the cursor, set the clipboard (OSC 52), ring the bell
 * or reorder text, and two values that differ never look the same (`ad<U+E0061>min` vs `admin`).
 *
 * Escaped (Unicode properties, so the sets follow Node's Unicode version):
 * - controls `\p{Cc}` (C0, DEL, C1), format characters `\p{Cf}` (bidi marks and overrides, soft
 *   hyphen, zero-width space and joiners, word joiner, BOM, tag characters, interlinear
 *   annotation, Arabic number signs…), line and paragraph separators `\p{Zl}` `\p{Zp}`;
 * - every `\p{Default_Ignorable_Code_Point}` (U+034F, Hangul fillers U+115F/U+1160/U+3164/U+FFA0,
 *   U+17B4/5, Mongolian selectors, variation selectors U+FE00–FE0F and U+E0100–E01EF, U+FFF0–FFF8,
 *   U+1BCA0–1BCA3, U+1D173–1D17A, the whole U+E0000–E0FFF block…);
 * - spaces other than U+0020 (`\p{Zs}`: no-break, em, ideographic…) and U+2800 (braille blank),
 *   which draw as a plain blank;
 * - lone surrogates `\p{Cs}`, private use `\p{Co}` and unassigned code points `\p{Cn}` (a terminal
 *   draws them as anything, often nothing);
 * - emoji skin-tone modifiers `\p{Emoji_Modifier}`: terminals disagree on whether 👍🏽 takes 2
 *   columns or 4, and a row measured short wraps.
 * Variation selector 16 is escaped after an emoji too: `❤️` shows as `❤\u{fe0f}`. Keeping it would
 * make `❤` and `❤️` look equal on terminals that ignore it, and terminals disagree on its width;
 * for the same reasons the zero-width joiner inside emoji sequences is shown (`👨\u{200d}👩`), as are
 * the tag characters of subdivision flags.
 *
 * Form of an escape: `\e` `\n` `\r` `\t`, `\xNN` up to U+00FF, else `\u{N}`. A backslash in the
 * value is doubled where it would otherwise read as the start of one of these (`\\e`, `\\x41`,
 * `\\u{`, `\\\\`; `\\xAB` too, as the filter reader takes hex of either case), and only there, so Windows paths mostly read as they are and the mapping stays
 * one-to-one: two different values never give the same text (before any `max` cut).
 *
 * Then, grapheme clusters that a terminal drawing code point by code point would draw wider than
 * they measure (string-width, as ink) keep their first code point and show the rest as escapes.
 * Not changed: combining marks on a base (scripts need them), so canonically equivalent spellings
 * (`e` + U+0301 vs `é`) and look-alike letters from other scripts (Cyrillic `а`) still look alike.
 */

const UNSAFE_CLASS = String.raw`\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\p{Emoji_Modifier}\u2800`;
const OTHER_SPACE = String.raw`(?!\x20)\p{Zs}`;
const UNSAFE_ATOM = `(?:[${UNSAFE_CLASS}]|${OTHER_SPACE})`;
const ANY_UNSAFE = new RegExp(UNSAFE_ATOM, 'u');
const UNSAFE_ATOM_KEEP_NEWLINE = `(?:(?!\\n)[${UNSAFE_CLASS}]|${OTHER_SPACE})`;
const ESCAPE_AHEAD = String.raw`[\\enrt]|x[0-9a-fA-F]{2}|u\{`;
/** One pass for text with no multi-code-point clusters: a backslash that needs doubling, or an unsafe code point. */
const UNSAFE_G = new RegExp(`\\\\(?=${ESCAPE_AHEAD}|${UNSAFE_ATOM})|${UNSAFE_ATOM}`, 'gu');
const UNSAFE_G_KEEP_NEWLINE = new RegExp(
  `\\\\(?=${ESCAPE_AHEAD}|${UNSAFE_ATOM_KEEP_NEWLINE})|${UNSAFE_ATOM_KEEP_NEWLINE}`,
  'gu',
);
/** Longest text whose clusters are examined one by one (see escapeAll). */
const SEGMENT_MAX = 16_384;
const ONE_UNSAFE = new RegExp(`^${UNSAFE_ATOM}$`, 'u');
/** Nothing to escape: printable ASCII without a backslash. */
const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/;
/** What, after a backslash in the value, would make it read as the start of an escape. */
const ESCAPE_START = /^(?:[\\enrt]|x[0-9a-fA-F]{2}|u\{)/;
/** Viramas that join Indic consonants into one cluster (Unicode's Indic_Conjunct_Break=Linker). */
const LINKER = /^[\u094d\u09cd\u0acd\u0b4d\u0c4d\u0d4d]$/;

export function escapeCodePoint(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\u001b':
      return '\\e';
  }
  const code = c.codePointAt(0)!;
  if (code <= 0xff) return '\\x' + code.toString(16).padStart(2, '0');
  return '\\u{' + code.toString(16) + '}';
}

const segmenter = new Intl.Segmenter();

/**
 * Marks the code points of clusters that a terminal drawing code point by code point would draw
 * wider than ink measures them (Indic conjuncts, a prepended mark before a letter…). A conjunct
 * shows its virama as an escape, which splits it; any other such cluster keeps its first code point
 * and shows the rest (or, when it holds ASCII, every non-ASCII code point) as escapes. Returns true
 * when it marked something (the clusters change, so the caller looks again).
 */
function markWideClusters(cps: readonly string[], esc: boolean[]): boolean {
  // the text as drawn: an escape is ASCII, stood for here by one backslash
  const drawn = cps.map((c, i) => (esc[i] ? '\\' : c));
  let marked = false;
  const mark = (k: number): void => {
    if (k >= 0 && k < cps.length && !esc[k]) {
      esc[k] = true;
      marked = true;
    }
  };
  // A value is drawn between other text: a first code point that would join what precedes it or
  // has nothing to join (a combining mark with no base), or a last one that would join what
  // follows (a prepended sign before the padding) is shown as an escape, so the value's clusters
  // stay its own.
  if (drawn.length && !esc[0]) {
    const head = segmenter.segment(' ' + drawn.slice(0, 8).join('')).containing(0)!.segment;
    if (head.length > 1 || columnsOf(cps[0]) === 0) mark(0);
  }
  if (drawn.length) {
    let tail = '';
    for (const { segment } of segmenter.segment(drawn.slice(-8).join('') + ' ')) tail = segment;
    if (tail !== ' ') mark(cps.length - 1);
  }
  if (marked) return true;
  // Clusters never span two ASCII characters in a row (but CR LF): segment only the runs between.
  let from = 0;
  for (let i = 1; i <= drawn.length; i++) {
    const boundary =
      i === drawn.length ||
      (drawn[i - 1].charCodeAt(0) < 0x80 &&
        drawn[i].charCodeAt(0) < 0x80 &&
        !(drawn[i - 1] === '\r' && drawn[i] === '\n'));
    if (!boundary) continue;
    if (i - from > 1) markRun(cps, esc, drawn, from, i, mark);
    from = i;
  }
  return marked;
}

/** Marks the too-wide clusters of drawn[from, to) (see markWideClusters). */
function markRun(
  cps: readonly string[],
  esc: boolean[],
  drawn: readonly string[],
  from: number,
  to: number,
  mark: (k: number) => void,
): void {
  const at: number[] = [];
  let text = '';
  for (let i = from; i < to; i++) {
    at.push(text.length);
    text += drawn[i];
  }
  if (!/[^\x00-\x7f]/.test(text)) return;
  let i = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    while (i < at.length && at[i] < index) i++;
    const first = i;
    let last = i;
    while (last < at.length && at[last] < index + segment.length) last++;
    i = last;
    if (last - first < 2) continue;
    let naive = 0;
    for (const ch of segment) naive += columnsOf(ch);
    if (naive <= displayWidth(segment)) continue;
    const idx: number[] = [];
    for (let k = from + first; k < from + last; k++) if (!esc[k]) idx.push(k);
    const linkers = idx.filter((k) => LINKER.test(cps[k]));
    const pick = linkers.length
      ? linkers
      : /[\x00-\x7f]/.test(segment)
        ? idx.filter((k) => cps[k].charCodeAt(0) >= 0x80)
        : idx.slice(1);
    for (const k of pick) mark(k);
  }
}

const columnsCache = new Map<string, number>();
/** codePointColumns of one code point, cached (string-width segments its input: slow per call). */
function columnsOf(ch: string): number {
  let w = columnsCache.get(ch);
  if (w === undefined) {
    w = codePointColumns(ch.codePointAt(0)!);
    if (columnsCache.size > 4096) columnsCache.clear();
    columnsCache.set(ch, w);
  }
  return w;
}

/** Cut to at most `n` code units without splitting a surrogate pair. */
function cutUnits(s: string, n: number): string {
  let t = s.slice(0, Math.max(0, n));
  if (t.length && /[\ud800-\udbff]/.test(t[t.length - 1]) && s.length > t.length)
    t = t.slice(0, -1);
  return t;
}

function escapeAll(s: string, keepNewlines: boolean, doubleBackslash = true): string {
  if (!CLUSTER_FORMING.test(s)) {
    return s.replace(keepNewlines ? UNSAFE_G_KEEP_NEWLINE : UNSAFE_G, (c) =>
      c === '\\' ? (doubleBackslash ? '\\\\' : '\\') : escapeCodePoint(c),
    );
  }
  const cps = Array.from(s);
  const esc = cps.map((c) => ONE_UNSAFE.test(c) && !(keepNewlines && c === '\n'));
  if (s.length > SEGMENT_MAX) {
    // Segmenting is slow (tens of µs per cluster): past this size every code point that could join
    // a cluster is shown as an escape instead, which is as safe and costs one pass.
    for (let i = 0; i < cps.length; i++) if (!esc[i] && CLUSTER_FORMING.test(cps[i])) esc[i] = true;
  } else for (let round = 0; round < 4 && markWideClusters(cps, esc); round++);
  let out = '';
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (esc[i]) out += escapeCodePoint(c);
    else if (c === '\\' && doubleBackslash) {
      // doubled only where what follows would make it read as an escape
      const next = esc[i + 1] || ESCAPE_START.test(cps.slice(i + 1, i + 4).join(''));
      out += next ? '\\\\' : '\\';
    } else out += c;
  }
  return out;
}

export interface SafeTextOptions {
  /** Keep newlines (detail panes that wrap); tables and headers want one line. */
  keepNewlines?: boolean;
  /** Truncate to this many characters (UTF-16 code units), marking the cut with an ellipsis. */
  max?: number;
}

export function safeText(value: unknown, opts: SafeTextOptions = {}): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  const max = opts.max;
  if (PLAIN.test(s))
    return max !== undefined && s.length > max ? s.slice(0, Math.max(0, max - 1)) + '…' : s;
  // escaping only lengthens: cut first so a 100 KB value costs what its visible part costs
  let cut = false;
  if (max !== undefined && s.length > max) {
    s = cutUnits(s, max);
    cut = true;
  }
  s = escapeAll(s, !!opts.keepNewlines);
  if (max !== undefined && (cut || s.length > max)) s = cutUnits(s, max - 1) + '…';
  return s;
}

/**
 * For a line already composed for the screen from parts that went through safeText (a status
 * message, a breadcrumb): escapes any unsafe code point a caller left in, but leaves backslashes
 * alone, so running it over safeText's output changes nothing. The last guard before a sink.
 */
export function terminalText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  return PLAIN.test(s) || /^[\x20-\x7e]*$/.test(s) ? s : escapeAll(s, false, false);
}

/** True when the value holds a code point safeText shows as an escape (used to mark suspicious values). */
export function hasUnsafeChars(s: string): boolean {
  return ANY_UNSAFE.test(s);
}
