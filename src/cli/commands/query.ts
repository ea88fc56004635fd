import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { FILTER_HELP, filterFromArgs, parseCount } from '../filter-arg.js';
import { eventColumns } from '../output/event-columns.js';
import {
  CsvWriter,
  JsonlWriter,
  JsonRecordsWriter,
  type RecordWriter,
} from '../output/record-writers.js';
import { stdoutSink, type Sink } from '../output/sink.js';
import { writeEventTable } from '../output/event-table.js';
import { openCase } from '../../case/open.js';
import { countEvents } from '../../store/event-pages.js';
import { streamRecords } from '../../store/export-stream.js';
import { resourcesOfEvent } from '../../store/resource-values.js';
import { hasDifferingCopy } from '../../store/export-stream.js';
import { exportEvents } from '../export-run.js';
import { ENGINES, emitSql } from '../../query/dialects/emit.js';
import type { EngineName } from '../../query/dialects/columns.js';
import { safeJson } from '../safe-json.js';
import { safeText } from '../../util/safe-text.js';

/**
 * `query --emit ENGINE`: only SQL on stdout (warnings on stderr), or with --json
 * {engine, sql, warnings, unsupported}; exit 2 when a field cannot be translated.
 */
function emitCommand(words: string[], opts: QueryOptions): number {
  const engine = opts.emit!.toLowerCase() as EngineName;
  if (!ENGINES.includes(engine)) {
    process.stderr.write(`trailscope query: --emit must be one of ${ENGINES.join(', ')}\n`);
    return EXIT_ERROR;
  }
  if (
    opts.partitions !== undefined &&
    opts.partitions !== 'timestamp' &&
    opts.partitions !== 'org'
  ) {
    process.stderr.write('trailscope query: --partitions must be timestamp or org\n');
    return EXIT_ERROR;
  }
  const filter = filterFromArgs('query', words);
  if (!filter) return EXIT_ERROR;
  const out = emitSql(filter.ast, engine, {
    table: opts.table,
    partitions: opts.partitions as 'timestamp' | 'org' | undefined,
  });
  if (opts.json) process.stdout.write(safeJson(out, 2) + '\n');
  else {
    for (const w of out.warnings)
      process.stderr.write(`trailscope query: warning: ${safeText(w)}\n`);
    for (const u of out.unsupported)
      process.stderr.write(
        `trailscope query: ${safeText(u.field)}: unsupported on ${engine}: ${safeText(u.reason)}\n`,
      );
    if (out.unsupported.length === 0) process.stdout.write(out.sql + '\n');
  }
  return out.unsupported.length ? EXIT_ERROR : EXIT_OK;
}

const FORMATS = ['table', 'json', 'jsonl', 'csv'] as const;

export const CSV_RAW_HELP =
  "with CSV: keep cells exactly as the evidence has them (by default a cell starting with = + - @, tab or CR gets a leading ' so a spreadsheet does not run it as a formula)";
type Format = (typeof FORMATS)[number];

/** Rows a table shows unless --limit says otherwise; machine formats default to everything. */
export const DEFAULT_TABLE_LIMIT = 100;

interface QueryOptions {
  db?: string;
  limit?: string;
  sort?: string;
  fields?: string;
  format?: string;
  json?: boolean;
  emit?: string;
  table?: string;
  partitions?: string;
  csvRaw?: boolean;
}

export function parseSort(v: string | undefined): 'asc' | 'desc' | null {
  const s = (v ?? 'time').trim().toLowerCase();
  if (s === 'time' || s === '+time' || s === 'asc') return 'asc';
  if (s === '-time' || s === 'desc') return 'desc';
  return null;
}

export function recordWriter(
  format: Exclude<Format, 'table'>,
  sink: Sink,
  fields: string[] | undefined,
  terminal: boolean,
  csvRaw = false,
): RecordWriter {
  switch (format) {
    case 'json':
      return new JsonRecordsWriter(sink, terminal);
    case 'jsonl':
      return new JsonlWriter(sink, terminal);
    case 'csv':
      return new CsvWriter(sink, fields ? eventColumns(fields) : null, terminal, csvRaw);
  }
}

export const queryCommand: CommandSpec = {
  name: 'query',
  configure(cmd) {
    cmd
      .allowUnknownOption(true)
      .argument('[filter...]', FILTER_HELP)
      .option('--db <file>', DB_OPTION_HELP)
      .option(
        '--limit <n>',
        `most events to print (0 = all); default ${DEFAULT_TABLE_LIMIT} for the table, all otherwise`,
      )
      .option('--sort <order>', 'time (oldest first, default) or -time (newest first)')
      .option(
        '--fields <list>',
        'table/CSV columns, e.g. time,name,who,ip,error,key,arn,ua (any filter field)',
      )
      .option(
        '--format <format>',
        'table (default), json ({"Records":[...]}), jsonl (original records), csv',
      )
      .option('--json', 'the same as --format json, as on every other command')
      .option('--csv-raw', CSV_RAW_HELP)
      .option(
        '--emit <engine>',
        `print the filter as SQL for ${ENGINES.join(', ')} instead of running it (docs/engines.md)`,
      )
      .option(
        '--table <name>',
        'with --emit: the table (Athena, Security Lake) or Parquet folder (DuckDB)',
      )
      .option(
        '--partitions <layout>',
        'with --emit athena: timestamp (default, the documented table) or org (account, region, timestamp)',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  trailscope query key:AKIAEXAMPLE\n  trailscope query "error:* -ip:10.0.0.0/8 since:1d"\n' +
          '  trailscope query name:StopLogging,DeleteTrail --format jsonl | jq .userIdentity.arn\n' +
          '\nExit status: 0 events found, 1 none, 2 error.',
      );
  },
  run(words: string[], opts: QueryOptions) {
    if (opts.emit !== undefined) return emitCommand(words, opts);
    if (opts.json && opts.format !== undefined && opts.format.toLowerCase() !== 'json') {
      process.stderr.write('trailscope query: --json means --format json; give one of them\n');
      return EXIT_ERROR;
    }
    const format = (opts.json ? 'json' : (opts.format ?? 'table')).toLowerCase() as Format;
    if (!FORMATS.includes(format)) {
      process.stderr.write(`trailscope query: --format must be one of ${FORMATS.join(', ')}\n`);
      return EXIT_ERROR;
    }
    const order = parseSort(opts.sort);
    if (!order) {
      process.stderr.write('trailscope query: --sort must be time or -time\n');
      return EXIT_ERROR;
    }
    const limitArg = parseCount(opts.limit, format === 'table' ? DEFAULT_TABLE_LIMIT : 0);
    if (limitArg === null) {
      process.stderr.write('trailscope query: --limit must be a whole number (0 = all)\n');
      return EXIT_ERROR;
    }
    const limit = limitArg === 0 ? Infinity : limitArg;
    const fields = opts.fields
      ? opts.fields
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
    const filter = filterFromArgs('query', words);
    if (!filter) return EXIT_ERROR;
    // validate --fields before touching the case file
    const columns =
      format === 'table' || (format === 'csv' && fields) ? eventColumns(fields) : undefined;

    const db = openCase(resolveDbPath(opts.db).path, 'read');
    const sink = stdoutSink();
    const terminal = !!process.stdout.isTTY;
    try {
      let shown = 0;
      if (format === 'table') {
        // one extra row tells whether there is more than the limit
        const rows = streamRecords(db, filter, {
          order,
          limit: limit === Infinity ? undefined : limit + 1,
        });
        shown = writeEventTable(sink, columns!, rows, {
          limit,
          width: terminal ? process.stdout.columns || 80 : undefined,
          color: terminal && !process.env.NO_COLOR,
          extras: (row) => ({
            resources: () => resourcesOfEvent(db, row.id),
            differs: () => hasDifferingCopy(db, row.id),
          }),
        });
        sink.flush();
        if (shown === limit) {
          const total = countEvents(db, filter);
          if (total > shown) {
            process.stderr.write(
              `(${shown} of ${total} events; --limit N for more, --limit 0 for all)\n`,
            );
          }
        }
      } else {
        shown = exportEvents(
          db,
          filter,
          recordWriter(format, sink, fields, terminal, !!opts.csvRaw),
          {
            order,
            sink,
            limit: limit === Infinity ? undefined : limit,
          },
        );
        sink.flush();
      }
      // like `kubectl get`: an empty table says so on stderr, so stdout stays empty for scripts
      if (shown === 0 && format === 'table') process.stderr.write('no events match\n');
      return shown > 0 ? EXIT_OK : EXIT_PARTIAL;
    } finally {
      db.close();
    }
  },
};
