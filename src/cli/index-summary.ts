import type { IndexSummary, PathNote } from '../ingest/pipeline.js';
import { SHAPE_LABELS, type Shape } from '../ingest/unwrap.js';
import { safeText } from '../util/safe-text.js';

const LISTED = 20;

function n(x: number): string {
  return x.toLocaleString('en-US');
}

function notes(title: string, items: PathNote[], total: number): string[] {
  if (total === 0) return [];
  const out = [`${title} (${n(total)}):`];
  for (const it of items.slice(0, LISTED))
    out.push(`  ${safeText(it.path, { max: 160 })}: ${safeText(it.reason, { max: 600 })}`);
  if (total > LISTED) out.push(`  … and ${n(total - LISTED)} more (--json lists up to 1,000)`);
  return out;
}

/** The human summary of an index run; every path and reason passes through safeText. */
export function formatSummary(s: IndexSummary): string {
  const f = s.files;
  const lines: string[] = [];
  if (s.interrupted)
    lines.push(
      `Interrupted: ${safeText(s.dbPath)} is consistent; run the same command again to finish.`,
    );
  else if (f.found === 0 && s.events.total === 0) lines.push('No files found to index.');
  else lines.push(`Indexed into ${safeText(s.dbPath)}`);
  const parts = [`${n(f.indexed)} indexed`];
  if (f.digest) parts.push(`${n(f.digest)} digest`);
  parts.push(`${n(f.skippedUnchanged)} unchanged (skipped)`);
  if (f.skippedAliases)
    parts.push(`${n(f.skippedAliases)} ${f.skippedAliases === 1 ? 'alias' : 'aliases'} (skipped)`);
  if (f.notCloudTrail) parts.push(`${n(f.notCloudTrail)} not CloudTrail`);
  parts.push(`${n(f.failed)} failed`);
  if (f.notRead) parts.push(`${n(f.notRead)} not read (interrupted)`);
  if (f.outsideWindow) parts.push(`${n(f.outsideWindow)} outside the carve window (not opened)`);
  lines.push(`  files:   ${n(f.found)} found: ${parts.join(', ')}`);
  const shapes = Object.entries(s.shapes).sort((a, b) => b[1] - a[1]);
  if (shapes.length)
    lines.push(
      `  shapes:  ${shapes.map(([k, v]) => `${SHAPE_LABELS[k as Shape] ?? k} ${n(v)}`).join('; ')}`,
    );
  lines.push(
    `  events:  ${n(s.events.read)} read, ${n(s.events.added)} added, ${n(s.events.duplicates)} duplicates (already in the case file); ${n(s.events.total)} in total`,
  );
  if (s.carved && s.carved.window + s.carved.where > 0) {
    lines.push(
      `  carved:  ${n(s.carved.window)} event(s) outside the window, ${n(s.carved.where)} filtered by --where (not indexed; a wider run adds them)`,
    );
  }
  lines.push(`  time:    ${s.seconds.toFixed(1)} s (${n(s.eventsPerSecond)} events/s)`);
  lines.push(...notes('Failed', s.failed, f.failed));
  lines.push(...notes('Not CloudTrail', s.notCloudTrail, f.notCloudTrail));
  lines.push(
    ...notes(
      'Skipped, another name for a file or folder already found',
      s.aliases,
      f.skippedAliases,
    ),
  );
  lines.push(...notes('Warnings', s.warnings, s.warnings.length));
  return lines.join('\n') + '\n';
}
