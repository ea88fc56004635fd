// TEMPORARY body: issue #2 replaces it with the real pipeline (progress bar, summary, --json).
// The signature is the contract the default command, `demo` and tests rely on.
import { openCaseFile } from '../store/db.js';
import { ingestSimple } from '../ingest/simple-ingest.js';

export interface RunIndexOptions {
  dbPath: string;
  /** Print the summary as JSON instead of text. */
  json?: boolean;
  /** Start the case file over. */
  rebuild?: boolean;
  /** No progress bar or summary (the TUI is about to take the screen). */
  quiet?: boolean;
}

/** Index paths into the case file; returns the exit status (0 all indexed, 1 some failed, 2 nothing). */
export async function runIndex(paths: string[], opts: RunIndexOptions): Promise<number> {
  const db = openCaseFile(opts.dbPath, { create: true });
  try {
    const res = ingestSimple(db, paths);
    if (!opts.quiet) process.stdout.write(`indexed ${res.added} events into ${opts.dbPath}\n`);
    return res.failed.length ? 1 : 0;
  } finally {
    db.close();
  }
}
