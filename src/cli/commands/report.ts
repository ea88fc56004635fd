import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_OK, UserError } from '../exit.js';
import { openCase } from '../../case/open.js';
import { bringUpToDate } from '../../case/derived.js';
import { refuseCaseFileTarget, writeOutputFile } from '../../case/output-file.js';
import { buildReportModel } from '../../report/model.js';
import { reportDocument } from '../../report/document.js';
import { renderHtml, renderMarkdown } from '../../report/render.js';
import { safeText } from '../../util/safe-text.js';

interface ReportOptions {
  db?: string;
  format?: string;
  out?: string;
}

export const reportCommand: CommandSpec = {
  name: 'report',
  configure(cmd) {
    cmd
      .option('--db <file>', DB_OPTION_HELP)
      .option('--format <md|html>', 'md or html (default: html when --out ends in .html, else md)')
      .option(
        '--out <file>',
        'write to this file (through a temporary file and a rename) instead of stdout',
      )
      .addHelpText(
        'after',
        '\nThe document holds no clock time and loads nothing: the same case file gives the same bytes.\nSee docs/evidence.md (Report).',
      );
  },
  run(opts: ReportOptions) {
    const format = opts.format ?? (opts.out && /\.html?$/i.test(opts.out) ? 'html' : 'md');
    if (format !== 'md' && format !== 'html')
      throw new UserError(
        `--format must be md or html (got "${safeText(opts.format, { max: 40 })}")`,
      );
    const { path } = resolveDbPath(opts.db);
    if (opts.out) {
      try {
        refuseCaseFileTarget(opts.out, path);
      } catch (err) {
        throw new UserError(safeText((err as Error).message));
      }
    }
    let db = openCase(path, 'read');
    let text: string;
    try {
      db = bringUpToDate(db, ['notable', 'credentials']);
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
      // a report replaces an earlier one of the same name: written beside it, then renamed
      writeOutputFile(opts.out, text, { overwrite: true, caseFile: path });
    } catch (err) {
      throw new UserError(
        `cannot write ${safeText(opts.out)}: ${safeText((err as Error).message)}`,
      );
    }
    process.stderr.write(`report written to ${safeText(opts.out)} (${format})\n`);
    return EXIT_OK;
  },
};
