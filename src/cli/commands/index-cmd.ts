import type { Command } from 'commander';
import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, dbForIndex, resolveDbPath } from '../db-path.js';
import { runIndex } from '../index-runner.js';
import { collect, loadRulePacks, rulePaths, RULES_OPTION_HELP } from '../sigma-run.js';
import { openCase } from '../../case/open.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from '../exit.js';
import { carveTimes, whereProblem, type CarveSpec } from '../../ingest/carve.js';
import { safeText } from '../../util/safe-text.js';

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

/** The carve of `index --from/--to/--account/--region/--where`, undefined when none, or what is wrong. */
function carveFromOptions(o: {
  from?: string;
  to?: string;
  account?: string;
  region?: string;
  where?: string;
}): CarveSpec | undefined | string {
  if (
    o.from === undefined &&
    o.to === undefined &&
    o.account === undefined &&
    o.region === undefined &&
    o.where === undefined
  )
    return undefined;
  const times = carveTimes(o.from, o.to);
  if (typeof times === 'string') return times;
  const accounts = list(o.account);
  if (accounts?.some((a) => !/^\d{12}$/.test(a)))
    return '--account takes 12-digit account IDs, comma-separated';
  const regions = list(o.region);
  if (regions?.some((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)))
    return '--region takes region names such as us-east-1, comma-separated';
  if (o.where !== undefined) {
    const problem = whereProblem(o.where);
    if (problem) return problem;
  }
  return { ...times, accounts, regions, where: o.where };
}

export const indexCommand: CommandSpec = {
  name: 'index',
  configure(cmd) {
    cmd
      .argument(
        '<paths...>',
        'files, folders (recursive) or globs; gzip and zip are read as they are',
      )
      .option('--db <file>', DB_OPTION_HELP)
      .option('--json', 'print the summary as JSON on stdout')
      .option(
        '--rebuild',
        'start the case file over: built beside it, swapped in only when events were indexed (notes, tags, rule packs carried over)',
      )
      .option('--workers <n>', 'parser threads (default 2; 0 parses in the main thread)')
      .option('--rules <dir>', RULES_OPTION_HELP, collect)
      .option(
        '--from <time>',
        'carve: keep events at or after this UTC time (2024-04-11, 2024-04-11T13:00Z)',
      )
      .option(
        '--to <time>',
        'carve: keep events up to this time, inclusive (a date covers that whole day)',
      )
      .option('--account <ids>', "carve: only these accounts' S3 delivery paths (comma list)")
      .option('--region <regions>', "carve: only these regions' S3 delivery paths (comma list)")
      .option(
        '--where <filter>',
        'carve: keep only the events this filter selects (the filter language; see trailscope help filters)',
      )
      .addHelpText(
        'after',
        `
Unchanged files (same path, size and modification time) are skipped, so re-running adds only new
evidence; an interrupted run is finished by running it again. Exit status: 0 all indexed,
1 some files failed but events were indexed (from other files, or from before a file's damage),
2 nothing could be indexed or usage error, 130 interrupted.`,
      );
  },
  async run(
    paths: string[],
    opts: {
      rules?: string[];
      db?: string;
      json?: boolean;
      rebuild?: boolean;
      workers?: string;
      from?: string;
      to?: string;
      account?: string;
      region?: string;
      where?: string;
    },
    cmd?: Command,
  ) {
    // the top-level command also takes --db, and commander may hand it to the parent
    const choice = dbForIndex(
      resolveDbPath(opts.db ?? (cmd?.optsWithGlobals?.() as { db?: string } | undefined)?.db),
      paths,
    );
    if (choice.note) process.stderr.write(`trailscope: ${safeText(choice.note)}\n`);
    let workers: number | undefined;
    if (opts.workers !== undefined) {
      workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
        process.stderr.write('trailscope: --workers takes a whole number from 0 to 64\n');
        return 2;
      }
    }
    const carve = carveFromOptions(opts);
    if (typeof carve === 'string') {
      process.stderr.write(`trailscope index: ${safeText(carve)}\n`);
      return 2;
    }
    // packs are recorded before reading, so the parse workers evaluate them on each record
    const { packs, ok: packsRead } = loadRulePacks(rulePaths(opts.rules));
    const code = await runIndex(paths, {
      dbPath: choice.path,
      dbIsDefault: choice.isDefault && !choice.inCache,
      json: opts.json,
      rebuild: opts.rebuild,
      workers,
      carve,
      rulePacks: packs,
    });
    if (code !== EXIT_OK && code !== EXIT_PARTIAL) return code;
    return packsRead ? code : EXIT_ERROR;
  },
};
