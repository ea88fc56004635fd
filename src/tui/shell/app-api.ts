import type { ReactNode } from 'react';
import type { Database } from 'better-sqlite3';
import type { EventReader } from '../../store/event-reader.js';
import type { EventRow } from '../../store/event-row.js';
import type { SqlFilter } from '../../store/filter-sql.js';
import type { IndexProgress } from '../../ingest/pipeline.js';
import type { ListModel } from '../kit/list-model.js';
import type { EventColumn } from '../events/columns.js';

/** A filter as the event lists hold it: the user's query text plus an optional pinned pivot condition. */
export interface ListFilter {
  /** Query-language text (same as `trailscope query`); '' for everything. */
  text: string;
  /** A pivot's condition (from `store/pivots.ts`), ANDed with `text`; `label` is shown to the user. */
  pinned?: PinnedFilter;
}

/** A condition a view pins to a list (a pivot, a rule's matches), with what the user is shown. */
export interface PinnedFilter extends SqlFilter {
  readonly label: string;
}

/** What the active view shows, so global commands (`t`, `x`, `C`, `space`, `y`) know what they act on. */
export interface ViewContext {
  selected?: EventRow;
  filter?: ListFilter;
  /** The value under the cursor as text that round-trips as a filter (`y` copies it). */
  value?: { text: string; label: string };
}

export interface TuiServices {
  db: Database;
  reader: EventReader;
  dbPath: string;
  /** Shown in the header (case file name, or the demo's title). */
  title: string;
  /** An index run still filling this case file (`trailscope PATH`): the TUI shows what landed. */
  live?: LiveIndexView;
}

/** How an index run ended, as its child process reports it (cli/live-messages.ts). */
export interface LiveRunDone {
  status: number;
  events: number;
  /** Files that failed (the files view lists them). */
  failed: number;
  /** Folders and globs given that could not be used (not in the files view): the first few. */
  unusable?: { path: string; reason: string }[];
  /** How many there were in all. */
  unusableCount?: number;
  interrupted: boolean;
}

/** What the TUI sees of an index run in progress (cli/live-index.ts). */
export interface LiveIndexView {
  readonly running: boolean;
  readonly progress: IndexProgress | null;
  readonly done: LiveRunDone | null;
  onChange(listener: () => void): () => void;
  /** Stop after the current batch; the next run over the same paths resumes. */
  stop(): void;
}

/**
 * A view to open, as data: its kind and what it needs. Routes (`routes.ts`) build these; the
 * shell turns one into a model with the factory its feature declares for the kind.
 */
export interface ViewInit<P = unknown> {
  kind: string;
  title: string;
  params: P;
}

/**
 * A view as a plain model: its state, its commands by id and the lines it draws. Keys reach the
 * top model synchronously, so each key sees what the previous one did; React only draws.
 */
export interface ViewModel {
  readonly kind: string;
  /** The breadcrumb. */
  title: string;
  /** The list the movement keys move (every list view has one; see kit/list-model.ts). */
  readonly list?: ListModel<unknown>;
  /** The view's own commands (declared without `run` in its feature), by id. */
  readonly handlers: Readonly<Record<string, () => void>>;
  /** What it shows (the selected event, the filter, the value under the cursor). */
  context(): ViewContext;
  /** The area it may draw in; called before the first draw and on every resize. */
  layout(width: number, height: number): void;
  draw(): ReactNode;
  /** Cancel its work (queries on the query thread, timers): it left the stack. */
  dispose?(): void;
  /** Asked to switch to a view of this kind with these params: true when it already shows that. */
  shows?(init: ViewInit): boolean;
  /** The params this view would be re-opened with (routes keep them). */
  readonly params?: unknown;
  /** An index run added events: show them (the top view only, at most about once a second). */
  liveRefresh?(): void;
  /** The index run ended: show the final case file. */
  liveEnded?(): void;
}

export type ViewFactory = (init: ViewInit<any>, app: AppApi) => ViewModel;

/**
 * A modal takes the keyboard until closed. `body` modals draw instead of the active view;
 * `bottom` modals take `lines` lines under it (the filter bar), so the list stays visible.
 */
export interface ModalModel {
  id: string;
  placement: 'body' | 'bottom';
  lines?: number;
  /** Replaces the hint bar while open. */
  hint?: string;
  key(name: string, input: string): void;
  draw(width: number, height: number): ReactNode;
}

export interface TuiSettings {
  /** Column ids chosen with `c`, in order; null = fit the default columns to the width. */
  columns: string[] | null;
  /** Narrowed widths chosen in the column chooser, by column id. */
  widths: Record<string, number>;
  order: 'asc' | 'desc';
  /** Columns scrolled off on the left (Shift-←/→, `<`/`>`). */
  scroll: number;
}

/** What views, modals and commands may ask of the shell. */
export interface AppApi {
  readonly services: TuiServices;
  readonly registry: TuiRegistry;
  push(view: ViewInit): void;
  /** Go to the view of this kind already on the stack (re-opened with these params) or push it. */
  switchTo(view: ViewInit): void;
  /** Replace the top view (a view changing what it shows in place: a new filter). */
  replace(view: ViewInit): void;
  pop(): void;
  /** Quit (while an index run fills the case file, `q` asks first; `force` stops it and quits). */
  quit(force?: boolean): void;
  /** Views on the stack (1: at the root). */
  stackDepth(): number;
  /** The active view's kind (the scope its commands live in). */
  activeKind(): string;
  /** The active view's model. */
  activeView(): ViewModel;
  /** One line in the status bar until the next key press. */
  message(text: string, kind?: 'info' | 'error'): void;
  /** The active view's context. */
  context(): ViewContext;
  openModal(modal: ModalModel): void;
  closeModal(): void;
  readonly marks: readonly EventRow[];
  toggleMark(row: EventRow): void;
  clearMarks(): void;
  readonly settings: TuiSettings;
  setSettings(patch: Partial<TuiSettings>): void;
  /** Remembered filter texts, newest last (the filter bar's ↑/↓ history). */
  readonly filterHistory: string[];
  /** Something a model holds changed outside a key (a query came back): draw again. */
  changed(): void;
  /** Write to the terminal outside the frame (OSC 52); false when there is no terminal to write to. */
  writeRaw(bytes: string): boolean;
}

/** `'global'` commands work in every view; `'list'` in every view with a list; else one view kind. */
export type CommandScope = 'global' | string;

/**
 * A key command as data. The hint bar and the `?` help screen are generated from these.
 *
 * A command with `run` is executed by the shell. A command without `run` is handled by the active
 * view's model, by id (`ViewModel.handlers`): the model owns the state it changes.
 */
export interface TuiCommand {
  id: string;
  keys: readonly string[];
  description: string;
  scope: CommandScope;
  /** Short label for the hint bar; commands without one appear only in `?` help. */
  hint?: string;
  /** The hint when the root view is active (q: `back` in a drill-down, `quit` at the top). */
  topHint?: string;
  /** Lower shows first in the hint bar (default 50). */
  order?: number;
  /** A global key this scope's command takes over on purpose (said in `?`). */
  shadows?: boolean;
  run?: (app: AppApi) => void;
}

/** The key table (commands.ts `Keymap`), as views and the shell use it. */
export interface KeymapApi {
  readonly all: readonly TuiCommand[];
  commandsFor(scope: string, hasList?: boolean): TuiCommand[];
  resolve(scope: string, key: string, hasList?: boolean): TuiCommand | undefined;
  hintLine(scope: string, width: number, atTop?: boolean, hasList?: boolean): string;
  conflicts(): string[];
}

/**
 * An extra section of the event detail, from a feature (credential origin, rules matched, notes).
 * Returns already-safe lines, or null when it has nothing to say.
 */
export type DetailSectionProvider = (
  services: TuiServices,
  row: EventRow,
  record: Record<string, unknown> | null,
) => { title: string; lines: string[] } | null;

/** A row colour from a feature (notable rows); colour is a bonus (NO_COLOR), a column says it too. */
export type RowColorProvider = (row: EventRow) => string | undefined;

/**
 * One feature of the TUI: its views, commands, columns and detail sections, as data. The TUI is
 * the list of features in `features.ts`; nothing patches another feature's registrations, so the
 * order of the list decides only the order things are shown in.
 */
export interface Feature {
  name: string;
  views?: Readonly<Record<string, ViewFactory>>;
  commands?: readonly TuiCommand[];
  /** New event-table columns. */
  columns?: readonly EventColumn[];
  /**
   * Changes to a column another feature declares (the access key column gains the key's origin).
   * One feature per column: two features changing the same column is an error at start-up.
   */
  columnChanges?: Readonly<Record<string, (base: EventColumn) => EventColumn>>;
  detailSections?: readonly DetailSectionProvider[];
  rowColor?: RowColorProvider;
  /** Per-case-file state outside the views (marker caches), set when the TUI opens a case file. */
  onOpen?: (services: TuiServices) => void;
}

/** Everything the shell needs, built once from the feature list (shell/registry.ts). */
export interface TuiRegistry {
  readonly views: ReadonlyMap<string, ViewFactory>;
  readonly keymap: KeymapApi;
  readonly columns: readonly EventColumn[];
  readonly detailSections: readonly DetailSectionProvider[];
  rowColor(row: EventRow): string | undefined;
  opened(services: TuiServices): void;
  /** The case file changed under the TUI (an index run ended): per-case-file state again. */
  reopened(services: TuiServices): void;
}
