import { safeText } from '../util/safe-text.js';

/** Pad or cut to exactly `width` characters (one line). Evidence goes through safeText first. */
export function fit(value: string, width: number): string {
  if (width <= 0) return '';
  if (value.length > width) return width === 1 ? '…' : value.slice(0, width - 1) + '…';
  return value + ' '.repeat(width - value.length);
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
