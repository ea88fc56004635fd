import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_OK, EXIT_PARTIAL, UserError } from '../exit.js';
import { safeJson } from '../safe-json.js';
import { formatEvidenceInsights, formatWindows } from '../insights-text.js';
import { openCase } from '../../case/open.js';
import { getInsights } from '../../case/insights.js';
import { formatTime } from '../../domain/time.js';
import { safeText, terminalText } from '../../util/safe-text.js';

interface InsightsOptions {
  db?: string;
  json?: boolean;
  limit?: string;
  refresh?: boolean;
}

export const insightsCommand: CommandSpec = {
  name: 'insights',
  configure(cmd) {
    cmd
      .option('--db <file>', DB_OPTION_HELP)
      .option('--limit <n>', 'windows to list, strongest first (default 30)')
      .option('--refresh', 'recompute instead of using the cached result')
      .option('--json', 'print one JSON object: { span, windows: [...], evidence: [...] }')
      .addHelpText(
        'after',
        '\nPer event name and per account/region: a baseline of calls per minute and error rate over the\n' +
          'evidence, and the windows that depart from it; plus CloudTrail Insights events found in the evidence.\n' +
          'Each window prints the filter that lists its events (for `trailscope query` or the TUI).\n' +
          'Exit status: 0 something found, 1 nothing, 2 usage or case-file error.',
      );
  },
  run(opts: InsightsOptions) {
    const limit = opts.limit === undefined ? 30 : Number(opts.limit);
    if (!Number.isInteger(limit) || limit < 0)
      throw new UserError(
        `--limit must be a whole number (got "${safeText(opts.limit, { max: 40 })}")`,
      );
    const { path } = resolveDbPath(opts.db);
    const db = openCase(path, 'read');
    try {
      const report = getInsights(db, { refresh: opts.refresh });
      const windows = report.windows.slice(0, limit);
      if (opts.json) {
        process.stdout.write(
          safeJson(
            {
              span: report.span && {
                from: formatTime(report.span.from),
                to: formatTime(report.span.to),
              },
              windows: windows.map((w) => ({
                ...w,
                start: formatTime(w.start),
                end: formatTime(w.end),
              })),
              evidence: report.evidence.map((e) => ({ ...e, time: formatTime(e.time) })),
            },
            2,
          ) + '\n',
        );
      } else {
        const width = process.stdout.isTTY ? process.stdout.columns : undefined;
        const out: string[] = [];
        if (!report.span) out.push('no events with a time in this case file');
        else {
          out.push(
            `Evidence ${formatTime(report.span.from)} – ${formatTime(report.span.to)}: ${report.windows.length} anomalous window(s)` +
              (windows.length < report.windows.length
                ? ` (strongest ${windows.length} shown)`
                : ''),
          );
          if (windows.length) {
            out.push(
              '',
              ...formatWindows(windows, width),
              '',
              'Filters (paste into `trailscope query` or the TUI):',
            );
            windows.forEach((w, i) =>
              out.push(`  ${String(i + 1).padStart(2)}. ${terminalText(w.filter)}`),
            );
          }
        }
        if (report.evidence.length)
          out.push(
            '',
            'CloudTrail Insights events in the evidence:',
            ...formatEvidenceInsights(report.evidence, width),
          );
        process.stdout.write(out.join('\n') + '\n');
      }
      return report.windows.length || report.evidence.length ? EXIT_OK : EXIT_PARTIAL;
    } finally {
      db.close();
    }
  },
};
