// Runs computeNotable on a worker thread (notable-worker.ts) while the index run's writer refreshes
// the other derived tables: after the load the parse workers are gone, and the rules' reads, about
// half of the derived passes' time, take the idle core.
import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../../util/compiled-worker.js';
import type { NotableFindings, NotableRun } from './evaluate.js';

/**
 * The compiled worker beside this module. Under vitest the sources are .ts and there is none: the
 * caller then computes in its own thread (the same code).
 */
export function notableWorkerFile(): URL | null {
  return compiledWorker(import.meta.url, './notable-worker.js');
}

const YOUNG_GENERATION_MB = 8;

export interface ApartResult {
  findings: NotableFindings;
  /** The worker's time: opening the case file and computing. */
  ms: number;
}

export interface Apart {
  /** The findings; rejects when the thread fails, dies or is stopped. */
  readonly result: Promise<ApartResult>;
  /** Ends the thread (the writer gave up on the run: nothing keeps the process alive after it). */
  stop(): void;
}

/** The findings computed on a thread of its own. */
export function computeNotableApart(file: URL, dbPath: string, run: NotableRun): Apart {
  let w: Worker | null = null;
  const result = new Promise<ApartResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
    };
    // a small young generation: the thread runs beside the writer's passes, and its scavenger's
    // spaces add to the run's peak (1M bench events, the rules alone: 220 -> 194 MiB)
    w = new Worker(file, {
      workerData: { dbPath, run },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    w.once('message', (m: { findings?: NotableFindings; ms?: number; error?: string }) =>
      settle(() =>
        m.findings
          ? resolve({ findings: m.findings, ms: m.ms ?? 0 })
          : reject(new Error(m.error ?? 'no findings')),
      ),
    );
    w.once('error', (err) => settle(() => reject(err)));
    w.once('exit', (code) =>
      settle(() => reject(new Error(`the rules' thread ended (exit code ${code})`))),
    );
  });
  return { result, stop: () => void w?.terminate() };
}
