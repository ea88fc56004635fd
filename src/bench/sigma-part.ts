/**
 * Issue #14: what 500 Sigma rules cost an index run. The same tree is indexed with `--rules` (the
 * pack read, recorded, evaluated in the parse workers and published) by the built CLI, and compared
 * with the plain index run of the same benchmark (wall and CPU). Two packs of the same rule shapes:
 * one naming every event name the evidence has (a stress test: every record meets ~3 rules by its
 * name, and there are more hits than events), one naming the calls the built-in catalogue watches
 * (shaped like public packs, whose rules name sensitive calls). Loading the pack's YAML is measured
 * apart, since it does not grow with the evidence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseFile } from '../store/db.js';
import { loadPack } from '../domain/sigma/load.js';
import { runChild } from './child.js';
import type { Figure } from './figures.js';
import { writeRulePack } from './sigma-rules.js';
import { RULES } from '../domain/notable/rules.js';

export const SIGMA_RULES = 500;
/** Runs with and without the rules, in turn (the index part's run is the first without). */
const PAIRS = 3;

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

/**
 * The event names the built-in catalogue watches (the sensitive calls public packs name: trail
 * changes, key and policy changes, sharing, secrets), for a second pack shaped like public ones.
 */
function catalogueNames(): string[] {
  const names = new Set<string>();
  for (const r of RULES) {
    const n = (r as { names?: unknown }).names;
    if (Array.isArray(n)) for (const x of n) if (typeof x === 'string') names.add(x);
  }
  return [...names].sort();
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
  pairs?: number;
}): Promise<Figure[]> {
  const S = o.section;
  const rules = o.rules ?? SIGMA_RULES;
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-sigma-'));
  try {
    const pack = join(dir, 'pack');
    writeRulePack(pack, rules, eventNames(o.plainDbPath));
    // the same rule shapes naming the catalogue's sensitive calls instead of every name the
    // evidence has: most records then meet no rule's event name, as with public packs
    const publicPack = join(dir, 'catalogue-pack');
    const publicNames = catalogueNames();
    writeRulePack(publicPack, rules, publicNames);
    const publicDb = join(dir, 'catalogue.db');
    const publicWall: number[] = [];
    const publicCpu: number[] = [];
    let publicRun: Awaited<ReturnType<typeof runChild>> | null = null;
    const c = process.cpuUsage();
    const t = performance.now();
    loadPack(pack);
    const loadWall = performance.now() - t;
    const u = process.cpuUsage(c);
    const loadCpu = (u.user + u.system) / 1e6;
    // plain and ruled runs in turn, the least of each compared: on a 2-core machine one run's
    // figures move by 10-20 % with the load, more than the cost being measured
    const plainDb = join(dir, 'plain.db');
    const plainWall = [o.plainWallMs];
    const plainCpu = o.plainCpuSeconds === null ? [] : [o.plainCpuSeconds];
    const ruledWall: number[] = [];
    const ruledCpu: number[] = [];
    let run: Awaited<ReturnType<typeof runChild>> | null = null;
    for (let i = 0; i < (o.pairs ?? PAIRS); i++) {
      if (i > 0) {
        for (const suffix of ['', '-wal', '-shm']) rmSync(plainDb + suffix, { force: true });
        const plain = await runChild(process.execPath, [
          o.cli,
          'index',
          o.evidence,
          '--db',
          plainDb,
        ]);
        plainWall.push(plain.wallMs);
        if (plain.cpuSeconds !== null) plainCpu.push(plain.cpuSeconds);
      }
      for (const suffix of ['', '-wal', '-shm']) rmSync(o.ruledDbPath + suffix, { force: true });
      run = await runChild(process.execPath, [
        o.cli,
        'index',
        o.evidence,
        '--db',
        o.ruledDbPath,
        '--rules',
        pack,
        '--json',
      ]);
      if (run.code !== 0 && run.code !== 1) break;
      ruledWall.push(run.wallMs);
      if (run.cpuSeconds !== null) ruledCpu.push(run.cpuSeconds);
      for (const suffix of ['', '-wal', '-shm']) rmSync(publicDb + suffix, { force: true });
      publicRun = await runChild(process.execPath, [
        o.cli,
        'index',
        o.evidence,
        '--db',
        publicDb,
        '--rules',
        publicPack,
        '--json',
      ]);
      if (publicRun.code === 0 || publicRun.code === 1) {
        publicWall.push(publicRun.wallMs);
        if (publicRun.cpuSeconds !== null) publicCpu.push(publicRun.cpuSeconds);
      }
    }
    if (!run || (run.code !== 0 && run.code !== 1))
      return [
        {
          section: S,
          name: `index --rules (${rules} Sigma rules)`,
          unit: 's',
          measured: null,
          note: `index failed (exit ${run?.code}): ${run?.stderr.slice(0, 200)}`,
        },
      ];
    const hitsIn = (path: string): number => {
      const db = openCaseFile(path, { readonly: true });
      try {
        return db
          .prepare("SELECT count(*) FROM event_notable WHERE rule_id LIKE 'sigma:%'")
          .pluck()
          .get() as number;
      } finally {
        db.close();
      }
    };
    const hits = hitsIn(o.ruledDbPath);
    const least = (xs: number[]): number | null => (xs.length ? Math.min(...xs) : null);
    const inside = sigmaTimeOf(run.stdout);
    const pw = least(plainWall)!;
    const rw = least(ruledWall)!;
    const pc = least(plainCpu);
    const rc = least(ruledCpu);
    const runs = `least of ${ruledWall.length} runs with rules and ${plainWall.length} without, in turn`;
    const secs = (xs: number[]): string => xs.map((x) => (x / 1000).toFixed(1)).join(', ');
    /** A pack's cost against the plain runs, wall and CPU (`which`: the pack, in the names). */
    const cost = (which: string, wall: number, cpu: number | null, cpuNote: string): Figure[] => [
      {
        section: S,
        name: `Sigma cost, wall${which}`,
        unit: '%',
        measured: ((wall - pw) / pw) * 100,
        target: { kind: 'max', value: 10 },
        note: runs,
      },
      {
        section: S,
        name: `Sigma cost, CPU${which}`,
        unit: '%',
        measured: cpu !== null && pc ? ((cpu - pc) / pc) * 100 : null,
        target: { kind: 'max', value: 10 },
        note: cpuNote,
      },
    ];
    const publicFigures = (): Figure[] => {
      const w = least(publicWall);
      const c = least(publicCpu);
      if (w === null || !publicRun)
        return [
          {
            section: S,
            name: 'index --rules, catalogue-shaped pack',
            unit: 's',
            measured: null,
            note: `index failed (exit ${publicRun?.code}): ${publicRun?.stderr.slice(0, 200)}`,
          },
        ];
      const seen = sigmaTimeOf(publicRun.stdout);
      return [
        {
          section: S,
          name: 'index --rules, catalogue-shaped pack',
          unit: 's',
          measured: w / 1000,
          note: `${rules} rules of the same shapes naming the ${publicNames.length} calls the built-in rules watch; ${hitsIn(publicDb).toLocaleString('en-US')} hits; ${c?.toFixed(1) ?? '?'} CPU s; runs ${secs(publicWall)} s${seen ? `; inside the run ${(insideMs(seen) / 1000).toFixed(2)} s` : ''}`,
        },
        ...cost(' (catalogue-shaped pack)', w, c, 'CPU of every thread (/proc)'),
      ];
    };
    return [
      {
        section: S,
        name: `index --rules (${rules} Sigma rules)`,
        unit: 's',
        measured: rw / 1000,
        note: `${hits.toLocaleString('en-US')} hits; ${rc?.toFixed(1) ?? '?'} CPU s; runs ${secs(ruledWall)} s; without rules ${secs(plainWall)} s, ${pc?.toFixed(1) ?? '?'} CPU s`,
      },
      ...cost('', rw, rc, `CPU of every thread (/proc); ${runs}`),
      {
        section: S,
        name: 'Sigma evaluation, measured inside the run',
        unit: 's',
        measured: inside ? insideMs(inside) / 1000 : null,
        note: inside
          ? `parse threads ${(inside.parseMs / 1000).toFixed(1)} s (time in the rules, all workers added up; includes time the thread waited for a core), writing hits ${(inside.writeMs / 1000).toFixed(1)} s, publishing ${(inside.publishMs / 1000).toFixed(1)} s; ${pc ? `${((insideMs(inside) / 1000 / pc) * 100).toFixed(1)} % of the plain run's CPU` : ''}`
          : 'the index summary (--json) had no sigmaTime',
      },
      ...publicFigures(),
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

type SigmaTime = { parseMs: number; writeMs: number; publishMs: number };

/** Everything the run counted as the rules' time. */
const insideMs = (t: SigmaTime): number => t.parseMs + t.writeMs + t.publishMs;

/** The index summary's own measure of the rules (`sigmaTime`), from `index --json`. */
function sigmaTimeOf(stdout: string): SigmaTime | null {
  try {
    const s = JSON.parse(stdout) as { sigmaTime?: SigmaTime };
    return s.sigmaTime ?? null;
  } catch {
    return null;
  }
}
