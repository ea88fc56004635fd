// TEMPORARY bootstrap `index` (see ingest/simple-ingest.ts); issue #2 replaces it.
import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { openCaseFile } from '../../store/db.js';
import { ingestSimple } from '../../ingest/simple-ingest.js';

export const indexCommand: CommandSpec = {
  name: 'index',
  summary: 'index CloudTrail files, folders or globs into the case file',
  configure(cmd) {
    cmd.argument('<paths...>', 'files, folders (recursive) or globs').option('--db <file>', DB_OPTION_HELP);
  },
  run(paths: string[], opts: { db?: string }) {
    const { path } = resolveDbPath(opts.db);
    const db = openCaseFile(path, { create: true });
    const res = ingestSimple(db, paths);
    db.close();
    process.stdout.write(`indexed ${res.added} events into ${path}\n`);
    for (const f of res.failed) process.stderr.write(`failed: ${f}\n`);
    return res.failed.length ? 1 : 0;
  },
};
