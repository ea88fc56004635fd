import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { openCase } from '../../case/open.js';
import { bringUpToDate } from '../../case/derived.js';
import { CredentialStore } from '../../store/credentials.js';
import { traceSubject } from '../../domain/lineage.js';
import { traceJson } from '../../domain/lineage-json.js';
import { formatTraceText } from '../trace-text.js';
import { safeText } from '../../util/safe-text.js';

// Characters JSON.stringify leaves raw that a terminal would act on (C1 controls, bidi overrides,
// zero-width marks): escaped as \uXXXX, so the JSON means the same and the terminal stays safe.
const JSON_UNSAFE =
  /[\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_UNSAFE,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

export const traceCommand: CommandSpec = {
  name: 'trace',
  configure(cmd) {
    cmd
      .argument('<subject>', 'an access key ID (AKIA…/ASIA…) or an event ID')
      .option('--db <file>', DB_OPTION_HELP)
      .option('--json', 'print one JSON object (hops origin first, origin, complete, gap, derived)')
      .addHelpText(
        'after',
        '\nExit status: 0 chain found (complete or not), 1 unknown key or event, 2 usage or case-file error.\n' +
          "From an event, the key is resolved as it stood at that event's time.",
      );
  },
  run(subject: string, opts: { db?: string; json?: boolean }) {
    const s = subject.trim();
    if (!s) {
      process.stderr.write('trailscope trace: give an access key ID or an event ID\n');
      return EXIT_ERROR;
    }
    const { path } = resolveDbPath(opts.db);
    let db = openCase(path, 'read');
    try {
      // Case files indexed before the credential index existed: build it once, now.
      db = bringUpToDate(db, ['credentials']);
      const trace = traceSubject(new CredentialStore(db), s);
      if (!trace) {
        process.stderr.write(
          `trailscope trace: no access key or event "${safeText(s, { max: 140 })}" in ${safeText(path)}\n`,
        );
        return EXIT_PARTIAL;
      }
      process.stdout.write(
        opts.json ? terminalSafeJson(traceJson(trace)) + '\n' : formatTraceText(trace),
      );
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
