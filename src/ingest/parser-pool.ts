import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../util/compiled-worker.js';
import { parseJob } from './parse-file.js';
import type { IngestLimits } from './limits.js';
import type { FileMessage, ParseJob } from './messages.js';
import type { ToMain, ToWorker } from './worker-protocol.js';

/** Messages a worker may have in flight before the writer acknowledges them (bounds memory). */
const WINDOW = 16;
/** Jobs queued at each worker beyond the one it is parsing. */
const PREFETCH = 4;

export interface ParserHandlers {
  /** Called in order for each job's messages; writes synchronously. A throw aborts the run. */
  onMessage(msg: FileMessage): void;
  /** parseJob itself failed (a bug or a crashed worker, not bad input). */
  onCrash(job: ParseJob, error: string): void;
}

export interface ParserPool {
  /**
   * Start the workers now (their threads load while the run finds its files and opens the case
   * file); `run` hands them its limits first. Idempotent; `stop` ends them if `run` never comes.
   */
  warm(): void;
  /** The limits `run` parses with (the run's Sigma rules are known after the pool is made). */
  setLimits(limits: IngestLimits): void;
  run(jobs: readonly ParseJob[], handlers: ParserHandlers): Promise<void>;
  /** Stop handing out jobs and end the workers; `run` resolves once they are gone. */
  stop(): void;
}

/**
 * The compiled worker next to this module. Under vitest the sources are .ts and there is no
 * compiled worker: parsing then runs in this thread (same code, one file at a time).
 */
function workerFile(): URL | null {
  return compiledWorker(import.meta.url, './parse-worker.js');
}

export function createParserPool(limits: IngestLimits, workers: number): ParserPool {
  const file = workers > 0 ? workerFile() : null;
  return file ? new WorkerPool(file, limits, workers) : new InThreadPool(limits);
}

class InThreadPool implements ParserPool {
  private stopped = false;
  constructor(private limits: IngestLimits) {}

  warm(): void {}

  setLimits(limits: IngestLimits): void {
    this.limits = limits;
  }

  async run(jobs: readonly ParseJob[], handlers: ParserHandlers): Promise<void> {
    for (const job of jobs) {
      if (this.stopped) return;
      try {
        await parseJob(job, this.limits, async (msg) => handlers.onMessage(msg));
      } catch (err) {
        if (this.stopped) return;
        handlers.onCrash(job, (err as Error)?.message ?? String(err));
      }
    }
  }

  stop(): void {
    this.stopped = true;
  }
}

class WorkerPool implements ParserPool {
  private stopped = false;
  private readonly live = new Set<Worker>();
  private finish: (() => void) | null = null;

  /** Workers started by warm() and not yet given work (an error before then discards one). */
  private spare: Worker[] = [];

  constructor(
    private readonly file: URL,
    private limits: IngestLimits,
    private readonly size: number,
  ) {}

  warm(): void {
    if (this.stopped) return;
    while (this.spare.length < this.size) {
      const w = this.start();
      w.once('error', () => {
        this.spare = this.spare.filter((x) => x !== w);
        this.live.delete(w);
      });
      this.spare.push(w);
    }
  }

  setLimits(limits: IngestLimits): void {
    this.limits = limits;
  }

  /** A worker thread (the heap bound is the same for every run: it comes from the base limits). */
  private start(): Worker {
    const w = new Worker(this.file, {
      workerData: { window: WINDOW },
      // bounds peak memory whatever the input (see IngestLimits.workerHeapMb)
      resourceLimits: { maxOldGenerationSizeMb: this.limits.workerHeapMb },
    });
    this.live.add(w);
    return w;
  }

  run(jobs: readonly ParseJob[], handlers: ParserHandlers): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let next = 0;
      const retry: ParseJob[] = [];
      const hasMore = (): boolean => retry.length > 0 || next < jobs.length;
      const take = (): ParseJob => retry.shift() ?? jobs[next++];
      let failed = false;
      // each worker's outstanding jobs, in the order it runs them (the first is the one running)
      const current = new Map<Worker, ParseJob[]>();
      this.finish = resolve;

      const settleIfIdle = (): void => {
        if (this.stopped || (!hasMore() && [...current.values()].every((q) => q.length === 0))) {
          this.terminateAll();
          resolve();
        }
      };
      const abort = (err: unknown): void => {
        if (failed) return;
        failed = true;
        this.stopped = true;
        this.terminateAll();
        reject(err);
      };
      const assign = (w: Worker): void => {
        const q = current.get(w) ?? [];
        current.set(w, q);
        while (!this.stopped && hasMore() && q.length < PREFETCH) {
          const job = take();
          q.push(job);
          w.postMessage({ t: 'job', job } satisfies ToWorker);
        }
        if (q.length === 0) settleIfIdle();
      };
      const finished = (w: Worker): ParseJob | undefined => current.get(w)?.shift();
      // Acks go out in bulk once the queued messages are written (one post instead of one each).
      const unacked = new Map<Worker, number>();
      let flushScheduled = false;
      const flushAcks = (): void => {
        flushScheduled = false;
        for (const [w, n] of unacked)
          if (n > 0 && this.live.has(w)) w.postMessage({ t: 'ack', n } satisfies ToWorker);
        unacked.clear();
      };
      const ack = (w: Worker): void => {
        unacked.set(w, (unacked.get(w) ?? 0) + 1);
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flushAcks);
        }
      };
      const spawn = (): void => {
        const w = this.spare.pop() ?? this.start();
        w.removeAllListeners('error');
        w.postMessage({ t: 'limits', limits: this.limits } satisfies ToWorker);
        w.on('message', (m: ToMain) => {
          if (failed || this.stopped) return;
          try {
            if (m.t === 'msg') {
              handlers.onMessage(m.msg);
              ack(w);
            } else if (m.t === 'done') {
              finished(w);
              assign(w);
            } else {
              const job = finished(w);
              if (job) handlers.onCrash(job, m.error);
              assign(w);
            }
          } catch (err) {
            abort(err);
          }
        });
        w.on('error', (err) => {
          // an uncaught error ended the worker: its job is reported, a fresh worker carries on
          if (failed || this.stopped) return;
          const lost = current.get(w) ?? [];
          current.delete(w);
          this.live.delete(w);
          try {
            // the running job is reported; the ones queued behind it are handed out again
            const [running, ...queued] = lost;
            if (running) handlers.onCrash(running, err.message);
            retry.push(...queued);
          } catch (e) {
            abort(e);
            return;
          }
          if (hasMore()) spawn();
          else settleIfIdle();
        });
        assign(w);
      };
      const n = Math.max(1, Math.min(this.size, jobs.length));
      if (jobs.length === 0) {
        this.terminateAll();
        resolve();
        return;
      }
      for (let i = 0; i < n; i++) spawn();
      // started ahead and not needed (fewer files than workers)
      for (const w of this.spare) {
        this.live.delete(w);
        void w.terminate();
      }
      this.spare = [];
    });
  }

  stop(): void {
    this.stopped = true;
    this.terminateAll();
    this.finish?.();
  }

  private terminateAll(): void {
    for (const w of this.live) void w.terminate();
    this.live.clear();
    this.spare = [];
  }
}
