import type { TuiServices } from './app-api.js';

/**
 * Parts that keep per-case-file state outside React (the notable marker cache) are told when the
 * TUI opens a case file. The app calls `caseFileOpened` once per services object.
 */
const hooks: ((services: TuiServices) => void)[] = [];

export function onCaseFileOpened(hook: (services: TuiServices) => void): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export function caseFileOpened(services: TuiServices): void {
  for (const h of hooks) h(services);
}
