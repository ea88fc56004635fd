import type { Database } from 'better-sqlite3';
import { asciiLower } from '../query/field-norm.js';
import { eventResourceValues } from '../query/resource-form.js';
import { RESOURCE_KEY_SQL, RESOURCE_ROWS_SQL } from '../query/resource-sql.js';
import { cachedStatement } from './statement-cache.js';

/**
 * Resources in their normal form (query/resource-form.ts): the resources of one event, for a
 * pivot, and every resource of the case file with its event count, for fuzzy search. Resources
 * are not a `dict` namespace of their own (an S3 bucket's ARN may be stored only as its name), so
 * the list is computed from `event_resources` once per connection.
 */

export interface ResourceValue {
  /** The normal form: what `termText('resource', value)` turns into the exact term. */
  value: string;
  type: string | null;
}

/** The resources of one event (by rowid), one entry per resource, sorted: a bucket before its objects. */
export function resourcesOfEvent(db: Database, rowid: number): ResourceValue[] {
  const rows = cachedStatement(
    db,
    `SELECT (SELECT value FROM dict WHERE id = r.name_ref) AS name, (SELECT value FROM dict WHERE id = r.type_ref) AS type
     FROM event_resources r WHERE r.event_rowid = ?`,
  ).all(rowid) as { name: string; type: string | null }[];
  if (rows.length === 0) return [];
  const region = cachedStatement(
    db,
    'SELECT (SELECT value FROM dict WHERE id = e.aws_region_ref) FROM events e WHERE e.id = ?',
  )
    .pluck()
    .get(rowid) as string | null | undefined;
  return eventResourceValues(rows, region ?? null).sort((a, b) =>
    a.value < b.value ? -1 : a.value > b.value ? 1 : 0,
  );
}

/** A resource of the case file with the events that name it. */
export interface ResourceCount {
  value: string;
  count: number;
}

/**
 * Every resource of the case file with its event count, ASCII case variants as one (as facets
 * count them). One grouped pass over every resource row: about 0.5 s on the demo and seconds on a
 * million events, so a caller with a query thread runs it there and hands the list to
 * `DistinctValues`; the result is plain data.
 */
export function listResources(db: Database): ResourceCount[] {
  const rows = db
    .prepare(
      `SELECT min(k) AS value, count(DISTINCT ev) AS n
       FROM (SELECT r.event_rowid AS ev, ${RESOURCE_KEY_SQL} AS k FROM ${RESOURCE_ROWS_SQL})
       WHERE k IS NOT NULL GROUP BY k COLLATE NOCASE ORDER BY value`,
    )
    .raw()
    .all() as [string, number][];
  return rows.map(([value, count]) => ({ value, count }));
}

/** A listed resource: `id` is negative, so it never meets a `dict` id in a shared cache. */
export interface ResourceEntry {
  id: number;
  value: string;
  count: number;
}

/** The values `DistinctValues` serves for the `resource` field, with the same queries. */
export class ResourceList {
  private entries: (ResourceEntry & { lower: string })[] | null = null;
  private readonly byId = new Map<number, ResourceEntry>();

  /** `prebuilt`: the result of `listResources`, when it was computed elsewhere (a query thread). */
  constructor(
    private readonly db: Database,
    private readonly prebuilt?: readonly ResourceCount[],
  ) {}

  private list(): (ResourceEntry & { lower: string })[] {
    if (this.entries) return this.entries;
    const counts = this.prebuilt ?? listResources(this.db);
    this.entries = counts.map((c, i) => ({
      id: -(i + 1),
      value: c.value,
      count: c.count,
      lower: asciiLower(c.value),
    }));
    for (const e of this.entries) this.byId.set(e.id, e);
    return this.entries;
  }

  size(): number {
    return this.list().length;
  }

  all(limit: number): ResourceEntry[] {
    return this.list().slice(0, limit);
  }

  /** Case-insensitive prefix, as the NOCASE index answers the interned fields. */
  startingWith(query: string, limit: number): ResourceEntry[] {
    const q = asciiLower(query);
    return this.take((v) => v.startsWith(q), limit, false);
  }

  containing(query: string, limit: number): ResourceEntry[] {
    const q = asciiLower(query);
    return this.take((v) => v.includes(q), limit, true);
  }

  /** The query's characters in order, as `subsequencePattern` asks of the interned fields. */
  matching(query: string, limit: number): ResourceEntry[] {
    const chars = [...asciiLower(query)];
    return this.take(
      (v) => {
        let at = 0;
        for (const c of chars) {
          const i = v.indexOf(c, at);
          if (i < 0) return false;
          at = i + c.length;
        }
        return true;
      },
      limit,
      true,
    );
  }

  count(id: number): number | undefined {
    this.list();
    return this.byId.get(id)?.count;
  }

  /** Shortest first where the SQL of the interned fields orders by length. */
  private take(
    test: (lower: string) => boolean,
    limit: number,
    shortest: boolean,
  ): ResourceEntry[] {
    const hits = this.list().filter((e) => test(asciiLower(e.value)));
    if (shortest) hits.sort((a, b) => a.value.length - b.value.length);
    return hits.slice(0, limit);
  }
}
