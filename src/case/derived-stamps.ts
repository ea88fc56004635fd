// What a derived table was computed from, kept in `meta`: the version of the computation and the
// last event rowid it covers. Declared here, apart from the registry (derived.ts), because the
// use-cases read their own stamp to work incrementally and the registry imports the use-cases.
import type { Database } from 'better-sqlite3';
import { deleteMeta, getMeta, setMeta } from '../store/db.js';
import { maxEventRowid } from '../store/notable.js';
import { LINEAGE_VERSION } from '../domain/lineage.js';
import { RULESET_VERSION } from '../domain/notable/rules.js';
import { INSIGHTS_VERSION } from '../domain/insights/windows.js';

export interface Stamp {
  /** `meta` key holding the version of the computation the rows came from. */
  readonly versionKey: string;
  /** The version this build computes: rows of another version are recomputed, not trusted. */
  readonly version: string;
  /** `meta` key holding the last event rowid the rows cover. */
  readonly rowidKey: string;
}

// The keys are those case files already carry: a fresh table stays fresh across this change.
export const STAMPS = {
  notable: { versionKey: 'notable.version', version: RULESET_VERSION, rowidKey: 'notable.rowid' },
  insights: {
    versionKey: 'insights.version',
    version: INSIGHTS_VERSION,
    rowidKey: 'insights.rowid',
  },
  credentials: {
    versionKey: 'lineage.version',
    version: LINEAGE_VERSION,
    rowidKey: 'credentials_rowid',
  },
} as const satisfies Record<string, Stamp>;

/**
 * The last event rowid the rows were computed to by this version; null when never, by another
 * version, or past the last event (the events were replaced: a rebuilt case file).
 */
export function computedTo(db: Database, stamp: Stamp, top = maxEventRowid(db)): number | null {
  if (getMeta(db, stamp.versionKey) !== stamp.version) return null;
  const text = getMeta(db, stamp.rowidKey);
  const rowid = text === undefined ? NaN : Number(text);
  return Number.isInteger(rowid) && rowid >= 0 && rowid <= top ? rowid : null;
}

/** Computed by this version over exactly the events there are. */
export function stampFresh(db: Database, stamp: Stamp): boolean {
  const top = maxEventRowid(db);
  return computedTo(db, stamp, top) === top;
}

/** Record that the rows now cover every event up to `top` (in the transaction that wrote them). */
export function writeStamp(db: Database, stamp: Stamp, top: number): void {
  setMeta(db, stamp.versionKey, stamp.version);
  setMeta(db, stamp.rowidKey, String(top));
}

/** The rows are being replaced: until a new stamp is written they count as never computed. */
export function clearStamp(db: Database, stamp: Stamp): void {
  deleteMeta(db, stamp.versionKey);
  deleteMeta(db, stamp.rowidKey);
}
