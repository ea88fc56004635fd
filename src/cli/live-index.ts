import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IndexProgress } from '../ingest/pipeline.js';
import { LIVE_INDEX_ENV, type LiveMessage } from './live-messages.js';
import { EXIT_ERROR } from './exit.js';

type Done = Extract<LiveMessage, { type: 'done' }>;

/**
 * An index run in a child process (an ordinary `trailscope index`, so its memory is its own and a
 * crash cannot take the TUI with it), watched by the TUI: progress, the end, and a clean stop.
 * The child writes the case file in WAL mode; the TUI reads what each committed batch added.
 */
export class LiveIndex {
  progress: IndexProgress | null = null;
  done: Omit<Done, 'type'> | null = null;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();
  private stderr = '';
  private gone = false;
  /** The child's exit status: the index run's (0, 1 some files failed, 2 nothing, 130 stopped). */
  readonly exited: Promise<number>;

  constructor(cli: string, paths: string[], dbPath: string) {
    this.child = fork(cli, ['index', ...paths, '--db', dbPath, '--json'], {
      env: { ...process.env, [LIVE_INDEX_ENV]: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (b: Buffer) => {
      // kept for after the TUI: the run's own messages (bad files are in the files view too)
      if (this.stderr.length < 64_000) this.stderr += b.toString('utf8');
    });
    this.child.on('message', (m: LiveMessage) => {
      if (m.type === 'progress') this.progress = m.progress;
      else if (m.type === 'done') this.done = m;
      this.emit();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.gone = true;
        const status = this.done?.status ?? code ?? (signal ? 130 : EXIT_ERROR);
        if (!this.done)
          this.done = {
            status,
            events: this.progress?.events ?? 0,
            failed: 0,
            interrupted: !!signal,
          };
        this.emit();
        resolve(status);
      });
      this.child.on('error', () => resolve(EXIT_ERROR));
    });
  }

  /** Until the child has exited: its last checkpoint is written only as it closes the case file. */
  get running(): boolean {
    return !this.gone;
  }

  /** The messages the run wrote (shown after the TUI closes). */
  get messages(): string {
    return this.stderr;
  }

  /** Resolves true once the case file holds a schema the TUI can read (or false: the run ended first). */
  async ready(dbPath: string): Promise<boolean> {
    while (this.running && !this.done) {
      if (this.progress && this.progress.phase !== 'discovering' && existsSync(dbPath)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return existsSync(dbPath);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stop after the current batch (the next run over the same paths resumes). */
  stop(): void {
    if (this.running) this.child.kill('SIGINT');
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
