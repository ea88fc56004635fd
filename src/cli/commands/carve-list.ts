import type { CommandSpec } from '../command-spec.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { safeJson } from '../safe-json.js';
import { safeText } from '../../util/safe-text.js';
import { carveList } from '../../ingest/engines/carve-paths.js';

/** `trailscope carve-list RESULT...`: the exact S3 objects an engine's result came from. */
export const carveListCommand: CommandSpec = {
  name: 'carve-list',
  configure(cmd) {
    cmd
      .argument(
        '<results...>',
        'result files (CSV, JSON Lines or a JSON array; gzip or not) with a "$path" column',
      )
      .option('--json', 'print {objects, files, rejected} as one JSON object')
      .addHelpText(
        'after',
        '\nPrints each distinct s3://bucket/key once, sorted, one per line, for example:\n' +
          '  trailscope carve-list result.csv | while read -r o; do aws s3 cp "$o" "evidence/${o#s3://}"; done\n' +
          'Exit status: 0 objects listed, 1 a result could not be read or named no object, 2 usage.',
      );
  },
  async run(results: string[], opts: { json?: boolean }) {
    if (!results?.length) {
      process.stderr.write('trailscope carve-list: give one or more result files\n');
      return EXIT_ERROR;
    }
    const list = await carveList(results);
    if (opts.json) process.stdout.write(safeJson(list, 2) + '\n');
    else {
      for (const o of list.objects) process.stdout.write(o + '\n');
      for (const f of list.files) {
        if (f.error)
          process.stderr.write(
            `trailscope carve-list: ${safeText(f.path)}: ${safeText(f.error)}\n`,
          );
      }
      if (list.rejected.length) {
        process.stderr.write(
          `trailscope carve-list: values that are not an S3 object path were left out (first: ${safeText(list.rejected[0])})\n`,
        );
      }
    }
    const failed = list.files.some((f) => f.error);
    return failed || list.objects.length === 0 ? EXIT_PARTIAL : EXIT_OK;
  },
};
