import type { LiveIndexView } from '../shell/app-api.js';

/** How the TUI is opened (launch.ts loads it; run-tui.ts runs it). */
export interface OpenTuiOptions {
  dbPath: string;
  /** Header title (default: the case file's name). */
  title?: string;
  /** Draw with ASCII only (`--ascii`); a non-UTF-8 locale does the same. */
  ascii?: boolean;
  /** An index run filling the case file while the TUI shows it (`trailscope PATH`). */
  live?: LiveIndexView;
}
