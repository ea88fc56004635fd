/**
 * Issue #10 carving: index two days out of thirty (`index --from --to`) with the built CLI and
 * compare with the full run over the same tree: time (target: at most a tenth), files left
 * unopened, and whether exactly the events of the window were kept (counted in the full case file).
 */
import { formatTime } from '../domain/time.js';
import { rmSync } from 'node:fs';
import { countEvents } from '../store/event-pages.js';
import { openCaseFile } from '../store/db.js';
import { runChild } from './child.js';
import type { Figure } from './figures.js';

export interface CarveWindow {
  /** `--from` and `--to` as given (inclusive; `--to` to the second). */
  from: string;
  to: string;
  fromMs: number;
  /** Exclusive end of the window in ms. */
  endMs: number;
  /** What the window is, for the note ("2 of 30 days"). */
  label: string;
}

/** The window of `share` of [startMs, endMs], starting at `at` (0..1) of the span, to the second. */
export function carveWindow(
  startMs: number,
  endMs: number,
  share: number,
  at: number,
  label: string,
): CarveWindow {
  const span = endMs - startMs;
  const fromMs = Math.floor((startMs + span * at) / 1000) * 1000;
  const endExclusive = Math.floor((fromMs + span * share) / 1000) * 1000;
  const text = (ms: number): string => formatTime(ms);
  return {
    from: text(fromMs),
    to: text(endExclusive - 1000),
    fromMs,
    endMs: endExclusive,
    label,
  };
}

export async function benchCarve(o: {
  section: string;
  cli: string;
  evidence: string;
  fullDbPath: string;
  carveDbPath: string;
  window: CarveWindow;
  fullWallMs: number;
  /** Why this corpus's delivery defeats carving, when it does. */
  caveat?: string;
}): Promise<Figure[]> {
  const S = o.section;
  for (const suffix of ['', '-wal', '-shm']) rmSync(o.carveDbPath + suffix, { force: true });
  const args = ['index', o.evidence, '--db', o.carveDbPath, '--json'];
  const run = await runChild(process.execPath, [
    o.cli,
    ...args,
    '--from',
    o.window.from,
    '--to',
    o.window.to,
  ]);
  if (run.code !== 0 && run.code !== 1) {
    return [
      {
        section: S,
        name: `carve ${o.window.label}`,
        unit: 's',
        measured: null,
        note: `index --from/--to failed (exit ${run.code}): ${run.stderr.trim().slice(-200)}`,
      },
    ];
  }
  const summary = JSON.parse(run.stdout) as {
    files: { found: number; indexed: number; digest: number; outsideWindow: number };
    events: { total: number };
    carved: { window: number };
  };
  const full = openCaseFile(o.fullDbPath, { readonly: true });
  let expected: number;
  try {
    expected = countEvents(full, {
      where: 'e.time_ms >= ? AND e.time_ms < ?',
      params: [o.window.fromMs, o.window.endMs],
    });
  } finally {
    full.close();
  }
  const secs = run.wallMs / 1000;
  const f = summary.files;
  return [
    {
      section: S,
      name: `carve ${o.window.label}: index --from --to`,
      unit: 's',
      measured: secs,
      note:
        `${o.window.from} → ${o.window.to}; ${f.indexed.toLocaleString('en-US')} log + ${f.digest.toLocaleString('en-US')} digest files read, ` +
        `${f.outsideWindow.toLocaleString('en-US')} of ${f.found.toLocaleString('en-US')} left unopened` +
        (run.cpuSeconds === null ? '' : `; ${run.cpuSeconds.toFixed(1)} CPU s`),
    },
    {
      section: S,
      name: 'carve time / full index time',
      unit: 'x',
      measured: o.fullWallMs > 0 ? run.wallMs / o.fullWallMs : null,
      target: { kind: 'max', value: 0.1 },
      note: `full run ${(o.fullWallMs / 1000).toFixed(1)} s`,
    },
    {
      section: S,
      name: 'carve keeps exactly the window',
      unit: 'events',
      measured: summary.events.total,
      note:
        summary.events.total === expected
          ? `exact: the full case file holds ${expected.toLocaleString('en-US')} events in the window; ${summary.carved.window.toLocaleString('en-US')} read outside it were dropped`
          : `MISMATCH: the full case file holds ${expected.toLocaleString('en-US')} events in the window${o.caveat ? ` (${o.caveat})` : ''}`,
    },
  ];
}
