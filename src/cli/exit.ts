/** Exit statuses shared by every command. */
export const EXIT_OK = 0;
/** Partial success (some files failed) or no results. */
export const EXIT_PARTIAL = 1;
/** Usage errors, unreadable case file, nothing could be done. */
export const EXIT_ERROR = 2;

/** An error whose message is meant for the user as is (no stack trace). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_ERROR,
    /** The `kind` of a `--json` error (see json-errors.ts). */
    readonly kind = 'usage',
  ) {
    super(message);
    this.name = 'UserError';
  }
}
