import { extname } from 'node:path';
import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { FILTER_HELP, filterFromArgs } from '../filter-arg.js';
import { eventColumns } from '../output/event-columns.js';
import { Sink, stdoutSink } from '../output/sink.js';
import { openCase } from '../../case/open.js';
import { beginOutput, OutputFileError, type PendingFile } from '../../case/output-file.js';
import { CSV_RAW_HELP, parseSort, recordWriter } from './query.js';
import { exportEvents, type ExportFormat } from '../export-run.js';
import { safeText } from '../../util/safe-text.js';
import { safeJson } from '../safe-json.js';
import { runParquetExport } from '../parquet-run.js';

const FORMATS: readonly ExportFormat[] = ['json', 'jsonl', 'csv'];

interface ExportOptions {
  db?: string;
  out?: string;
  format?: string;
  fields?: string;
  sort?: string;
  force?: boolean;
  json?: boolean;
  layout?: string;
  csvRaw?: boolean;
}

/** The format from --format, else from the file name, else the console's JSON. */
export function exportFormat(flag: string | undefined, out: string): ExportFormat | null {
  if (flag !== undefined) {
    const f = flag.toLowerCase();
    return (FORMATS as readonly string[]).includes(f) ? (f as ExportFormat) : null;
  }
  const ext = extname(out.replace(/\.gz$/i, '')).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return 'json';
}

export const exportCommand: CommandSpec = {
  name: 'export',
  configure(cmd) {
    cmd
      .allowUnknownOption(true)
      .argument('[filter...]', FILTER_HELP)
      .requiredOption('--out <file>', 'file to write ("-" for stdout)')
      .option('--db <file>', DB_OPTION_HELP)
      .option(
        '--format <format>',
        'json ({"Records":[...]}, as the console), jsonl (one record per line), csv (console columns) or parquet (a folder, see --layout); default from the file name',
      )
      .option(
        '--fields <list>',
        "CSV columns instead of the console's (any filter field, time, who, service)",
      )
      .option('--sort <order>', 'time (oldest first, default) or -time')
      .option('--force', 'overwrite an existing file')
      .option('--csv-raw', CSV_RAW_HELP)
      .option(
        '--layout <layout>',
        'with --format parquet: athena (the CloudTrail table AWS documents, account=/region=/date=) or ocsf (OCSF 6003 as Security Lake writes it, region=/accountid=/eventday=)',
      )
      .option(
        '--json',
        'print what was written as one JSON object on stdout: { out, format, events, seconds }',
      )
      .addHelpText(
        'after',
        '\nThe file is written under a temporary name and renamed when complete, so a partial export never looks finished.\n' +
          'Examples:\n  trailscope export key:AKIAEXAMPLE --out key.json\n  trailscope export "error:* since:1d" --out errors.csv\n' +
          '\nExit status: 0 events written, 1 none matched (an empty file is still written), 2 error.',
      );
  },
  run(words: string[], opts: ExportOptions) {
    if (opts.format?.toLowerCase() === 'parquet') return runParquetExport(words, opts);
    const outPath = opts.out ?? '';
    const format = exportFormat(opts.format, outPath);
    if (!format) {
      process.stderr.write(`trailscope export: --format must be one of ${FORMATS.join(', ')}\n`);
      return EXIT_ERROR;
    }
    const order = parseSort(opts.sort);
    if (!order) {
      process.stderr.write('trailscope export: --sort must be time or -time\n');
      return EXIT_ERROR;
    }
    const fields = opts.fields
      ? opts.fields
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
    if (fields) eventColumns(fields); // a wrong field name fails before anything is written
    const filter = filterFromArgs('export', words);
    if (!filter) return EXIT_ERROR;
    const toStdout = outPath === '-';
    const casePath = resolveDbPath(opts.db).path;
    let pending: PendingFile | undefined;
    try {
      // before the case file is opened: an output path that is the case file is refused untouched
      if (!toStdout)
        pending = beginOutput(outPath, { overwrite: !!opts.force, caseFile: casePath });
    } catch (err) {
      if (!(err instanceof OutputFileError) && !isWriteError(err)) throw err;
      process.stderr.write(
        `trailscope export: cannot write ${safeText(outPath)}: ${safeText((err as Error).message)}\n`,
      );
      return EXIT_ERROR;
    }

    let db;
    try {
      db = openCase(casePath, 'read');
    } catch (err) {
      pending?.abort();
      throw err;
    }
    let sink: Sink | undefined;
    try {
      sink = pending ? new Sink(pending.fd) : stdoutSink();
      const terminal = toStdout && !!process.stdout.isTTY;
      const started = Date.now();
      const n = exportEvents(
        db,
        filter,
        recordWriter(format, sink, fields, terminal, !!opts.csvRaw),
        { order, sink },
      );
      sink.flush();
      if (pending)
        pending.commit(); // closes the file: the sink is done with it
      else sink.close();
      sink = undefined;
      pending = undefined;
      const secs = (Date.now() - started) / 1000;
      if (opts.json && !toStdout)
        process.stdout.write(safeJson({ out: outPath, format, events: n, seconds: secs }) + '\n');
      process.stderr.write(
        `exported ${n.toLocaleString('en-US')} events to ${toStdout ? 'stdout' : safeText(outPath)} (${format}) in ${secs.toFixed(1)}s\n`,
      );
      return n > 0 ? EXIT_OK : EXIT_PARTIAL;
    } catch (err) {
      pending?.abort();
      pending = undefined;
      sink = undefined;
      if (err instanceof OutputFileError || isWriteError(err)) {
        process.stderr.write(
          `trailscope export: cannot write ${safeText(outPath)}: ${safeText((err as Error).message)}\n`,
        );
        return EXIT_ERROR;
      }
      throw err;
    } finally {
      pending?.abort();
      if (toStdout) sink?.close();
      db.close();
    }
  },
};

function isWriteError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return (
    code === 'ENOENT' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EISDIR' ||
    code === 'ENOSPC' ||
    code === 'EROFS' ||
    code === 'EDQUOT' ||
    code === 'EIO'
  );
}
