// What any text meant for a terminal must never hold, as one assertion with a readable failure.
import { expect } from 'vitest';
import { displayWidth } from '../../src/util/display-width.js';

/**
 * Raw bytes a terminal acts on: C0 controls but newline, ESC, DEL, C1 controls; and the bidi
 * embeddings, overrides and isolates that reorder what follows them on screen.
 */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
/** A JavaScript stack frame, as an uncaught error prints it. */
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
/** Signs of SQL or the database engine leaking into a message meant for the user. */
export const SQL_TEXT =
  /\b(SELECT|FROM|WHERE|LIKE|ESCAPE|COLLATE|EXISTS|JOIN|LIMIT|NOCASE|GLOB)\b|SQLITE|SqliteError|sqlite_|\bts_[a-z_]+\(|\be\.[a-z_]+_(ref|ms|id)\b|\bevents_v\b/;

function where(text: string, re: RegExp): string {
  const m = re.exec(text);
  if (!m) return '';
  const at = m.index;
  return `${JSON.stringify(m[0])} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 60))}`;
}

/** No raw control byte, no stack trace, no engine internals in `text` (what `context` printed). */
export function expectTerminalSafe(text: string, context: string): void {
  if (RAW_CONTROL.test(text))
    expect.fail(`${context}: raw control character ${where(text, RAW_CONTROL)}`);
  if (STACK_TRACE.test(text)) expect.fail(`${context}: stack trace ${where(text, STACK_TRACE)}`);
  if (/Maximum call stack|RangeError|TypeError|ReferenceError|internal error/i.test(text)) {
    expect.fail(
      `${context}: crash text ${where(text, /Maximum call stack|RangeError|TypeError|ReferenceError|internal error/i)}`,
    );
  }
}

/** A frame drawn on a `columns` x `rows` screen stays inside it (a wider line wraps and scrolls the header away). */
export function expectFitsScreen(
  frame: string,
  size: { columns: number; rows: number },
  context: string,
): void {
  const lines = frame.split('\n');
  expect(lines.length, `${context}: frame taller than the screen`).toBeLessThanOrEqual(size.rows);
  for (const l of lines) {
    if (displayWidth(l) > size.columns)
      expect.fail(
        `${context}: line of ${displayWidth(l)} columns on a ${size.columns}-column screen: ${JSON.stringify(l)}`,
      );
  }
}

/** Every string inside a parsed JSON value is well-formed UTF-16 (no lone surrogate for jq to choke on). */
export function firstLoneSurrogate(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (/\p{Cs}/u.test(v)) return v;
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (/\p{Cs}/u.test(k)) return k;
        stack.push(x);
      }
    }
  }
  return null;
}
