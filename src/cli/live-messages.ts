import type { IndexProgress } from '../ingest/pipeline.js';
import type { LiveRunDone } from '../tui/shell/app-api.js';

/**
 * `trailscope PATH` indexes in a child process while the TUI shows what has landed: the child
 * (an ordinary `trailscope index`) reports to the parent over the IPC channel with these messages.
 */
export const LIVE_INDEX_ENV = 'TRAILSCOPE_LIVE_INDEX';

/** The child sends progress at most this often (the TUI redraws on each). */
export const LIVE_PROGRESS_MS = 250;

export type LiveMessage =
  { type: 'progress'; progress: IndexProgress } | ({ type: 'done' } & LiveRunDone);
