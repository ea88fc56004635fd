// The `index` run shared by `trailscope index`, the default command and `demo`: progress on a
// terminal, the summary (text or JSON), Ctrl-C handling and the exit status.
import { existsSync } from 'node:fs';
import { abandonRebuild, beginRebuild, commitRebuild, type RebuildPlan } from '../case/rebuild.js';
import type { IndexProgress, IndexSummary } from '../ingest/pipeline.js';
import { LIVE_INDEX_ENV, LIVE_PROGRESS_MS, type LiveMessage } from './live-messages.js';
import type { IngestLimits } from '../ingest/limits.js';
import type { CarveSpec } from '../ingest/carve.js';
import type { LoadedPack } from '../domain/sigma/load.js';
import { packLines } from './pack-lines.js';
import { CaseFileError } from '../store/db.js';
import { safeText } from '../util/safe-text.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from './exit.js';
import { formatSummary } from './index-summary.js';
import { ProgressBar } from './index-progress.js';
import { safeJson } from './safe-json.js';

export interface RunIndexOptions {
  dbPath: string;
  /** Print the summary as JSON instead of text. */
  json?: boolean;
  /** Start the case file over. */
  rebuild?: boolean;
  /** No progress bar or summary (the TUI is about to take the screen). */
  quiet?: boolean;
  /** The path is the ./trailscope.db default: say so when it is created. */
  dbIsDefault?: boolean;
  /** Parse worker threads (default up to 2; 0 parses in this thread). */
  workers?: number;
  limits?: Partial<IngestLimits>;
  /** Carving (index --from/--to/--account/--region/--where). */
  carve?: CarveSpec;
  /** Sigma packs (index --rules), evaluated on the records as they are read. */
  rulePacks?: readonly LoadedPack[];
}

/** Conventional status of a process stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/**
 * 0 all indexed; 1 some files failed but something was indexed (a failed file may still have
 * given the records before its damage); 2 nothing could be indexed (no files, none was CloudTrail,
 * every file failed before its first record); 130 interrupted.
 */
export function exitStatusOf(s: IndexSummary): number {
  if (s.interrupted) return EXIT_INTERRUPTED;
  const usable = s.files.indexed + s.files.digest + s.files.skippedUnchanged + s.events.read;
  if (usable === 0) return EXIT_ERROR;
  return s.files.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
}

/** Index paths into the case file; returns the exit status (0 all indexed, 1 some failed, 2 nothing). */
export async function runIndex(paths: string[], opts: RunIndexOptions): Promise<number> {
  if (paths.length === 0) {
    process.stderr.write('trailscope: no paths to index (give files, folders or globs)\n');
    return EXIT_ERROR;
  }
  if (opts.dbIsDefault && !opts.rebuild && !existsSync(opts.dbPath)) {
    process.stderr.write(
      `trailscope: using ${safeText(opts.dbPath)} (new case file in the current folder; --db or TRAILSCOPE_DB choose another)\n`,
    );
  }
  let plan: RebuildPlan | null = null;
  if (opts.rebuild && opts.dbPath !== ':memory:' && existsSync(opts.dbPath)) {
    try {
      plan = beginRebuild(opts.dbPath);
    } catch (err) {
      process.stderr.write(`trailscope: ${safeText((err as Error).message)}\n`);
      return EXIT_ERROR;
    }
  }
  const run = await indexOnce(
    paths,
    plan ? { ...opts, dbPath: plan.tmp, rebuild: false } : opts,
    plan ? [opts.dbPath] : [],
  );
  let status = run.status;
  const summary = run.summary;
  if (plan) {
    // swapped in only when this run indexed events and was not stopped: nothing else replaces a case file
    if (summary && !summary.interrupted && summary.events.total > 0) {
      const done = commitRebuild(plan);
      if (!done.swapped) {
        process.stderr.write(`trailscope: ${safeText(done.reason)}\n`);
        status = EXIT_ERROR;
      }
      summary.dbPath = done.swapped ? opts.dbPath : plan.tmp;
    } else {
      abandonRebuild(plan);
      if (summary) summary.dbPath = opts.dbPath;
      const why = summary?.interrupted
        ? 'the rebuild was interrupted'
        : 'the rebuild indexed no events';
      process.stderr.write(`trailscope: ${why}; ${safeText(opts.dbPath)} was left as it was\n`);
      if (status === EXIT_OK || status === EXIT_PARTIAL) status = EXIT_ERROR;
    }
  }
  if (summary && !opts.quiet && opts.rulePacks)
    summary.rulePacks?.forEach((change, i) =>
      packLines(opts.rulePacks![i], change).forEach((l) => process.stderr.write(l + '\n')),
    );
  if (summary) {
    if (opts.json) process.stdout.write(safeJson(summary, 2) + '\n');
    else if (!opts.quiet) process.stdout.write(formatSummary(summary));
  }
  return status;
}

/** One indexing run into `opts.dbPath` (progress, Ctrl-C); the summary is printed by the caller. */
async function indexOnce(
  paths: string[],
  opts: RunIndexOptions,
  exclude: string[],
): Promise<{ status: number; summary: IndexSummary | null }> {
  const bar = !opts.quiet && process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  // run as the TUI's indexing child (live-index.ts): progress goes to the parent, a few times a second
  const ipc = process.env[LIVE_INDEX_ENV] === '1' && typeof process.send === 'function';
  let lastSent = 0;
  const send = (p: IndexProgress): void => {
    const now = Date.now();
    if (p.phase === 'indexing' && now - lastSent < LIVE_PROGRESS_MS) return;
    lastSent = now;
    process.send!({ type: 'progress', progress: { ...p } } satisfies LiveMessage);
  };
  // loaded here, not at start-up: `open`, `demo` and the TUI should not pay for the ingest modules
  const { Indexer } = await import('../ingest/pipeline.js');
  const indexer = new Indexer({
    dbPath: opts.dbPath,
    rebuild: opts.rebuild,
    workers: opts.workers,
    limits: opts.limits,
    carve: opts.carve,
    rulePacks: opts.rulePacks,
    exclude: exclude.flatMap((p) => ['', '-wal', '-shm', '-journal'].map((s) => p + s)),
    onProgress: bar ? (p) => bar.update(p) : ipc ? send : undefined,
  });
  let sigints = 0;
  const onSigint = (): void => {
    sigints++;
    if (sigints > 1) process.exit(EXIT_INTERRUPTED);
    bar?.clear();
    process.stderr.write(
      'trailscope: stopping after the current batch (Ctrl-C again to quit at once; the case file stays consistent)\n',
    );
    indexer.interrupt();
  };
  process.on('SIGINT', onSigint);
  let summary: IndexSummary;
  try {
    summary = await indexer.run(paths);
  } catch (err) {
    bar?.clear();
    const msg =
      err instanceof CaseFileError
        ? err.message
        : `indexing stopped: ${(err as Error)?.message ?? String(err)}`;
    process.stderr.write(`trailscope: ${safeText(msg)}\n`);
    if (process.env.TRAILSCOPE_DEBUG && !(err instanceof CaseFileError))
      process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return { status: EXIT_ERROR, summary: null };
  } finally {
    process.off('SIGINT', onSigint);
  }
  bar?.clear();
  if (ipc)
    process.send!({
      type: 'done',
      status: exitStatusOf(summary),
      events: summary.events.total,
      failed: summary.files.failed - (summary.unusablePaths?.count ?? 0),
      unusable: summary.unusablePaths?.listed.slice(0, 2),
      unusableCount: summary.unusablePaths?.count,
      interrupted: summary.interrupted,
    } satisfies LiveMessage);
  return { status: exitStatusOf(summary), summary };
}
