import type { TuiServices } from '../shell/app-api.js';
import { QueryClient } from './query-client.js';

const clients = new Map<TuiServices['db'], QueryClient>();

/** The query thread of a TUI session (one per case file connection, started on first use). */
export function queryClientFor(services: Pick<TuiServices, 'db' | 'dbPath'>): QueryClient {
  let c = clients.get(services.db);
  // the file the connection really reads (a temporary copy of a case file on read-only storage)
  if (!c)
    clients.set(
      services.db,
      (c = new QueryClient(services.db.name || services.dbPath, services.db)),
    );
  return c;
}

/** Stop every query thread (the TUI is closing). */
export function closeQueryClients(): void {
  for (const c of clients.values()) c.close();
  clients.clear();
}
