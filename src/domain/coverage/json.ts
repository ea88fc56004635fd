import { formatTime } from '../time.js';
import type { Coverage } from './types.js';

const t = (ms: number | null): string | null => (ms === null ? null : formatTime(ms));

/** `trailscope coverage --json` (documented in docs/evidence.md "Coverage"): times as UTC ISO strings. */
export function coverageJson(c: Coverage): unknown {
  return {
    zoom: c.zoom,
    from: t(c.from),
    to: t(c.to),
    accounts: c.accounts,
    regions: c.regions,
    verdictsUsed: c.verdictsUsed,
    filesWithoutPlace: c.filesWithoutPlace,
    carveWindows: c.carveWindows && c.carveWindows.map((w) => ({ from: t(w.from), to: t(w.to) })),
    filteredAtIngest: c.filteredAtIngest,
    gapsOutsideCarve: c.gapsOutsideCarve,
    rows: c.rows.map((r) => ({
      account: r.account,
      region: r.region,
      cells: r.cells.map((cell) => ({
        start: t(cell.start),
        events: cell.events,
        files: cell.files,
        digest: cell.digest,
        blind: cell.blind,
        outside: cell.outside,
      })),
    })),
    blindWindows: c.blindWindows.map((b) => ({
      ...b,
      regions: [...b.regions],
      from: t(b.from),
      to: t(b.to),
    })),
    gaps: c.gaps.map((g) => ({ ...g, from: t(g.from), to: t(g.to) })),
  };
}
