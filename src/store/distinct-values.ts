import type { Database, Statement } from 'better-sqlite3';
import { INTERNED_FIELDS, type InternedField } from './event-row.js';
import { ResourceList, type ResourceCount } from './resource-values.js';

/**
 * Distinct values of an interned field, straight from `dict` (never from events), and event counts
 * per value through the (field, time) indexes. Feeds fuzzy search and value pickers.
 */
export interface DistinctValue {
  id: number;
  value: string;
}

/** Resources in their normal form (the `resource` filter field), listed like an interned field. */
export const RESOURCE_VALUES_FIELD = 'resource';
/** What `DistinctValues` lists: an interned field, or resources. */
export type ValueField = InternedField | typeof RESOURCE_VALUES_FIELD;

function checkField(field: string): InternedField {
  if (!(INTERNED_FIELDS as readonly string[]).includes(field))
    throw new Error(`not an interned field: ${field}`);
  return field as InternedField;
}

/** `%a%s%u%` for "asu": the characters in order, anything between (LIKE is ASCII case-insensitive). */
export function subsequencePattern(query: string): string {
  return (
    '%' +
    [...query].map((c) => (c === '%' || c === '_' || c === '\\' ? '\\' + c : c)).join('%') +
    '%'
  );
}

export class DistinctValues {
  private readonly sizeStmt: Statement;
  private readonly allStmt: Statement;
  private readonly likeStmt: Statement;
  private readonly prefixStmt: Statement;
  private readonly countStmts = new Map<InternedField, Statement>();
  private readonly sizes = new Map<string, number>();
  private readonly counts = new Map<number, number>();
  private readonly resources: ResourceList;

  /** `opts.resources`: the case file's resources from `listResources`, when computed elsewhere. */
  constructor(
    private readonly db: Database,
    opts: { resources?: readonly ResourceCount[] } = {},
  ) {
    this.resources = new ResourceList(db, opts.resources);
    this.sizeStmt = db.prepare('SELECT count(*) FROM dict WHERE field = ?').pluck();
    this.allStmt = db.prepare('SELECT id, value FROM dict WHERE field = ? LIMIT ?');
    // no ESCAPE clause: SQLite then serves a prefix LIKE from the NOCASE dict index (migration 005)
    this.prefixStmt = db.prepare(
      'SELECT id, value FROM dict WHERE field = ? AND value LIKE ? LIMIT ?',
    );
    // shortest first: among many candidates the short ones are the names people type
    this.likeStmt = db.prepare(
      `SELECT id, value FROM dict WHERE field = ? AND value LIKE ? ESCAPE '\\' ORDER BY length(value) LIMIT ?`,
    );
  }

  /** How many distinct values the field has. */
  size(field: string): number {
    if (field === RESOURCE_VALUES_FIELD) return this.resources.size();
    let n = this.sizes.get(field);
    if (n === undefined) {
      n = this.sizeStmt.get(checkField(field)) as number;
      this.sizes.set(field, n);
    }
    return n;
  }

  /** Up to `limit` values of the field. */
  all(field: string, limit: number): DistinctValue[] {
    if (field === RESOURCE_VALUES_FIELD) return this.resources.all(limit);
    return this.allStmt.all(checkField(field), limit) as DistinctValue[];
  }

  /** Values containing the query's characters in order (the SQL prefilter for huge fields). */
  matching(field: string, query: string, limit: number): DistinctValue[] {
    if (field === RESOURCE_VALUES_FIELD) return this.resources.matching(query, limit);
    return this.likeStmt.all(
      checkField(field),
      subsequencePattern(query),
      limit,
    ) as DistinctValue[];
  }

  /** Values starting with the query (case-insensitive), an index seek; [] when it holds LIKE wildcards. */
  startingWith(field: string, query: string, limit: number): DistinctValue[] {
    if (field === RESOURCE_VALUES_FIELD) return this.resources.startingWith(query, limit);
    if (/[%_]/.test(query)) return [];
    return this.prefixStmt.all(checkField(field), query + '%', limit) as DistinctValue[];
  }

  /** Values containing the query as is (case-insensitive for ASCII). */
  containing(field: string, query: string, limit: number): DistinctValue[] {
    if (field === RESOURCE_VALUES_FIELD) return this.resources.containing(query, limit);
    return this.likeStmt.all(
      checkField(field),
      '%' + query.replace(/[%_\\]/g, (c) => '\\' + c) + '%',
      limit,
    ) as DistinctValue[];
  }

  /** The cached count, if this value was counted before. */
  cachedCount(id: number): number | undefined {
    // resources are listed with their counts, under negative ids
    return id < 0 ? this.resources.count(id) : this.counts.get(id);
  }

  /** Events carrying this value (an index range count, cached: dict ids never change meaning). */
  eventCount(field: string, id: number): number {
    if (field === RESOURCE_VALUES_FIELD) return this.resources.count(id) ?? 0;
    const hit = this.counts.get(id);
    if (hit !== undefined) return hit;
    const f = checkField(field);
    let stmt = this.countStmts.get(f);
    if (!stmt) {
      stmt = this.db.prepare(`SELECT count(*) FROM events WHERE ${f}_ref = ?`).pluck();
      this.countStmts.set(f, stmt);
    }
    const n = stmt.get(id) as number;
    this.counts.set(id, n);
    return n;
  }
}
