import type { IngestLimits } from './limits.js';
import type { FileMessage, ParseJob } from './messages.js';

/** Main thread → parse worker. */
export type ToWorker =
  /** The run's limits (its Sigma rules with them): first, before any job (workers start early). */
  { t: 'limits'; limits: IngestLimits } | { t: 'job'; job: ParseJob } | { t: 'ack'; n: number };

/** Parse worker → main thread. */
export type ToMain =
  | { t: 'msg'; msg: FileMessage }
  | { t: 'done'; id: number }
  /** parseJob threw (a bug, not bad input): the job's file is reported failed. */
  | { t: 'crash'; id: number; error: string };
