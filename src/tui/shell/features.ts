import { buildRegistry, type Feature, type TuiRegistry } from './registry.js';
import { eventsFeature } from '../events/feature.js';
import { lineageFeature } from '../lineage/feature.js';
import { triageFeature } from '../triage/feature.js';
import { notesFeature } from '../notes/feature.js';
import { evidenceFeature } from '../evidence/feature.js';

/**
 * The TUI is this list. A new feature is one entry (see EXTENDING.md): its views, commands,
 * columns and detail sections as data; the order only decides the order they are shown in.
 */
export const FEATURES: readonly Feature[] = [
  eventsFeature,
  lineageFeature,
  triageFeature,
  notesFeature,
  evidenceFeature,
];

let built: TuiRegistry | null = null;

/** The registry of every feature, built once. */
export function tuiRegistry(): TuiRegistry {
  built ??= buildRegistry(FEATURES);
  return built;
}
