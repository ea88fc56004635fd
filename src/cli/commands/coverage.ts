import type { CommandSpec } from '../command-spec.js';
import { DB_OPTION_HELP, resolveDbPath } from '../db-path.js';
import { EXIT_OK, EXIT_PARTIAL, UserError } from '../exit.js';
import { safeJson } from '../safe-json.js';
import { openCase } from '../../case/open.js';
import { loadCoverage } from '../../case/coverage.js';
import { coverageJson } from '../../domain/coverage/json.js';
import {
  CELL_LEGEND,
  CoverageTooWideError,
  DAY_MS,
  cellGlyph,
} from '../../domain/coverage/build.js';
import type { Coverage, CoverageZoom } from '../../domain/coverage/types.js';
import { formatTime } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';

const day = (ms: number) => formatTime(ms, 'date');
const when = (ms: number | null) => (ms === null ? '(end of the evidence)' : formatTime(ms));

/** The grid as text: hours one line per UTC day (24 columns), days one line per 28 days. */
export function formatCoverageText(c: Coverage): string {
  const out: string[] = [];
  if (c.from === null || c.to === null)
    return 'the case file holds no events, log files or digests with a time\n';
  out.push(
    `coverage by ${c.zoom}, ${formatTime(c.from)} → ${formatTime(c.to)} (UTC); ${c.accounts.length} account(s), ${c.regions.length} region(s)`,
  );
  out.push(
    c.verdictsUsed
      ? 'digest states include the verdicts `trailscope verify` stored'
      : 'digest states are from the digests alone (run `trailscope verify` to check them)',
  );
  out.push('legend: ' + CELL_LEGEND.map(([g, m]) => `${g} ${m}`).join('; '));
  for (const r of c.rows) {
    const events = r.cells.reduce((n, x) => n + x.events, 0);
    const files = r.cells.reduce((n, x) => n + x.files, 0);
    const gaps = r.cells.filter((x) => x.digest === 'gap').length;
    const blind = r.cells.filter((x) => x.blind.length).length;
    out.push(
      '',
      `${safeText(r.account)} ${safeText(r.region)}: ${events} events, ${files} files, ${gaps} ${c.zoom}(s) in a digest gap, ${blind} ${c.zoom}(s) in a blind window`,
    );
    const glyphs = r.cells.map(cellGlyph);
    if (c.zoom === 'hour') {
      const first = Math.floor(c.from / DAY_MS) * DAY_MS;
      for (let d = first; d < c.to; d += DAY_MS) {
        let line = '';
        for (let h = 0; h < 24; h++) {
          const i = (d + h * 3600_000 - c.from) / 3600_000;
          line += glyphs[i] ?? ' ';
        }
        out.push(`  ${day(d)} ${line}`);
      }
    } else {
      for (let i = 0; i < glyphs.length; i += 28)
        out.push(`  ${day(c.from + i * DAY_MS)} ${glyphs.slice(i, i + 28).join('')}`);
    }
  }
  out.push(
    '',
    c.blindWindows.length
      ? 'blind windows (successful logging changes):'
      : 'no blind windows: no successful logging change in the evidence',
  );
  for (const b of c.blindWindows) {
    out.push(
      `  ${b.kind.padEnd(17)} ${formatTime(b.from)} → ${when(b.to)}  ${safeText(b.account)} ${b.regions.map((x) => safeText(x)).join(',')}`,
    );
    out.push(
      `    ${safeText(b.reason)} (event ${safeText(b.fromEventId)}${b.toEventId ? `, ended by ${safeText(b.toEventId)}` : ''})`,
    );
  }
  out.push(
    '',
    c.gaps.length ? 'digest gaps (what the chains of digests say is missing):' : 'no digest gaps',
  );
  for (const g of c.gaps)
    out.push(
      `  ${safeText(g.chain)} ${g.from === null ? '(before the evidence)' : formatTime(g.from)} → ${formatTime(g.to)}: ${safeText(g.reason)}`,
    );
  if (c.carveWindows)
    out.push(
      '',
      `indexed under carve window(s) ${c.carveWindows.map((w) => `${w.from === null ? '(start)' : formatTime(w.from)} → ${w.to === null ? '(end)' : formatTime(w.to)}`).join(', ')}: cells outside (~) were not read, nothing is claimed there${c.gapsOutsideCarve ? ` (${c.gapsOutsideCarve} digest gap(s) outside are not reported)` : ''}`,
    );
  if (c.filteredAtIngest.length)
    out.push(
      '',
      `filtered at ingest (--where ${c.filteredAtIngest.map((w) => safeText(w)).join('; ')}): an hour without events says only that no kept event fell in it`,
    );
  if (c.filesWithoutPlace)
    out.push(
      '',
      `${c.filesWithoutPlace} indexed file(s) are not S3 deliveries (no account, region and hour in their name): their events count, the files do not`,
    );
  return out.join('\n') + '\n';
}

export const coverageCommand: CommandSpec = {
  name: 'coverage',
  configure(cmd) {
    cmd
      .option('--db <file>', DB_OPTION_HELP)
      .option('--by <unit>', 'hour or day (default hour)')
      .option(
        '--json',
        'print one JSON object: { zoom, from, to, rows: [{ account, region, cells }], blindWindows, gaps }',
      )
      .addHelpText(
        'after',
        '\nExit status: 0 a grid was printed, 1 the case file holds nothing with a time, 2 usage or case-file error.\nSee docs/evidence.md (Coverage).',
      );
  },
  run(opts: { db?: string; by?: string; json?: boolean }) {
    const zoom = (opts.by ?? 'hour') as CoverageZoom;
    if (zoom !== 'hour' && zoom !== 'day')
      throw new UserError(`--by must be hour or day (got "${safeText(opts.by, { max: 40 })}")`);
    const { path } = resolveDbPath(opts.db);
    const db = openCase(path, 'read');
    let cov: Coverage;
    try {
      cov = loadCoverage(db, zoom);
    } catch (err) {
      if (err instanceof CoverageTooWideError) throw new UserError(err.message);
      throw err;
    } finally {
      db.close();
    }
    process.stdout.write(
      opts.json ? safeJson(coverageJson(cov), 2) + '\n' : formatCoverageText(cov),
    );
    return cov.from === null ? EXIT_PARTIAL : EXIT_OK;
  },
};
