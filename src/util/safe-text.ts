/**
 * Evidence strings are attacker-controlled. Before anything reaches a terminal, control characters,
 * escape sequences, bidi overrides and zero-width characters become visible escapes, so a crafted
 * userAgent cannot move the cursor, set the clipboard (OSC 52), ring the bell or reorder text.
 */

// C0 controls, DEL, C1 controls, bidi marks/overrides/isolates, zero-width and invisible formatting,
// line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const UNSAFE_KEEP_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\u001b':
      return '\\e';
  }
  if (code <= 0xff) return '\\x' + code.toString(16).padStart(2, '0');
  return '\\u{' + code.toString(16) + '}';
}

export interface SafeTextOptions {
  /** Keep newlines (detail panes that wrap); tables and headers want one line. */
  keepNewlines?: boolean;
  /** Truncate to this many characters, marking the cut with an ellipsis. */
  max?: number;
}

export function safeText(value: unknown, opts: SafeTextOptions = {}): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  s = s.replace(opts.keepNewlines ? UNSAFE_KEEP_NEWLINE : UNSAFE, escapeChar);
  if (opts.max !== undefined && s.length > opts.max) s = s.slice(0, Math.max(0, opts.max - 1)) + '…';
  return s;
}

/** True when the string would be altered by safeText (used to mark suspicious values). */
export function hasUnsafeChars(s: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s);
}
