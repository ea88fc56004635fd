import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { FILTER_HELP, filterFromArgs, parseCount } from '../filter-arg.js';
import { countKeyFor, SUMMARY_SECTIONS } from '../stats-keys.js';

const BOOL_COLUMNS = new Set(['read_only', 'mfa', 'console_session']);
import { formatHistogram, formatSummary, formatValueCounts } from '../output/stats-text.js';
import { safeText } from '../../util/safe-text.js';
import { jsonForTerminal } from '../output/record-writers.js';
import { openCase } from '../../case/open.js';
import {
  histogramBuckets,
  MAX_BUCKETS,
  totals,
  TooManyBucketsError,
  valueCounts,
} from '../../store/stats.js';
import { parseDuration } from '../../query/time-values.js';
import { compileAst, negateAst, termText, type CompiledFilter } from '../../query/index.js';
import { countEvents } from '../../store/event-pages.js';
import { MATCH_ALL } from '../../store/filter-sql.js';
import type { Database } from '../../store/db.js';
import { formatTime } from '../../domain/time.js';

interface StatsOptions {
  db?: string;
  json?: boolean;
  top?: string;
  by?: string;
  histogram?: string;
}

function out(text: string): void {
  process.stdout.write(text);
}

function json(value: unknown): void {
  const s = JSON.stringify(value, null, 2);
  out((process.stdout.isTTY ? jsonForTerminal(s) : s) + '\n');
}

/**
 * For a filter that keeps most of the case (`-error:*`), its complement (compiled with the same
 * "now"), so value counts can be taken as "all minus complement"; undefined otherwise.
 */
function broadFilterComplement(
  db: Database,
  filter: CompiledFilter,
  matched: number,
  now: number,
): CompiledFilter | undefined {
  if (filter.where.trim() === '1' || matched === 0) return undefined;
  const all = countEvents(db, MATCH_ALL);
  return matched * 2 > all ? compileAst(negateAst(filter.ast), { now }) : undefined;
}

export const statsCommand: CommandSpec = {
  name: 'stats',
  configure(cmd) {
    cmd
      .allowUnknownOption(true)
      .argument('[filter...]', FILTER_HELP)
      .option('--db <file>', DB_OPTION_HELP)
      .option('--json', 'print JSON')
      .option('--top <n>', 'values per field (default 10; 20 with --by)')
      .option('--by <field>', 'value counts of one field (any filter field, or identity)')
      .option('--histogram <interval>', 'events and errors per time bucket: 1m, 15m, 1h, 1d...')
      .addHelpText(
        'after',
        '\nExamples:\n  trailscope stats error:*\n  trailscope stats --by ip key:AKIAEXAMPLE\n  trailscope stats --histogram 1h since:2d\n' +
          '\nExit status: 0 events matched, 1 none, 2 error.',
      );
  },
  run(words: string[], opts: StatsOptions) {
    if (opts.by !== undefined && opts.histogram !== undefined) {
      process.stderr.write('trailscope stats: use --by or --histogram, not both\n');
      return EXIT_ERROR;
    }
    const top = parseCount(opts.top, opts.by !== undefined ? 20 : 10);
    if (top === null || top === 0) {
      process.stderr.write('trailscope stats: --top must be a positive whole number\n');
      return EXIT_ERROR;
    }
    const by = opts.by !== undefined ? countKeyFor(opts.by) : undefined;
    if (by && 'error' in by) {
      process.stderr.write(`trailscope stats: --by: ${safeText(by.error)}\n`);
      return EXIT_ERROR;
    }
    let interval: number | undefined;
    if (opts.histogram !== undefined) {
      const d = parseDuration(opts.histogram);
      if (d === null || d < 1000) {
        process.stderr.write(
          'trailscope stats: --histogram takes an interval such as 1m, 15m, 1h, 1d (at least 1s)\n',
        );
        return EXIT_ERROR;
      }
      interval = d;
    }
    const now = Date.now();
    const filter = filterFromArgs('stats', words, now);
    if (!filter) return EXIT_ERROR;

    const db = openCase(resolveDbPath(opts.db).path, 'read');
    try {
      const t = totals(db, filter);
      const complement = broadFilterComplement(db, filter, t.events, now);
      const countOpts = { complement };
      if (by) {
        const counts = valueCounts(db, filter, by.key, top, countOpts);
        // flags are stored 1/0 but filtered as true/false: print what the filter takes
        if (by.key.kind === 'column' && BOOL_COLUMNS.has(by.key.column)) {
          counts.values = counts.values.map((v) => ({
            ...v,
            value: v.value === null ? null : v.value ? 'true' : 'false',
          }));
        }
        // each value's exact term: pasted back, it selects exactly the events counted
        const values = counts.values.map((v) => ({
          ...v,
          filter: termText(by.label, v.value === null ? null : String(v.value)),
        }));
        if (opts.json)
          json({ field: by.label, events: t.events, distinct: counts.distinct, values });
        else out(formatValueCounts(by.label, t.events, counts));
      } else if (interval !== undefined) {
        let buckets;
        try {
          buckets = histogramBuckets(db, filter, interval);
        } catch (err) {
          if (!(err instanceof TooManyBucketsError)) throw err;
          process.stderr.write(
            `trailscope stats: --histogram ${safeText(opts.histogram)} gives ${err.buckets} buckets (at most ${MAX_BUCKETS}); use a longer interval\n`,
          );
          return EXIT_ERROR;
        }
        if (opts.json) {
          json({
            intervalMs: interval,
            events: t.events,
            buckets: buckets.map((b) => ({
              start: formatTime(b.startMs),
              events: b.events,
              errors: b.errors,
            })),
          });
        } else
          out(
            formatHistogram(
              buckets,
              interval,
              process.stdout.isTTY ? process.stdout.columns || 80 : 80,
            ),
          );
      } else {
        const sections = SUMMARY_SECTIONS.map((s) => ({
          ...s,
          counts: valueCounts(db, filter, s.count, top, countOpts),
        }));
        if (opts.json) {
          json({
            events: t.events,
            errors: t.errors,
            first: t.firstMs === null ? null : formatTime(t.firstMs),
            last: t.lastMs === null ? null : formatTime(t.lastMs),
            untimed: t.untimed,
            top: Object.fromEntries(
              sections.map((s) => [
                s.key,
                { distinct: s.counts.distinct, values: s.counts.values },
              ]),
            ),
          });
        } else out(formatSummary(t, sections));
      }
      return t.events > 0 ? EXIT_OK : EXIT_PARTIAL;
    } finally {
      db.close();
    }
  },
};
