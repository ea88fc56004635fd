import type { FileMessage, ParseJob } from './messages.js';

/** Main thread → parse worker. */
export type ToWorker = { t: 'job'; job: ParseJob } | { t: 'ack'; n: number };

/** Parse worker → main thread. */
export type ToMain =
  | { t: 'msg'; msg: FileMessage }
  | { t: 'done'; id: number }
  /** parseJob threw (a bug, not bad input): the job's file is reported failed. */
  | { t: 'crash'; id: number; error: string };
