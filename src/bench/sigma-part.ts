/**
 * Issue #14: what 500 Sigma rules cost an index run. The same tree is indexed with `--rules` (the
 * pack read, recorded, evaluated in the parse workers and published) by the built CLI, and compared
 * with the plain index run of the same benchmark (wall and CPU). Loading the pack's YAML is
 * measured apart, since it does not grow with the evidence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseFile } from '../store/db.js';
import { loadPack } from '../domain/sigma/load.js';
import { runChild } from './child.js';
import type { Figure } from './figures.js';
import { writeRulePack } from './sigma-rules.js';

export const SIGMA_RULES = 500;

/** Event names of the indexed case file (the generated rules name them, as real packs do). */
function eventNames(dbPath: string): string[] {
  const db = openCaseFile(dbPath, { readonly: true });
  try {
    return db
      .prepare("SELECT value FROM dict WHERE field = 'event_name' ORDER BY value")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

export async function benchSigma(o: {
  section: string;
  cli: string;
  evidence: string;
  /** The plain index run's case file (for the event names) and its figures. */
  plainDbPath: string;
  plainWallMs: number;
  plainCpuSeconds: number | null;
  ruledDbPath: string;
  rules?: number;
}): Promise<Figure[]> {
  const S = o.section;
  const rules = o.rules ?? SIGMA_RULES;
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-sigma-'));
  try {
    const pack = join(dir, 'pack');
    writeRulePack(pack, rules, eventNames(o.plainDbPath));
    const c = process.cpuUsage();
    const t = performance.now();
    loadPack(pack);
    const loadWall = performance.now() - t;
    const u = process.cpuUsage(c);
    const loadCpu = (u.user + u.system) / 1e6;
    for (const suffix of ['', '-wal', '-shm']) rmSync(o.ruledDbPath + suffix, { force: true });
    const run = await runChild(process.execPath, [
      o.cli,
      'index',
      o.evidence,
      '--db',
      o.ruledDbPath,
      '--rules',
      pack,
    ]);
    if (run.code !== 0 && run.code !== 1)
      return [
        {
          section: S,
          name: `index --rules (${rules} Sigma rules)`,
          unit: 's',
          measured: null,
          note: `index failed (exit ${run.code}): ${run.stderr.slice(0, 200)}`,
        },
      ];
    const db = openCaseFile(o.ruledDbPath, { readonly: true });
    let hits: number;
    try {
      hits = db
        .prepare("SELECT count(*) FROM event_notable WHERE rule_id LIKE 'sigma:%'")
        .pluck()
        .get() as number;
    } finally {
      db.close();
    }
    const extraWall = run.wallMs - o.plainWallMs;
    const extraCpu =
      run.cpuSeconds !== null && o.plainCpuSeconds !== null
        ? run.cpuSeconds - o.plainCpuSeconds
        : null;
    return [
      {
        section: S,
        name: `index --rules (${rules} Sigma rules)`,
        unit: 's',
        measured: run.wallMs / 1000,
        note: `${hits.toLocaleString('en-US')} hits; ${run.cpuSeconds?.toFixed(1) ?? '?'} CPU s; the plain run ${(o.plainWallMs / 1000).toFixed(1)} s, ${o.plainCpuSeconds?.toFixed(1) ?? '?'} CPU s`,
      },
      {
        section: S,
        name: 'Sigma cost, wall',
        unit: '%',
        measured: (extraWall / o.plainWallMs) * 100,
        target: { kind: 'max', value: 10 },
        note: 'index --rules against the plain index run; one run each, so load moves it',
      },
      {
        section: S,
        name: 'Sigma cost, CPU',
        unit: '%',
        measured:
          extraCpu !== null && o.plainCpuSeconds ? (extraCpu / o.plainCpuSeconds) * 100 : null,
        target: { kind: 'max', value: 10 },
        note: 'CPU of every thread (/proc), against the plain run',
      },
      {
        section: S,
        name: `reading the pack's YAML (${rules} files)`,
        unit: 's',
        measured: loadCpu,
        note: `CPU, in the index run above; ${(loadWall / 1000).toFixed(2)} s wall here; does not grow with the evidence`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
