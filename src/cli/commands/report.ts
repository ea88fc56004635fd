import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_OK, UserError } from '../exit.js';
import { openCaseFile } from '../../store/db.js';
import { evaluateNotable, notableIsStale } from '../../domain/notable/evaluate.js';
import { buildReportModel } from '../../report/model.js';
import { reportDocument } from '../../report/document.js';
import { renderHtml, renderMarkdown } from '../../report/render.js';
import { safeText } from '../../util/safe-text.js';

interface ReportOptions {
  db?: string;
  format?: string;
  out?: string;
}

/**
 * Write under a temporary name beside the target, then rename: a reader never sees half a
 * report, and an interrupted run leaves the previous report (if any) as it was.
 */
export function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

export const reportCommand: CommandSpec = {
  name: 'report',
  summary: 'write the case as a self-contained Markdown or HTML document',
  configure(cmd) {
    cmd
      .option('--db <file>', DB_OPTION_HELP)
      .option('--format <md|html>', 'md or html (default: html when --out ends in .html, else md)')
      .option('--out <file>', 'write to this file (through a temporary file and a rename) instead of stdout')
      .addHelpText('after', '\nThe document holds no clock time and loads nothing: the same case file gives the same bytes.\nSee docs/evidence.md (Report).');
  },
  run(opts: ReportOptions) {
    const format = opts.format ?? (opts.out && /\.html?$/i.test(opts.out) ? 'html' : 'md');
    if (format !== 'md' && format !== 'html') throw new UserError(`--format must be md or html (got "${safeText(opts.format, { max: 40 })}")`);
    const { path } = resolveDbPath(opts.db);
    const db = openCaseFile(path);
    let text: string;
    try {
      if (!db.readonly && notableIsStale(db)) evaluateNotable(db);
      const blocks = reportDocument(buildReportModel(db));
      text = format === 'html' ? renderHtml(blocks) : renderMarkdown(blocks);
    } finally {
      db.close();
    }
    if (!opts.out) {
      process.stdout.write(text);
      return EXIT_OK;
    }
    try {
      writeAtomically(opts.out, text);
    } catch (err) {
      throw new UserError(`cannot write ${safeText(opts.out)}: ${safeText((err as Error).message)}`);
    }
    process.stderr.write(`report written to ${safeText(opts.out)} (${format})\n`);
    return EXIT_OK;
  },
};
