import type { Database } from 'better-sqlite3';
import {
  CredentialStore,
  credentialsNeedRebuild,
  ensureCredentialSchema,
} from '../../store/credentials.js';
import { refreshCredentials } from '../../case/lineage-refresh.js';

/**
 * One credential store per open case file (statements prepared once). A case file indexed before
 * the credential index existed gets it built on first use.
 */
const stores = new WeakMap<Database, CredentialStore>();

export function credentialStore(db: Database): CredentialStore {
  let st = stores.get(db);
  if (!st) {
    if (!db.readonly) {
      ensureCredentialSchema(db);
      if (credentialsNeedRebuild(db)) refreshCredentials(db, 0);
    }
    st = new CredentialStore(db);
    stores.set(db, st);
  }
  return st;
}
