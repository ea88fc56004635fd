import type { ReactNode } from 'react';
import type { Database } from 'better-sqlite3';
import type { EventReader } from '../store/event-reader.js';
import type { EventRow } from '../store/event-row.js';
import type { ListModel } from './kit/list-model.js';
import type { TuiRegistry } from './shell/registry.js';

/** A filter as the event lists hold it: the user's query text plus an optional pinned pivot condition. */
export interface ListFilter {
  /** Query-language text (same as `trailscope query`); '' for everything. */
  text: string;
  /** A pivot's condition (from `store/pivots.ts`), ANDed with `text`; `label` is shown to the user. */
  pinned?: { label: string; where: string; params: unknown[] };
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
  quit(): void;
  /** Views on the stack (1: at the root). */
  stackDepth(): number;
  /** The active view's kind (the scope its commands live in). */
  activeKind(): string;
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
