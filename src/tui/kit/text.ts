import { safeText } from '../../util/safe-text.js';
import {
  charWidth,
  displayWidth,
  graphemes,
  takeColumns,
  takeLastColumns,
} from '../../util/display-width.js';
import { asciiOnly, escapeNonAscii } from '../term/charset.js';

export { charWidth, displayWidth };

/**
 * Pad or cut to exactly `width` terminal columns (one line), so ink never has to truncate or wrap
 * it (its truncation is the costliest part of a frame). Evidence goes through safeText first.
 * Cuts fall between grapheme clusters, measured as ink measures them (display-width.ts).
 */
export function fit(value: string, width: number): string {
  if (width <= 0) return '';
  const w = displayWidth(value);
  if (w === width) return value;
  if (w < width) return value + ' '.repeat(width - w);
  const head = takeColumns(value, width - 1);
  return head.text + (asciiOnly() ? '~' : '…') + ' '.repeat(Math.max(0, width - 1 - head.width));
}

/** An evidence value for a table cell: made safe, one line, fitted (non-ASCII as `\u{..}` on an ASCII terminal). */
export function cell(value: unknown, width: number): string {
  if (asciiOnly())
    return fit(escapeNonAscii(safeText(value, { max: Math.max(width, 1) * 10 + 1 })), width);
  return fit(safeText(value, { max: Math.max(width, 1) + 1 }), width);
}

/**
 * Wrap an already-safe string to lines of at most `width` columns (hard wrap at a space when one
 * is in the second half of the line; long tokens are cut between clusters).
 */
export function wrap(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (/^[\x20-\x7e]*$/.test(para)) wrapAscii(para, width, out);
    else wrapClusters(para, width, out);
  }
  return out;
}

function wrapAscii(para: string, width: number, out: string[]): void {
  if (para.length <= width) {
    out.push(para);
    return;
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

/** One pass over the clusters: a line ends at the last space in its second half, else where it is full. */
function wrapClusters(para: string, width: number, out: string[]): void {
  let line: string[] = [];
  let widths: number[] = [];
  let used = 0;
  const flush = (): void => {
    let cut = line.lastIndexOf(' ');
    let usedBefore = 0;
    for (let i = 0; i < cut; i++) usedBefore += widths[i];
    if (cut <= 0 || usedBefore <= width / 2) cut = line.length;
    out.push(line.slice(0, cut).join(''));
    const keep = cut < line.length ? cut + 1 : cut; // drop the space the line broke at
    line = line.slice(keep);
    widths = widths.slice(keep);
    used = widths.reduce((a, b) => a + b, 0);
  };
  for (const g of graphemes(para)) {
    const w = displayWidth(g);
    while (used + w > width && line.length) flush();
    line.push(g);
    widths.push(w);
    used += w;
  }
  if (line.length) out.push(line.join(''));
}

/**
 * Cut from the middle (`AKIAIOSF…XYHJ`): for values that differ in their tails (access keys,
 * request IDs, IPv6 addresses), keeping both ends. Pads like `fit`.
 */
export function middle(value: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(value) <= width) return fit(value, width);
  if (width < 5) return fit(value, width);
  const mark = asciiOnly() ? '~' : '…';
  const tailW = Math.floor((width - 1) / 2);
  const head = takeColumns(value, width - 1 - tailW);
  const tail = takeLastColumns(value, tailW);
  return fit(head.text + mark + tail.text, width);
}

/** An evidence value cut in the middle (see `middle`), made safe first. */
export function cellMiddle(value: unknown, width: number): string {
  const safe = safeText(value, { max: 4096 });
  return middle(asciiOnly() ? escapeNonAscii(safe) : safe, width);
}
