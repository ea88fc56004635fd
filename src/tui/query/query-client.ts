import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../../util/compiled-worker.js';
import type { Database } from 'better-sqlite3';
import { QUERY_OPS, type QueryArgs, type QueryOp, type QueryResult } from './query-ops.js';

/** A query in flight: its result, and a way to stop waiting for it (and stop the work). */
export interface QueryJob<T> {
  result: Promise<T>;
  cancel(): void;
}

export class QueryCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'QueryCancelled';
  }
}

/**
 * The compiled worker beside this module, or, from the TUI bundle (dist/tui/main/, where this
 * code is inlined), in the query folder beside it.
 */
function workerFile(): URL | null {
  return compiledWorker(import.meta.url, './query-worker.js', '../query/query-worker.js');
}

/**
 * Runs the TUI's long queries on a worker thread with its own read-only connection, so keys are
 * read while SQLite works: Esc cancels (the thread is terminated, as better-sqlite3 cannot
 * interrupt a statement, and a fresh one starts on the next query) and Ctrl-C always quits.
 * Under vitest (no compiled worker) the queries run in this thread, one event-loop turn later.
 */
interface Job {
  id: number;
  op: QueryOp;
  args: unknown;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export class QueryClient {
  private worker: Worker | null = null;
  private nextId = 1;
  /** Jobs wait here and go to the thread one at a time, so cancelling one never fails another. */
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private readonly file = workerFile();

  constructor(
    private readonly dbPath: string,
    private readonly db: Database,
  ) {}

  run<K extends QueryOp>(op: K, args: QueryArgs<K>): QueryJob<QueryResult<K>> {
    if (!this.file) return this.inThread(op, args);
    let job!: Job;
    const result = new Promise<QueryResult<K>>((resolve, reject) => {
      job = { id: this.nextId++, op, args, resolve: resolve as (v: unknown) => void, reject };
    });
    this.queue.push(job);
    this.pump();
    return {
      result,
      cancel: () => {
        const queued = this.queue.indexOf(job);
        if (queued >= 0) {
          this.queue.splice(queued, 1);
          job.reject(new QueryCancelled());
        } else if (this.running === job) {
          // the thread is deep in this statement and SQLite cannot be interrupted: stop the thread
          this.running = null;
          this.stopWorker();
          job.reject(new QueryCancelled());
          this.pump();
        }
      },
    };
  }

  close(): void {
    for (const j of this.queue.splice(0)) j.reject(new QueryCancelled());
    this.running?.reject(new QueryCancelled());
    this.running = null;
    this.stopWorker();
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.running = job;
    this.ensureWorker().postMessage({ id: job.id, op: job.op, args: job.args });
  }

  private inThread<K extends QueryOp>(op: K, args: QueryArgs<K>): QueryJob<QueryResult<K>> {
    let cancelled = false;
    const result = new Promise<QueryResult<K>>((resolve, reject) => {
      setImmediate(() => {
        if (cancelled) return reject(new QueryCancelled());
        try {
          resolve((QUERY_OPS[op] as (d: Database, a: unknown) => QueryResult<K>)(this.db, args));
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    return {
      result,
      cancel: () => {
        cancelled = true;
      },
    };
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.file!, { workerData: { dbPath: this.dbPath } });
    w.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const job = this.running;
      if (!job || job.id !== m.id) return;
      this.running = null;
      if (m.ok) job.resolve(m.result);
      else job.reject(new Error(m.error));
      this.pump();
    });
    w.on('error', (err) => {
      if (this.worker !== w) return;
      this.worker = null;
      const job = this.running;
      this.running = null;
      job?.reject(err);
      this.pump();
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
    });
    // after the listeners (which ref it): an idle query thread never keeps the process alive
    w.unref();
    this.worker = w;
    return w;
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
  }
}
