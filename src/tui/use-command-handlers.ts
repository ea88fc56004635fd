import { useEffect } from 'react';
import type { AppApi, KeyHandler } from './app-api.js';

/**
 * A view handles its own commands (registered without `run`) here, by id. Re-registered every render
 * so the handlers see the view's current state.
 */
export function useCommandHandlers(
  app: AppApi,
  viewKey: number,
  handlers: Record<string, () => void>,
): void {
  app.setCommandHandlers(viewKey, handlers);
  useEffect(() => () => app.setCommandHandlers(viewKey, {}), [app, viewKey]);
}

/** A modal's key handler: every key but Ctrl-C while it is open. */
export function useModalKeys(app: AppApi, handler: KeyHandler): void {
  app.setModalKeys(handler);
  useEffect(() => () => app.setModalKeys(null), [app]);
}
