import Fuse from 'fuse.js';
import type { Database } from 'better-sqlite3';
import {
  DistinctValues,
  RESOURCE_VALUES_FIELD,
  type DistinctValue,
  type ValueField,
} from '../../store/distinct-values.js';
import type { ResourceCount } from '../../store/resource-values.js';

/** The fields `/` searches, with the filter field each applies as. */
export const FUZZY_FIELDS: readonly { field: ValueField; filter: string; label: string }[] = [
  { field: 'event_name', filter: 'name', label: 'event' },
  { field: 'event_source', filter: 'source', label: 'service' },
  { field: 'user_name', filter: 'user', label: 'user' },
  { field: 'arn', filter: 'arn', label: 'ARN' },
  { field: 'session_issuer_arn', filter: 'role', label: 'role' },
  { field: 'access_key_id', filter: 'key', label: 'key' },
  { field: 'source_ip', filter: 'ip', label: 'IP' },
  { field: 'aws_region', filter: 'region', label: 'region' },
  { field: 'account_id', filter: 'account', label: 'account' },
  { field: 'error_code', filter: 'error', label: 'error' },
  { field: 'user_agent', filter: 'ua', label: 'user agent' },
  // buckets, objects and other resources (one value per resource: query/resource-form.ts)
  { field: RESOURCE_VALUES_FIELD, filter: 'resource', label: 'resource' },
];

/** Above this many distinct values a field is prefiltered in SQL before fuse.js ranks it. */
export const SMALL_FIELD = 1000;
/** Candidates fuse.js ranks for a huge field: prefix matches, substrings, then in-order characters. */
const SUBSTRING_LIMIT = 100;
const SUBSEQUENCE_LIMIT = 150;

export interface Suggestion {
  field: ValueField;
  filter: string;
  label: string;
  value: string;
  id: number;
  score: number;
  /** Events carrying the value; -1 until counted (`fillCounts`, after the frame). */
  count: number;
}

const FUSE_OPTIONS = {
  keys: ['value'],
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.45,
  minMatchCharLength: 1,
};

/**
 * Fuzzy search over distinct values (dict), never over events. Small fields keep a fuse.js index;
 * huge ones (ARNs, keys, IPs) are cut down with a subsequence LIKE in SQL first.
 */
export class FuzzyIndex {
  private readonly values: DistinctValues;
  private readonly fuses = new Map<string, Fuse<DistinctValue>>();

  /**
   * `resources`: the case file's resources listed on the query thread; without them the resource
   * field is left out of the search (listing them here would hold the keys for seconds).
   */
  constructor(
    db: Database,
    private readonly resources?: readonly ResourceCount[],
  ) {
    this.values = new DistinctValues(db, resources ? { resources } : {});
  }

  /** Whether the resource field can be searched yet. */
  get hasResources(): boolean {
    return !!this.resources;
  }

  search(query: string, fieldIndex: number | null, limit: number): Suggestion[] {
    const q = query.trim();
    if (!q) return [];
    const fields = fieldIndex === null ? FUZZY_FIELDS : [FUZZY_FIELDS[fieldIndex]!];
    const found: Suggestion[] = [];
    for (const f of fields) {
      if (f.field === RESOURCE_VALUES_FIELD && !this.resources) continue;
      const size = this.values.size(f.field);
      if (!size) continue;
      let fuse: Fuse<DistinctValue>;
      if (size <= SMALL_FIELD) {
        fuse =
          this.fuses.get(f.field) ?? new Fuse(this.values.all(f.field, SMALL_FIELD), FUSE_OPTIONS);
        this.fuses.set(f.field, fuse);
      } else {
        const seen = new Set<number>();
        const cands: DistinctValue[] = [];
        const add = (vs: DistinctValue[]) => {
          for (const v of vs) if (!seen.has(v.id)) (seen.add(v.id), cands.push(v));
        };
        // a prefix is an index seek; only when it finds too few do we scan the field's values
        add(this.values.startingWith(f.field, q, SUBSTRING_LIMIT));
        if (cands.length < SUBSTRING_LIMIT)
          add(this.values.containing(f.field, q, SUBSTRING_LIMIT));
        if (q.length > 1 && cands.length < SUBSTRING_LIMIT)
          add(this.values.matching(f.field, q, SUBSEQUENCE_LIMIT));
        fuse = new Fuse(cands, FUSE_OPTIONS);
      }
      for (const r of fuse.search(q, { limit })) {
        found.push({
          ...f,
          value: r.item.value,
          id: r.item.id,
          score: r.score ?? 1,
          count: this.values.cachedCount(r.item.id) ?? -1,
        });
      }
    }
    // a resource is a long path that matches almost anything: named fields win a tie (`cidep`
    // finds the user ci-deployer before the object key ci-deploy/…)
    const rank = (x: Suggestion) => x.score + (x.field === RESOURCE_VALUES_FIELD ? 0.1 : 0);
    found.sort((a, b) => rank(a) - rank(b) || a.value.length - b.value.length);
    return found.slice(0, limit);
  }

  /**
   * Count events for suggestions not counted yet (index range counts, cached). Separate from
   * `search` so typing draws at once and the counts follow.
   */
  fillCounts(suggestions: Suggestion[]): Suggestion[] {
    return suggestions.map((s) =>
      s.count >= 0 ? s : { ...s, count: this.values.eventCount(s.field, s.id) },
    );
  }
}
