import type { ComponentType } from 'react';
import type { AppApi } from './app-api.js';

/**
 * One entry of the navigation stack. `params` is whatever the view kind needs to draw itself
 * (a filter, an event id, ...); the title is the breadcrumb.
 */
export interface ViewDescriptor<P = unknown> {
  /** Unique per pushed instance (handlers and reported context are keyed by it). */
  key: number;
  kind: string;
  title: string;
  params: P;
}

export type ViewInit<P = unknown> = Omit<ViewDescriptor<P>, 'key'>;

export interface ViewProps<P = unknown> {
  view: ViewDescriptor<P>;
  app: AppApi;
  width: number;
  /** Lines this view may draw (the app's chrome is already subtracted). */
  height: number;
  /** Only the top of the stack is active; inactive views stay mounted (state kept) but draw nothing. */
  active: boolean;
}

export interface ViewDefinition<P = unknown> {
  kind: string;
  component: ComponentType<ViewProps<P>>;
}

const views = new Map<string, ViewDefinition<any>>();

export function registerView<P>(def: ViewDefinition<P>): void {
  views.set(def.kind, def);
}

export function viewDefinition(kind: string): ViewDefinition<any> | undefined {
  return views.get(kind);
}
