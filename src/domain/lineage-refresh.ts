import type { Database } from 'better-sqlite3';
import { allCredentialKeys, CredentialStore, ensureCredentialSchema, lineageWriter, refreshKeyStats } from '../store/credentials.js';
import { keyKind } from './lineage-keys.js';
import { summarizeKey } from './lineage.js';

/**
 * After an index run: fold the new events into the per-key totals, then re-resolve every key's
 * chain. All keys, not only new ones: a new file can hold the issuing event that completes an old
 * key's chain (uses often arrive before their issuance), and resolution is a few indexed look-ups
 * per key on preloaded issuances.
 */
export function refreshCredentials(db: Database, lastRowidBefore: number): { keys: number } {
  let keys = 0;
  db.transaction(() => {
    ensureCredentialSchema(db);
    refreshKeyStats(db, lastRowidBefore, keyKind);
    const store = new CredentialStore(db);
    store.preload();
    const write = lineageWriter(db);
    for (const key of store.inStorageOrder(allCredentialKeys(db))) {
      const s = summarizeKey(store, key);
      write(key, {
        identity_type: s.identityType, identity_arn: s.identityArn, origin_kind: s.origin.kind, origin_label: s.origin.label,
        origin_arn: s.origin.arn ?? null, origin_account: s.origin.accountId ?? null, complete: s.complete, depth: s.depth, gap: s.gap,
      });
      keys++;
    }
  })();
  return { keys };
}
