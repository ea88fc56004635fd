import { safeText } from '../util/safe-text.js';
import { charWidth, displayWidth } from '../util/display-width.js';

export { charWidth, displayWidth };

/**
 * Pad or cut to exactly `width` terminal columns (one line), so ink never has to truncate or wrap
 * it (its truncation is the costliest part of a frame). Evidence goes through safeText first.
 */
export function fit(value: string, width: number): string {
  if (width <= 0) return '';
  const w = displayWidth(value);
  if (w === width) return value;
  if (w < width) return value + ' '.repeat(width - w);
  let out = '';
  let used = 0;
  for (const ch of value) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (used + cw > width - 1) break;
    out += ch;
    used += cw;
  }
  return out + '…' + ' '.repeat(Math.max(0, width - 1 - used));
}

/** An evidence value for a table cell: made safe, one line, fitted. */
export function cell(value: unknown, width: number): string {
  return fit(safeText(value, { max: Math.max(width, 1) + 1 }), width);
}

/** Wrap an already-safe string to lines of at most `width` characters (hard wrap; long tokens are cut). */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (para.length <= width) {
      out.push(para);
      continue;
    }
    let rest = para;
    while (rest.length > width) {
      let cut = rest.lastIndexOf(' ', width);
      if (cut <= width / 2) cut = width;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    if (rest) out.push(rest);
  }
  return out;
}
