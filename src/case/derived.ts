// The derived tables of a case file, declared once: what each is called, how it is stamped, how to
// tell it is fresh and how to refresh it. `index` refreshes the stale ones after the load
// (refreshAfterIndex); commands that read them bring them up to date on open (bringUpToDate), so
// an up-to-date case file is never written by a reader.
import type { Database } from 'better-sqlite3';
import { getMeta, hasTable } from '../store/db.js';
import { restoreDroppedIndexes } from '../store/dropped-indexes.js';
import { maxEventRowid } from '../store/notable.js';
import { hasSigmaTables, hasUnpublished, maxRowid, storedRules } from '../store/sigma.js';
import { ensureQueryIndexes, queryIndexesPresent } from '../store/query-indexes.js';
import { computedTo, STAMPS, stampFresh, type Stamp } from './derived-stamps.js';
import { beginNotable, computeNotable, evaluateNotable, writeNotable } from './notable/evaluate.js';
import {
  computeNotableApart,
  notableWorkerFile,
  type ApartReads,
} from './notable/notable-thread.js';
import { getInsights, saveInsights, type ComputedInsights } from './insights.js';
import { claimTaken, newClaim, takeClaim } from './apart-thread.js';
import { evaluateSigma } from './sigma/apply.js';
import { refreshCredentials } from './lineage-refresh.js';
import { collectBetweenPasses } from '../util/heap-valve.js';
import { forDerived, type Notify } from './open.js';
import { hasUnsettledVariants } from '../store/variants.js';
import { settleVariants } from './variants.js';

export type DerivedName =
  'notable' | 'insights' | 'sigma' | 'credentials' | 'query-indexes' | 'variants';

export interface DerivedTable {
  readonly name: DerivedName;
  /** What a notice calls it: "bringing rule results up to date". */
  readonly label: string;
  /** Version and coverage in `meta`; null where freshness is kept otherwise (see `alsoFresh`). */
  readonly stamp: Stamp | null;
  /** What else must hold for the rows to be current (the table exists, no rule waits). */
  readonly alsoFresh?: (db: Database) => boolean;
  /** Bring the rows up to date; events with rowid > `sinceRowid` are new to them. */
  readonly refresh: (db: Database, sinceRowid: number) => void;
  /** A cache: a failed refresh leaves it stale (its readers compute it) instead of failing the run. */
  readonly cache: boolean;
}

/**
 * In refresh order: Sigma publishes its hits into the notable summary the built-in rules rebuild.
 * (In an index run whose rules read on a thread of their own, the rules and the Insights are
 * written after the others: refreshAfterIndex.)
 */
export const DERIVED_TABLES: readonly DerivedTable[] = [
  {
    name: 'notable',
    label: 'rule results',
    stamp: STAMPS.notable,
    refresh: (db, sinceRowid) => void evaluateNotable(db, { sinceRowid }),
    cache: false,
  },
  {
    name: 'insights',
    label: 'Insights',
    stamp: STAMPS.insights,
    refresh: (db) => void getInsights(db, { refresh: true }),
    cache: true,
  },
  {
    name: 'sigma',
    label: 'rule results',
    stamp: null,
    // each recorded rule keeps how far it ran (packs are added and changed between index runs)
    alsoFresh: (db) => !sigmaPending(db),
    refresh: (db) => void evaluateSigma(db),
    cache: false,
  },
  {
    name: 'credentials',
    label: 'credential chains',
    stamp: STAMPS.credentials,
    alsoFresh: (db) => hasTable(db, 'credentials') && getMeta(db, 'credentials_rebuild') !== '1',
    refresh: (db, sinceRowid) => void refreshCredentials(db, sinceRowid),
    cache: false,
  },
  {
    // differing copies compared by value (only those whose bytes differ are ever recorded)
    name: 'variants',
    label: 'differing copies',
    stamp: null,
    alsoFresh: (db) => !hasUnsettledVariants(db),
    refresh: (db) => settleVariants(db),
    cache: false,
  },
  {
    name: 'query-indexes',
    label: 'query indexes',
    stamp: null,
    alsoFresh: queryIndexesPresent,
    refresh: (db) => ensureQueryIndexes(db),
    cache: false,
  },
];

function declared(name: DerivedName): DerivedTable {
  return DERIVED_TABLES.find((t) => t.name === name)!;
}

/** The one freshness check: computed by this version over exactly the events there are. */
export function isFresh(db: Database, name: DerivedName): boolean {
  const t = declared(name);
  if (t.stamp && !stampFresh(db, t.stamp)) return false;
  return t.alsoFresh ? t.alsoFresh(db) : true;
}

/** Of `names`, the tables that are not fresh, in refresh order. */
export function staleTables(db: Database, names: readonly DerivedName[]): DerivedTable[] {
  return DERIVED_TABLES.filter((t) => names.includes(t.name) && !isFresh(db, t.name));
}

function refreshOne(db: Database, t: DerivedTable, sinceRowid: number): void {
  if (!t.cache) return t.refresh(db, sinceRowid);
  try {
    t.refresh(db, sinceRowid);
  } catch {
    // left stale on purpose: its readers (`insights`, the TUI) compute a stale cache
  }
}

/**
 * After an index run's load, in the writer: every stale table is refreshed. `lastRowidBefore` is
 * the last rowid before the run (0 after --rebuild): incremental refreshes start there. The
 * notable rules only read until they write their findings: with other tables to refresh (and 50k
 * events or more), they read on a thread of their own meanwhile (the parse workers' core is idle
 * by now) and their findings are written after the others. The Insights only read too: whichever
 * of the writer and that thread is free first takes them (apart-thread.ts's claim). Returns each
 * refresh's milliseconds; `notable` is the rules' own time wherever they ran, `notable-wait` their
 * time on the writer's path (their first and last steps, and the wait for the thread),
 * `notable-thread` the thread's own time (absent when it failed); `insights-thread` is present when
 * the thread computed the Insights.
 */
export async function refreshAfterIndex(
  db: Database,
  lastRowidBefore: number,
  opts: {
    notableWorker?: URL | null;
    apartFromEvents?: number;
    /** The Insights' claim (tests give one already taken, as by a thread that started first). */
    insightsClaim?: Int32Array;
    /**
     * Asked between passes and while the rules' thread is awaited (a Ctrl-C): true stops there,
     * the passes not done left stale for the next run or reader to refresh.
     */
    stopRequested?: () => boolean;
  } = {},
): Promise<Record<string, number>> {
  const ms: Record<string, number> = {};
  // the rules' thread: the compiled one beside this module (none under vitest; tests give others)
  const worker = opts.notableWorker === undefined ? notableWorkerFile() : opts.notableWorker;
  const stale = DERIVED_TABLES.filter((t) => !isFresh(db, t.name)).map((t) => t.name);
  const insights = stale.includes('insights') ? (opts.insightsClaim ?? newClaim()) : null;
  const apart =
    worker &&
    !db.memory &&
    stale.includes('notable') &&
    stale.length > 1 && // with nothing to do meanwhile, a thread is only its start
    maxEventRowid(db) >= (opts.apartFromEvents ?? APART_FROM_EVENTS)
      ? notableApart(db, lastRowidBefore, worker, insights)
      : null;
  const refresh = (t: DerivedTable): void => {
    // each pass starts from a heap the last one handed back (the run's peak RSS is a promise)
    collectBetweenPasses();
    const at = performance.now();
    refreshOne(db, t, lastRowidBefore);
    ms[t.name] = Math.round(performance.now() - at);
  };
  // each pass is one synchronous step: a Ctrl-C's handler runs in the turn given between them
  const stopped = async (): Promise<boolean> => {
    if (!opts.stopRequested) return false;
    await new Promise((resolve) => setImmediate(resolve));
    return opts.stopRequested();
  };
  try {
    for (const t of DERIVED_TABLES)
      if (!(apart && (t.name === 'notable' || t.name === 'insights')) && !isFresh(db, t.name)) {
        if (await stopped()) {
          apart?.stop();
          return ms;
        }
        refresh(t);
      }
    if (await stopped()) {
      apart?.stop();
      return ms;
    }
    // the writer is free: the Insights are its own unless the thread took them
    if (apart && insights && takeClaim(insights)) refresh(declared('insights'));
  } catch (err) {
    // the run fails here: its rules' thread must not keep the process (and the case file) open
    apart?.stop();
    throw err;
  }
  if (apart) {
    const r = await untilStopped(apart.finish(opts.stopRequested), opts.stopRequested, apart.stop);
    if (!r) return ms;
    Object.assign(ms, r.ms);
    if (r.insights) {
      const at = performance.now();
      try {
        saveInsights(db, r.insights.computed);
      } catch {
        // a cache, as in refreshOne: left stale, its readers compute it
      }
      ms.insights = r.insights.ms + Math.round(performance.now() - at);
      ms['insights-thread'] = r.insights.ms;
    } else if (insights && claimTaken(insights) && !('insights' in ms)) {
      // the thread took them and failed: computed here, as without it
      refresh(declared('insights'));
    }
  }
  return ms;
}

/**
 * `finishing`, unless a stop is requested first (asked every 100 ms): then `onStop` (the thread
 * ends), and null once `finishing` has given up too.
 */
async function untilStopped<T>(
  finishing: Promise<T | null>,
  stopRequested: (() => boolean) | undefined,
  onStop: () => void,
): Promise<T | null> {
  if (!stopRequested) return finishing;
  let timer: NodeJS.Timeout | undefined;
  const stop = new Promise<typeof STOP>((resolve) => {
    timer = setInterval(() => {
      if (stopRequested()) resolve(STOP);
    }, 100);
  });
  try {
    const first = await Promise.race([finishing, stop]);
    if (first !== STOP) return first;
    onStop();
    await finishing.catch(() => null);
    return null;
  } finally {
    clearInterval(timer);
  }
}
const STOP = Symbol('stop');

/**
 * Below this many events the rules stay in the writer's thread: a thread's start (its modules and
 * its connection, ~0.2 s) cost more than it saved on the demo's 20k events (derived passes 640 ms
 * in line, 680–760 ms apart); at 200k it saves a third of the rules' time.
 */
const APART_FROM_EVENTS = 50_000;

/**
 * The notable rules started on a thread of their own (their first step, in this connection, is
 * committed first: the thread reads what it wrote); the function returned finishes them, and hands
 * back the Insights when the thread computed them.
 */
function notableApart(
  db: Database,
  lastRowidBefore: number,
  file: URL,
  insightsClaim: Int32Array | null,
): {
  /** Null when a stop was requested and the thread did not answer (nothing written). */
  finish: (stopRequested?: () => boolean) => Promise<{
    ms: Record<string, number>;
    insights: { computed: ComputedInsights; ms: number } | null;
  } | null>;
  stop: () => void;
} {
  const at = performance.now();
  const run = beginNotable(db, lastRowidBefore);
  const beginMs = performance.now() - at;
  const computing = computeNotableApart(file, db.name, run, insightsClaim);
  const finish = async (stopRequested?: () => boolean) => {
    const waitFrom = performance.now();
    let computeMs: number;
    let threadMs: number | undefined;
    let reads: ApartReads;
    try {
      const r = await computing.answer;
      reads = r.result;
      threadMs = r.ms - (reads.insightsMs ?? 0);
      computeMs = threadMs;
    } catch (err) {
      // stopped (a Ctrl-C): the rules stay stale, for the next run or reader
      if (stopRequested?.()) return null;
      // the thread could not run (or died): the same computation, here (derivedMs then has no
      // `notable-thread`; TRAILSCOPE_DEBUG says why)
      if (process.env.TRAILSCOPE_DEBUG)
        process.stderr.write(`trailscope: the rules' thread failed: ${(err as Error).message}\n`);
      const at = performance.now();
      reads = { findings: computeNotable(db, run) };
      computeMs = performance.now() - at;
    }
    const waitMs = performance.now() - waitFrom;
    const writeFrom = performance.now();
    writeNotable(db, run, reads.findings);
    const writeMs = performance.now() - writeFrom;
    return {
      ms: {
        notable: Math.round(beginMs + computeMs + writeMs),
        'notable-wait': Math.round(beginMs + waitMs + writeMs),
        ...(threadMs === undefined ? {} : { 'notable-thread': threadMs }),
      },
      insights: reads.insights ? { computed: reads.insights, ms: reads.insightsMs ?? 0 } : null,
    };
  };
  return { finish, stop: computing.stop };
}

/**
 * A command is about to read `names`: the stale ones are refreshed, in the case file when it can
 * be written, else in a temporary copy for this run (forDerived says which). Returns the
 * connection to read from (the same one when everything was fresh).
 */
export function bringUpToDate(
  db: Database,
  names: readonly DerivedName[],
  notify?: Notify,
): Database {
  const stale = staleTables(db, names);
  if (stale.length === 0) return db;
  const labels = [...new Set(stale.map((t) => t.label))].join(' and ');
  const rw = forDerived(db, labels, notify);
  // a killed or failed index run's dropped indexes first: the refreshes look values up
  restoreDroppedIndexes(rw);
  // a table another run refreshed meanwhile is skipped; the others resume where their stamp ends
  for (const t of staleTables(rw, names))
    refreshOne(rw, t, t.stamp ? (computedTo(rw, t.stamp) ?? 0) : 0);
  return rw;
}

/**
 * Recorded Sigma detections that have not run over exactly the events there are (evaluateSigma
 * would scan and write). Correlations are recomputed by every evaluation, so they are current
 * whenever the detections are.
 */
function sigmaPending(db: Database): boolean {
  if (!hasSigmaTables(db)) return false;
  if (hasUnpublished(db)) return true;
  const top = maxRowid(db);
  return storedRules(db).some(
    (r) => r.status === 'loaded' && r.kind !== 'correlation' && r.done_rowid !== top,
  );
}
