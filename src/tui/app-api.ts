import type { ComponentType } from 'react';
import type { Database } from 'better-sqlite3';
import type { EventReader } from '../store/event-reader.js';
import type { EventRow } from '../store/event-row.js';
import type { ViewInit } from './views.js';

/** A filter as the event lists hold it: the user's query text plus an optional pinned pivot condition. */
export interface ListFilter {
  /** Query-language text (same as `trailscope query`); '' for everything. */
  text: string;
  /** A pivot's condition (from `store/pivots.ts`), ANDed with `text`; `label` is shown to the user. */
  pinned?: { label: string; where: string; params: unknown[] };
}

/** What the active view tells the app, so global commands (`t`, `x`, `C`, `space`) know what they act on. */
export interface ViewContext {
  selected?: EventRow;
  filter?: ListFilter;
}

export interface TuiServices {
  db: Database;
  reader: EventReader;
  dbPath: string;
  /** Shown in the header (case file name, or the demo's title). */
  title: string;
}

export interface ModalProps {
  app: AppApi;
  width: number;
  height: number;
  close: () => void;
}

/**
 * A modal takes the keyboard until closed. `body` modals draw instead of the active view (which stays
 * mounted); `bottom` modals take `lines` lines under it (the filter bar), so the list stays visible.
 */
export interface ModalSpec {
  id: string;
  placement: 'body' | 'bottom';
  lines?: number;
  /** Replaces the hint bar while open. */
  hint?: string;
  component: ComponentType<ModalProps>;
}

export type KeyHandler = (key: string, input: string) => void;

export interface TuiSettings {
  /** Column ids chosen with `c`; null = fit the default columns to the width. */
  columns: string[] | null;
  order: 'asc' | 'desc';
}

export interface AppApi {
  readonly services: TuiServices;
  push(view: ViewInit): void;
  pop(): void;
  updateView(key: number, patch: { title?: string; params?: unknown }): void;
  quit(): void;
  /** Views on the stack (1: at the root). */
  stackDepth(): number;
  /** The active view's kind (the scope its commands live in). */
  activeKind(): string;
  /** One line in the status bar until the next key press. */
  message(text: string, kind?: 'info' | 'error'): void;
  /** The active view's reported context. */
  context(): ViewContext;
  /** A view tells what it shows; a function is read when asked (keys may outrun frames). */
  report(viewKey: number, ctx: ViewContext | (() => ViewContext)): void;
  /** Handlers for the active view's commands (those without `run`), by command id. */
  setCommandHandlers(viewKey: number, handlers: Record<string, () => void>): void;
  openModal(modal: ModalSpec): void;
  closeModal(): void;
  /** While a modal is open, every key but Ctrl-C goes here. */
  setModalKeys(handler: KeyHandler | null): void;
  readonly marks: readonly EventRow[];
  toggleMark(row: EventRow): void;
  clearMarks(): void;
  readonly settings: TuiSettings;
  setSettings(patch: Partial<TuiSettings>): void;
  /** Remembered filter texts, newest last (the filter bar's ↑/↓ history). */
  readonly filterHistory: string[];
}
