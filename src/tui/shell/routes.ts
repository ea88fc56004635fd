import type { ListFilter, ViewInit } from './app-api.js';
import type { EventRow } from '../../store/event-row.js';
import type { CredentialQuery } from '../../store/credentials.js';
import { formatTime } from '../../domain/time.js';
import { shortKey } from '../../domain/lineage-keys.js';
import { termText } from '../../query/index.js';
import { safeText } from '../../util/safe-text.js';

/**
 * Every view the TUI can open, as data (kind, breadcrumb, params). Views open each other through
 * these constructors, never by importing each other, so features have no import cycles; each
 * feature declares the model factory for its kinds (features.ts).
 */
export const EVENT_LIST = 'events';
export const EVENT_DETAIL = 'event';
export const HELP = 'help';
export const COMPARE = 'compare';
export const CHAIN = 'chain';
export const CREDENTIALS = 'credentials';
export const NOTABLE = 'notable';
export const INSIGHTS = 'insights';
export const TIMELINE = 'timeline';
export const FACET = 'facet';
export const COVERAGE = 'coverage';
export const FILES = 'files';

export interface EventListParams {
  filter: ListFilter;
}
/** A list of events for a filter. `title` is the breadcrumb (root: "Events"; pivots: what they pin). */
export function eventListView(filter: ListFilter, title = 'Events'): ViewInit<EventListParams> {
  return { kind: EVENT_LIST, title, params: { filter } };
}

export interface EventDetailParams {
  rowid: number;
}
export function eventDetailView(row: EventRow): ViewInit<EventDetailParams> {
  const when = row.time_ms ? formatTime(row.time_ms) : (row.event_time ?? '?');
  return {
    kind: EVENT_DETAIL,
    title: `${safeText(row.event_name ?? 'event', { max: 30 })} ${when}`,
    params: { rowid: row.id },
  };
}

export interface HelpParams {
  /** The view kind help was opened from: its commands come first. */
  scope: string;
  hasList: boolean;
}
export function helpView(scope: string, hasList = false): ViewInit<HelpParams> {
  return { kind: HELP, title: 'Help', params: { scope, hasList } };
}

export interface CompareParams {
  rowids: number[];
}
export function compareView(rowids: number[]): ViewInit<CompareParams> {
  return { kind: COMPARE, title: `Compare ${rowids.length}`, params: { rowids } };
}

export interface ChainParams {
  /** An access key ID or an event ID (the key as it stood at that event's time). */
  subject: string;
}
export function chainView(subject: string, label?: string): ViewInit<ChainParams> {
  return {
    kind: CHAIN,
    title: `chain ${safeText(label ?? shortKey(subject), { max: 30 })}`,
    params: { subject },
  };
}

/** Events made with a key: the same filter text `trailscope query key:…` takes, so both agree. */
export function keyEventsView(key: string): ViewInit<EventListParams> {
  return eventListView(
    { text: termText('key', key) },
    `key ${safeText(shortKey(key), { max: 20 })}`,
  );
}

export interface CredentialsParams {
  query: CredentialQuery;
}
export function credentialsView(
  query: CredentialQuery = { sort: 'last', desc: true },
): ViewInit<CredentialsParams> {
  return { kind: CREDENTIALS, title: 'Credentials', params: { query } };
}

export interface FilterParams {
  filter: ListFilter;
}
export function notableView(filter: ListFilter): ViewInit<FilterParams> {
  return { kind: NOTABLE, title: 'Notable', params: { filter } };
}
export function insightsView(): ViewInit<Record<string, never>> {
  return { kind: INSIGHTS, title: 'Insights', params: {} };
}
export function timelineView(filter: ListFilter): ViewInit<FilterParams> {
  return { kind: TIMELINE, title: 'Timeline', params: { filter } };
}

export interface FacetParams {
  filter: ListFilter;
  /** Column id of the facet field (facet-fields.ts). */
  column: string;
}
export function facetView(filter: ListFilter, column = 'name'): ViewInit<FacetParams> {
  return { kind: FACET, title: 'Facet', params: { filter, column } };
}

export function coverageView(): ViewInit<Record<string, never>> {
  return { kind: COVERAGE, title: 'Coverage', params: {} };
}

export function filesView(): ViewInit<Record<string, never>> {
  return { kind: FILES, title: 'Files', params: {} };
}

/** Same filter (text and pin): a view switched to with it shows the same thing. */
export function sameFilter(a: ListFilter | undefined, b: ListFilter | undefined): boolean {
  return (
    (a?.text ?? '') === (b?.text ?? '') &&
    (a?.pinned?.where ?? '') === (b?.pinned?.where ?? '') &&
    JSON.stringify(a?.pinned?.params ?? []) === JSON.stringify(b?.pinned?.params ?? [])
  );
}
