/**
 * A case file that cannot be used as asked (not a case file, newer, unreadable). In a module of
 * its own so that the CLI can recognise it without loading SQLite.
 */
export class CaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFileError';
  }
}
