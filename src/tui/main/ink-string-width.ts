import stringWidth from 'string-width';
import { displayWidth } from '../../util/display-width.js';

/**
 * `string-width` as ink and its helpers (wrap-ansi, cli-truncate, slice-ansi) get it in the TUI's
 * bundle (scripts/bundle-tui.mjs points their imports here). displayWidth gives string-width's
 * answer: the same function for printable ASCII, the sum of its per-code-point answers when no
 * code point can join a cluster, and string-width itself otherwise. Through here the first frame
 * does not build string-width's segmenter and emoji expressions for the box-drawing and
 * punctuation characters it is drawn with (src/util/known-widths.ts).
 */
export default function inkStringWidth(
  input: string,
  options?: Parameters<typeof stringWidth>[1],
): number {
  if (options !== undefined || typeof input !== 'string') return stringWidth(input, options);
  return displayWidth(input);
}
