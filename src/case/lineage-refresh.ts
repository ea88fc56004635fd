// The credential-chain table brought up to date with the events: a use-case over the case file;
// the resolver itself (domain/lineage.ts) is pure.
import type { Database } from 'better-sqlite3';
import {
  consoleCandidateKeys,
  CredentialStore,
  ensureCredentialSchema,
  lineageWriter,
  refreshKeyStats,
  touchedKeys,
} from '../store/credentials.js';
import { getMeta, setMeta } from '../store/db.js';
import { maxEventRowid } from '../store/notable.js';
import { keyKind } from '../domain/lineage-keys.js';
import { summarizeKey } from '../domain/lineage.js';
import { affectedKeys } from '../domain/lineage-affected.js';
import { relieveHeap } from '../util/heap-valve.js';
import { STAMPS, writeStamp } from './derived-stamps.js';

/** Past this many keys to re-resolve, reading every issuance at once beats one look-up per key. */
const BULK_THRESHOLD = 2_000;
/** Keys resolved per page of a bulk walk. */
const WALK_PAGE = 2_000;
/**
 * The walk collects its garbage past this much heap. It runs beside the rules' thread (and the
 * Insights after them), whose heap peaks meanwhile: at 128 MB the keys corpus at 1M (410k keys)
 * peaked at 476–494 MiB in the derived passes, at 80 MB 452–465 MiB; 11 collections instead of 1–2 on
 * the wide corpus at 1M, in the same 12.6–14.3 s.
 */
const WALK_HEAP_VALVE_BYTES = 80 * 1024 * 1024;

/**
 * New IAM creations root their created keys (the chain now runs through the creator); a new
 * password for a user can explain that user's console keys.
 */
function withCreations(
  db: Database,
  store: CredentialStore,
  touched: { used: string[]; rooted: string[] },
  since: number,
): { used: string[]; rooted: string[] } {
  const created = store.createdSince(since);
  if (!created.length) return touched;
  const rooted = new Set(touched.rooted);
  for (const c of created) if (c.credentialId) rooted.add(c.credentialId);
  if (created.some((c) => c.kind === 'login-profile'))
    for (const k of consoleCandidateKeys(db)) rooted.add(k);
  return { used: touched.used, rooted: [...rooted] };
}

/**
 * After an index run: fold the new events into the per-key totals, then re-resolve the chains
 * they can change. A full run resolves every key from preloaded issuances; an incremental run
 * resolves the keys the new events touched and their descendants (uses often arrive before their
 * issuance, so an old key's chain can complete now), falling back to the bulk path when many are.
 */
export function refreshCredentials(
  db: Database,
  lastRowidBefore: number,
): { keys: number; full: boolean } {
  let keys = 0;
  let wasFull = false;
  db.transaction(() => {
    ensureCredentialSchema(db);
    if (getMeta(db, STAMPS.credentials.versionKey) !== STAMPS.credentials.version)
      setMeta(db, 'credentials_rebuild', '1');
    const { full, since } = refreshKeyStats(db, lastRowidBefore, keyKind);
    wasFull = full;
    const store = new CredentialStore(db);
    let todo = full
      ? null
      : affectedKeys(
          store,
          withCreations(db, store, touchedKeys(db, since), since),
          BULK_THRESHOLD,
        );
    const writer = lineageWriter(db);
    const resolve = (key: string): void => {
      const s = summarizeKey(store, key);
      writer.write(key, {
        identity_type: s.identityType,
        identity_arn: s.identityArn,
        origin_kind: s.origin.kind,
        origin_label: s.origin.label,
        origin_arn: s.origin.arn ?? null,
        origin_account: s.origin.accountId ?? null,
        complete: s.complete,
        depth: s.depth,
        gap: s.gap,
      });
      if (++keys % 1000 === 0) relieveHeap(WALK_HEAP_VALVE_BYTES);
    };
    if (todo === null || todo.length > BULK_THRESHOLD) {
      // every key, or many: walked in storage order a page at a time (memory bounded by a page)
      store.beginWalk(todo);
      todo = null;
      for (let page = store.walkPage(WALK_PAGE); page.length; page = store.walkPage(WALK_PAGE))
        for (const key of page) resolve(key);
    } else {
      for (const key of todo) resolve(key);
    }
    writer.finish();
    writeStamp(db, STAMPS.credentials, maxEventRowid(db));
  })();
  return { keys, full: wasFull };
}
