import type {
  AppApi,
  ModalModel,
  TuiServices,
  TuiSettings,
  LiveRunDone,
  ViewContext,
  ViewInit,
  ViewModel,
} from './app-api.js';
import type { EventRow } from '../../store/event-row.js';
import type { TuiRegistry } from './registry.js';
import { moveOf } from '../kit/moves.js';
import { safeText } from '../../util/safe-text.js';
import { MAX_MARKS } from './marks.js';
import { liveLine } from './live-line.js';
import { ComputingView, confirmModal, DERIVED_KINDS } from './live-views.js';

/** The top list reloads at most this often while an index run adds events. */
const LIVE_REFRESH_MS = 1000;

/** Lines the shell draws around the view: breadcrumbs, status, hints. */
export const CHROME_LINES = 3;

export interface ShellOptions {
  services: TuiServices;
  registry: TuiRegistry;
  root: ViewInit;
  onQuit?: () => void;
  /** Called with every key name before dispatch (frame tracing). */
  onKey?: (key: string) => void;
  /** Raw terminal output for OSC 52 (absent in tests without a terminal). */
  writeRaw?: (bytes: string) => boolean;
}

/**
 * The shell every view lives in: the navigation stack of view models, the modal, marks, settings
 * and the status line. Keys are handled here, synchronously, on the top model; the React app
 * (app.tsx) subscribes and draws. There is no key queue: nothing a key does waits for a frame.
 */
export class Shell implements AppApi {
  readonly services: TuiServices;
  readonly registry: TuiRegistry;
  private stack: ViewModel[] = [];
  modal: ModalModel | null = null;
  status: { text: string; kind: 'info' | 'error' } | null = null;
  private markList: EventRow[] = [];
  private current: TuiSettings = { columns: null, widths: {}, order: 'desc', scroll: 0 };
  readonly filterHistory: string[] = [];
  private version = 0;
  private listeners = new Set<() => void>();
  private width = 80;
  private rows = 24;
  private readonly opts: ShellOptions;
  quitted = false;

  constructor(opts: ShellOptions) {
    this.opts = opts;
    this.services = opts.services;
    this.registry = opts.registry;
    this.registry.opened(opts.services);
    this.stack.push(this.build(opts.root));
    const live = opts.services.live;
    if (live) this.unwatch = live.onChange(() => this.liveChanged());
  }

  // --- an index run filling the case file (trailscope PATH) -----------------------------------

  private unwatch: (() => void) | null = null;
  private liveAdded = 0;
  private liveShown = 0;
  private liveEnded = false;

  private liveChanged(): void {
    const live = this.services.live!;
    const now = Date.now();
    const added = live.progress?.added ?? 0;
    // new events: the top list shows them, at most about once a second
    if (added !== this.liveAdded && now - this.liveShown >= LIVE_REFRESH_MS) {
      this.liveAdded = added;
      this.liveShown = now;
      this.top.liveRefresh?.();
    }
    if (!live.running && !this.liveEnded) {
      this.liveEnded = true;
      // derived tables are built now: marks reloaded, "computing…" views become the real ones
      this.registry.reopened(this.services);
      this.stack = this.stack.map((v) => (v instanceof ComputingView ? this.build(v.init) : v));
      for (const v of this.stack) v.liveEnded?.();
      const d = live.done!;
      this.status = {
        text: d.interrupted
          ? `indexing stopped: ${d.events.toLocaleString('en-US')} events kept; the same command resumes`
          : `indexed ${d.events.toLocaleString('en-US')} events${d.failed ? `; ${d.failed} file(s) failed (I lists them)` : ''}${unusableText(d)}`,
        kind: d.failed || d.unusableCount || d.interrupted ? 'error' : 'info',
      };
    }
    this.changed();
  }

  /** The status line's text when nothing else is said: the index run's progress. */
  get liveStatus(): string | null {
    const live = this.services.live;
    return live?.running ? liveLine(live.progress) : null;
  }

  // --- drawing ------------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getVersion = (): number => this.version;

  private notifying = false;

  /**
   * Something changed: draw again. Listeners hear once per microtask, so a chunk of keys (arrows
   * held over a slow link arrive as one read but several input events) makes one frame.
   */
  changed(): void {
    this.version++;
    if (this.notifying) return;
    this.notifying = true;
    queueMicrotask(() => {
      this.notifying = false;
      for (const l of this.listeners) l();
    });
  }

  get views(): readonly ViewModel[] {
    return this.stack;
  }
  get top(): ViewModel {
    return this.stack[this.stack.length - 1]!;
  }

  /** The terminal's size: the view area is what the chrome and a bottom modal leave. */
  setSize(columns: number, rows: number): void {
    if (columns === this.width && rows === this.rows) return;
    this.width = columns;
    this.rows = rows;
    for (const v of this.stack) this.layoutView(v);
  }
  get size(): { columns: number; rows: number } {
    return { columns: this.width, rows: this.rows };
  }
  /** Lines a frame has: one short of the terminal (ink clears the screen on a full-height frame). */
  get frameLines(): number {
    return Math.max(this.rows - 1, 6);
  }
  get viewHeight(): number {
    const bottom = this.modal?.placement === 'bottom' ? (this.modal.lines ?? 1) : 0;
    return Math.max(this.frameLines - CHROME_LINES - bottom, 1);
  }

  private layoutView(v: ViewModel): void {
    v.layout(Math.max(this.width, 20), this.viewHeight);
  }

  private build(init: ViewInit): ViewModel {
    // views read from derived tables (rules, chains, insights, coverage) wait for the run's end
    if (this.services.live?.running && DERIVED_KINDS.has(init.kind)) {
      const v = new ComputingView(init, this);
      this.layoutView(v);
      return v;
    }
    const factory = this.registry.views.get(init.kind);
    const model: ViewModel = factory ? factory(init, this) : missingView(init);
    this.layoutView(model);
    return model;
  }

  // --- keys -----------------------------------------------------------------------------------

  handleKey(name: string, input: string): void {
    this.opts.onKey?.(name);
    if (name === 'ctrl-c') return this.quit(true);
    this.status = null;
    if (this.modal) {
      this.modal.key(name, input);
      return this.changed();
    }
    const top = this.top;
    const cmd = this.registry.keymap.resolve(top.kind, name, !!top.list);
    if (cmd) {
      const move = moveOf(cmd.id);
      if (cmd.run) cmd.run(this);
      else if (move && top.list) top.list.move(move);
      else top.handlers[cmd.id]?.();
    }
    this.changed();
  }

  // --- AppApi -------------------------------------------------------------------------------

  push(init: ViewInit): void {
    this.stack.push(this.build(init));
    this.changed();
  }

  switchTo(init: ViewInit): void {
    let i = -1;
    for (let k = this.stack.length - 1; k >= 0; k--)
      if (this.stack[k]!.kind === init.kind) {
        i = k;
        break;
      }
    if (i < 0) return this.push(init);
    while (this.stack.length > i + 1) this.stack.pop()!.dispose?.();
    const found = this.stack[i]!;
    if (!(found.shows?.(init) ?? false)) {
      found.dispose?.();
      this.stack[i] = this.build(init);
    }
    this.changed();
  }

  replace(init: ViewInit): void {
    this.stack.pop()!.dispose?.();
    this.stack.push(this.build(init));
    this.changed();
  }

  pop(): void {
    // the root view stays: quitting is the app's decision, not the stack's
    if (this.stack.length > 1) this.stack.pop()!.dispose?.();
    this.changed();
  }

  quit(force = false): void {
    if (this.quitted) return;
    const live = this.services.live;
    if (live?.running && !force) {
      // q while indexing asks first; Ctrl-C (force) stops the run and quits at once
      return this.openModal(confirmModal(this, live));
    }
    if (live?.running) live.stop();
    this.quitted = true;
    for (const v of this.stack) v.dispose?.();
    this.opts.onQuit?.();
    this.changed();
  }

  /** The TUI is going away (unmounted): stop every view's work without quitting twice. */
  dispose(): void {
    for (const v of this.stack) v.dispose?.();
    this.unwatch?.();
  }

  stackDepth(): number {
    return this.stack.length;
  }
  activeKind(): string {
    return this.top.kind;
  }
  activeView(): ViewModel {
    return this.top;
  }
  message(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status = { text, kind };
    this.changed();
  }
  context(): ViewContext {
    return this.top.context();
  }
  openModal(modal: ModalModel): void {
    this.modal = modal;
    for (const v of this.stack) this.layoutView(v);
    this.changed();
  }
  closeModal(): void {
    this.modal = null;
    for (const v of this.stack) this.layoutView(v);
    this.changed();
  }
  get marks(): readonly EventRow[] {
    return this.markList;
  }
  toggleMark(row: EventRow): void {
    const cur = this.markList;
    if (cur.some((m) => m.id === row.id)) this.markList = cur.filter((m) => m.id !== row.id);
    else if (cur.length >= MAX_MARKS)
      return this.message(`at most ${MAX_MARKS} marked events (M clears marks)`, 'error');
    else this.markList = [...cur, row];
    this.changed();
  }
  clearMarks(): void {
    this.markList = [];
    this.changed();
  }
  get settings(): TuiSettings {
    return this.current;
  }
  setSettings(patch: Partial<TuiSettings>): void {
    this.current = { ...this.current, ...patch };
    for (const v of this.stack) this.layoutView(v);
    this.changed();
  }
  writeRaw(bytes: string): boolean {
    return this.opts.writeRaw?.(bytes) ?? false;
  }
}

/**
 * Folders and globs given that could not be used: not in the files view (it lists files), so the
 * status line names them; the run's own messages, printed when the TUI closes, list them all.
 */
function unusableText(d: LiveRunDone): string {
  const n = d.unusableCount ?? 0;
  if (!n) return '';
  const named = (d.unusable ?? []).map(
    (p) => `${safeText(p.path, { max: 120 })} (${safeText(p.reason, { max: 80 })})`,
  );
  const more = n - named.length;
  return `; ${n} path(s) given not read: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function missingView(init: ViewInit): ViewModel {
  return {
    kind: init.kind,
    title: init.title,
    handlers: {},
    context: () => ({}),
    layout: () => {},
    draw: () => `no view registered for "${init.kind}"`,
  };
}
