import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT_ERROR, EXIT_OK, EXIT_PARTIAL } from './exit.js';
import { filterFromArgs } from './filter-arg.js';
import { resolveDbPath } from './db-path.js';
import { safeJson } from './safe-json.js';
import { openCase } from '../case/open.js';
import { refuseCaseFileTarget, refuseFolderHoldingCase } from '../case/output-file.js';
import { safeText } from '../util/safe-text.js';

export interface ParquetOptions {
  db?: string;
  out?: string;
  layout?: string;
  sort?: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `export --format parquet --layout athena --out DIR`. The folder is written under a temporary
 * name beside DIR and renamed when complete, so a half-written export never looks finished.
 * The Parquet writer (DuckDB) is loaded only here.
 */
export async function runParquetExport(words: string[], opts: ParquetOptions): Promise<number> {
  const layout = (opts.layout ?? 'athena').toLowerCase();
  if (layout !== 'athena' && layout !== 'ocsf') {
    process.stderr.write(`trailscope export: --layout must be athena or ocsf\n`);
    return EXIT_ERROR;
  }
  const out = resolve(opts.out ?? '');
  if (!opts.out || opts.out === '-') {
    process.stderr.write('trailscope export: --format parquet writes a folder: give --out DIR\n');
    return EXIT_ERROR;
  }
  if (existsSync(out) && readdirSync(out).length > 0 && !opts.force) {
    process.stderr.write(
      `trailscope export: ${safeText(out)} exists and is not empty (use --force to replace it)\n`,
    );
    return EXIT_ERROR;
  }
  const filter = filterFromArgs('export', words);
  if (!filter) return EXIT_ERROR;
  const { exportParquet, ParquetUnavailable } = await import('../store/parquet-export.js');
  const casePath = resolveDbPath(opts.db).path;
  try {
    refuseCaseFileTarget(out, casePath);
    refuseFolderHoldingCase(out, casePath);
  } catch (err) {
    process.stderr.write(`trailscope export: ${safeText((err as Error).message)}\n`);
    return EXIT_ERROR;
  }
  const db = openCase(casePath, 'read');
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  try {
    const started = Date.now();
    const n = await exportParquet(db, filter, partial, {
      order: opts.sort === '-time' ? 'desc' : 'asc',
      layout,
    });
    // the old folder is moved aside, not removed, until the new one is in place
    const old = `${partial}.old`;
    if (existsSync(out)) renameSync(out, old);
    if (existsSync(partial)) renameSync(partial, out);
    rmSync(old, { recursive: true, force: true });
    const secs = (Date.now() - started) / 1000;
    if (opts.json)
      process.stdout.write(
        safeJson({ out, format: 'parquet', layout, events: n, seconds: secs }) + '\n',
      );
    process.stderr.write(
      `exported ${n.toLocaleString('en-US')} events to ${safeText(out)} (parquet, ${layout} layout) in ${secs.toFixed(1)}s\n`,
    );
    return n > 0 ? EXIT_OK : EXIT_PARTIAL;
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    if (err instanceof ParquetUnavailable) {
      process.stderr.write(`trailscope export: ${err.message}\n`);
      return EXIT_ERROR;
    }
    throw err;
  } finally {
    db.close();
  }
}
