// Runs computeNotable on a worker thread (notable-worker.ts) while the index run's writer refreshes
// the other derived tables: the rules' reads, about half of the derived passes' time, take the
// core the parse workers left idle. The thread then takes the Insights (also only reads) when the
// writer has not taken them yet.
import { compiledWorker } from '../../util/compiled-worker.js';
import { runApart, type Apart } from '../apart-thread.js';
import type { ComputedInsights } from '../insights.js';
import type { NotableFindings, NotableRun } from './evaluate.js';

/**
 * The compiled worker beside this module. Under vitest the sources are .ts and there is none: the
 * caller then computes in its own thread (the same code).
 */
export function notableWorkerFile(): URL | null {
  return compiledWorker(import.meta.url, './notable-worker.js');
}

export interface ApartReads {
  findings: NotableFindings;
  /** Present when the thread took the Insights' claim and computed them. */
  insights?: ComputedInsights;
  insightsMs?: number;
}

/**
 * The findings computed on a thread of its own; then the Insights, if the thread takes
 * `insightsClaim` (apart-thread.ts) before the writer does.
 */
export function computeNotableApart(
  file: URL,
  dbPath: string,
  run: NotableRun,
  insightsClaim: Int32Array | null = null,
): Apart<ApartReads> {
  return runApart<ApartReads>(file, { dbPath, run, insightsClaim }, "the rules' thread");
}
