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

/** The filter with a caret line under the offending span, for terminals. */
export function pointAt(text: string, err: FilterError): string {
  const pos = Math.min(Math.max(0, err.position), text.length);
  const len = Math.max(1, Math.min(err.length, text.length - pos || 1));
  return `  ${text}\n  ${' '.repeat(pos)}${'^'.repeat(len)}`;
}
