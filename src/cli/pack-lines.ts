// What a Sigma pack given on the command line loaded and changed, as stderr lines (shared by
// `index`, `notable` and `rules`; no heavy imports: `index` prints them after its summary).
import type { PackChange } from '../case/sigma/apply.js';
import type { LoadedPack } from '../domain/sigma/load.js';
import { safeText } from '../util/safe-text.js';

export function packSummary(pack: LoadedPack): string {
  const n = (s: string): number => pack.entries.filter((e) => e.status === s).length;
  const parts = [`${n('loaded')} loaded`];
  if (n('unsupported')) parts.push(`${n('unsupported')} unsupported`);
  if (n('not-cloudtrail')) parts.push(`${n('not-cloudtrail')} not CloudTrail`);
  if (n('error')) parts.push(`${n('error')} with errors`);
  return `rules ${safeText(pack.path)}: ${parts.join(', ')}`;
}

/** What recording a pack changed, with its notes, one line each (stderr). */
export function packLines(pack: LoadedPack, change: PackChange): string[] {
  const what =
    change.added + change.changed + change.removed === 0
      ? 'unchanged'
      : `${change.added} new, ${change.changed} changed, ${change.removed} removed`;
  return [
    `${packSummary(pack)} (${what}); \`trailscope rules\` lists them`,
    ...pack.notes.map((n) => `  ${safeText(n)}`),
  ];
}
