// A derived pass's reading half on a worker thread of its own during an index run: after the load
// the parse workers are gone, and reads that need no writer take the idle core while the writer
// refreshes the other tables. The thread answers once, with `{ result, ms }` or `{ error }`; the
// writer writes what comes back (the case file has one writer).
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { openCaseFile } from '../store/db.js';
import { beginApartReads } from '../store/ingest-writer.js';

/**
 * A small young generation: the thread runs beside the writer's passes, and its scavenger's spaces
 * add to the run's peak (1M bench events, the rules alone: 220 -> 194 MiB).
 */
const YOUNG_GENERATION_MB = 8;

export interface ApartAnswer<T> {
  result: T;
  /** The thread's own time: opening the case file and computing. */
  ms: number;
}

export interface Apart<T> {
  /** The answer; rejects when the thread fails, dies or is stopped. */
  readonly answer: Promise<ApartAnswer<T>>;
  /** Ends the thread (the writer gave up on the run: nothing keeps the process alive after it). */
  stop(): void;
}

/** Start `file` with `workerData`; `what` names the thread in the error when it ends unanswered. */
export function runApart<T>(file: URL, workerData: unknown, what: string): Apart<T> {
  let w: Worker | null = null;
  const answer = new Promise<ApartAnswer<T>>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
    };
    w = new Worker(file, {
      workerData,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    w.once('message', (m: { result?: T; ms?: number; error?: string }) =>
      settle(() =>
        m.result !== undefined
          ? resolve({ result: m.result, ms: m.ms ?? 0 })
          : reject(new Error(m.error ?? `no answer from ${what}`)),
      ),
    );
    w.once('error', (err) => settle(() => reject(err)));
    w.once('exit', (code) => settle(() => reject(new Error(`${what} ended (exit code ${code})`))));
  });
  // handled by whoever awaits it, once the writer's own passes are done
  answer.catch(() => undefined);
  return { answer, stop: () => void w?.terminate() };
}

/**
 * The thread's side: open the case file read-only, compute (each pass in a read transaction of its
 * own, so every query of a pass sees the same events and no snapshot outlives its pass: the
 * writer's commits meanwhile grow the WAL past an open one) and answer with the result and the
 * time taken, opening included. Errors are answered too, never thrown: the writer then computes in
 * its own thread.
 */
export function answerApart<T>(
  post: (m: unknown) => void,
  dbPath: string,
  compute: (db: Database) => T,
): void {
  const started = performance.now();
  try {
    const db = openCaseFile(dbPath, { readonly: true });
    try {
      beginApartReads(db);
      const result = compute(db);
      post({ result, ms: Math.round(performance.now() - started) });
    } finally {
      db.close();
    }
  } catch (err) {
    post({ error: (err as Error)?.message ?? String(err) });
  }
}

/**
 * A pass either the writer or a thread may take, whichever is free first: a flag in shared memory,
 * taken once. The passes' lengths differ by evidence (the rules are the longest on the bench
 * corpus, the credential chains on the wide one), so neither side can be given it ahead.
 */
export function newClaim(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Take the pass; false when the other side already has. A side waiting on it is woken. */
export function takeClaim(claim: Int32Array): boolean {
  const took = Atomics.compareExchange(claim, 0, 0, 1) === 0;
  if (took) Atomics.notify(claim, 0);
  return took;
}

/** Whether either side has taken the pass. */
export function claimTaken(claim: Int32Array): boolean {
  return Atomics.load(claim, 0) !== 0;
}
