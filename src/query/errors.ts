import { displayWidth } from '../util/display-width.js';
import { safeText } from '../util/safe-text.js';

/**
 * A mistake in a filter, located in the filter text so the TUI can underline it and the CLI can
 * point at it. Never carries SQL or a stack trace meant for the user.
 */
export class FilterError extends Error {
  constructor(
    message: string,
    /** 0-based offset of the offending text in the filter. */
    readonly position: number,
    /** Length of the offending text (at least 1). */
    readonly length: number = 1,
    /** A replacement the user probably meant (a field name, a keyword...). */
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = 'FilterError';
  }
}

/** Characters of context shown either side of a mistake in a long filter. */
const CONTEXT = 60;

/**
 * The filter with a caret line under the offending span, for terminals: made safe, cut to a window
 * around the mistake when long (a pasted 100 KB filter must not flood stderr), and measured in
 * terminal columns so the caret stays under wide characters.
 */
export function pointAt(text: string, err: FilterError): string {
  const pos = Math.min(Math.max(0, err.position), text.length);
  const len = Math.max(1, Math.min(err.length, text.length - pos || 1));
  const from = Math.max(0, pos - CONTEXT);
  const to = Math.min(text.length, pos + Math.min(len, CONTEXT) + CONTEXT);
  const before = (from > 0 ? '…' : '') + safeText(text.slice(from, pos));
  const marked = safeText(text.slice(pos, pos + Math.min(len, CONTEXT)));
  const after =
    safeText(text.slice(pos + Math.min(len, CONTEXT), to)) + (to < text.length ? '…' : '');
  return `  ${before}${marked}${after}\n  ${' '.repeat(displayWidth(before))}${'^'.repeat(Math.max(1, displayWidth(marked)))}`;
}
