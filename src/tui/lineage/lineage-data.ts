import type { Database } from 'better-sqlite3';
import { CredentialStore } from '../../store/credentials.js';

/**
 * One credential store per open case file (statements prepared once). The credential index is
 * brought up to date when the TUI opens the case file (main/run-tui.ts), never by a view.
 */
const stores = new WeakMap<Database, CredentialStore>();

export function credentialStore(db: Database): CredentialStore {
  let st = stores.get(db);
  if (!st) {
    st = new CredentialStore(db);
    stores.set(db, st);
  }
  return st;
}
