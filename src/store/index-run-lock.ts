import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { deleteMeta } from './db.js';

/**
 * One index run at a time per case file. A bulk load drops `event_id`'s unique index and
 * deduplicates in its own memory (event-id-index.ts): a second run loading meanwhile would see
 * neither the first one's IDs nor an index to stop it, and the two would store the same events
 * twice. The holder is recorded in `meta` (process, host, start); a second run waits until the
 * first has finished. A holder whose process is gone (killed) is taken over. A holder on another
 * host cannot be checked and is taken over too (SQLite's own locking does not hold on network file
 * systems anyway).
 */
export interface IndexRunHolder {
  pid: number;
  host: string;
  since: string;
}

const KEY = 'index_run';

/**
 * Hold the case file for this index run, or return the live run that holds it (the caller waits
 * and asks again).
 */
export function tryHoldIndexRun(db: Database): IndexRunHolder | null {
  return db
    .transaction((): IndexRunHolder | null => {
      const held = liveIndexRun(db);
      if (held) return held;
      const me: IndexRunHolder = {
        pid: process.pid,
        host: hostname(),
        since: new Date().toISOString(),
      };
      db.prepare(
        'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ).run(KEY, JSON.stringify(me));
      return null;
    })
    .immediate();
}

/** The index run of another live process on this host that holds the case file, if any. */
export function liveIndexRun(db: Database): IndexRunHolder | null {
  const held = currentHolder(db);
  return held && held.pid !== process.pid && held.host === hostname() && alive(held.pid)
    ? held
    : null;
}

/** The run is over (or stopped): the next may start. */
export function releaseIndexRun(db: Database): void {
  const held = currentHolder(db);
  if (held && held.pid === process.pid && held.host === hostname()) deleteMeta(db, KEY);
}

function currentHolder(db: Database): IndexRunHolder | null {
  const raw = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as
    string | undefined;
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<IndexRunHolder>;
    return typeof v.pid === 'number' && typeof v.host === 'string'
      ? { pid: v.pid, host: v.host, since: String(v.since ?? '') }
      : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user
    return (err as { code?: string }).code === 'EPERM';
  }
}
