import type { RecordView } from './types.js';
import { textOf } from './text.js';

/** Past this many values one path stops fanning out (a hostile array cannot make a rule slow). */
const MAX_VALUES = 10_000;

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Arrays (nested too) replaced by their elements, with an explicit stack rather than recursion. */
function flatten(values: unknown[], out: unknown[]): void {
  if (!values.some(Array.isArray)) {
    for (const v of values) if (out.length < MAX_VALUES) out.push(v);
    return;
  }
  const stack = values.slice().reverse();
  while (stack.length && out.length < MAX_VALUES) {
    const v = stack.pop();
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else out.push(v);
  }
}

/**
 * Values at a dotted CloudTrail path (`requestParameters.ipPermissions.items.ipRanges.items.cidrIp`).
 * An array anywhere on the way stands for each of its elements, so the path matches when any
 * element does. A missing field gives no values; a field set to null gives [null].
 */
export function valuesAt(record: unknown, path: string): unknown[] {
  // the common case: a top-level field holding a scalar
  if (!path.includes('.') && isObject(record)) {
    if (!own(record, path)) return [];
    const v = record[path];
    if (!Array.isArray(v)) return [v];
  }
  let current: unknown[] = [record];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    const items: unknown[] = [];
    flatten(current, items);
    for (const v of items) if (isObject(v) && own(v, key)) next.push(v[key]);
    if (next.length === 0) return [];
    current = next;
  }
  const out: unknown[] = [];
  flatten(current, out);
  return out;
}

/** Every scalar in the record (iterative walk), for keyword selections. */
export function leafValues(record: unknown): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [record];
  while (stack.length && out.length < MAX_VALUES) {
    const v = stack.pop();
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isObject(v)) for (const k of Object.keys(v)) stack.push(v[k]);
    else out.push(v);
  }
  return out;
}

interface PathEntry {
  values: readonly unknown[];
  lower: readonly (string | null)[] | null;
}

const NO_TEXTS: readonly (string | null)[] = [];

/**
 * One record as the rules see it: each path is resolved once however many rules ask for it. One
 * map per record (two cost a measurable share of a pass), top-level scalars without the path walk.
 */
export class CachedRecord implements RecordView {
  private readonly cache = new Map<string, PathEntry>();
  private allLeaves: unknown[] | null = null;
  private results: Map<number, boolean> | null = null;
  constructor(public record: unknown) {}
  /** Look at another record, keeping the maps (a pass allocates them once, not per record). */
  reset(record: unknown): this {
    this.record = record;
    this.cache.clear();
    this.results?.clear();
    this.allLeaves = null;
    return this;
  }
  once(id: number, test: (view: RecordView) => boolean): boolean {
    const known = (this.results ??= new Map()).get(id);
    if (known !== undefined) return known;
    const r = test(this);
    this.results.set(id, r);
    return r;
  }
  private entry(path: string): PathEntry {
    let e = this.cache.get(path);
    if (!e) {
      e = { values: valuesAt(this.record, path), lower: null };
      this.cache.set(path, e);
    }
    return e;
  }
  values(path: string): readonly unknown[] {
    return this.entry(path).values;
  }
  lowerTexts(path: string): readonly (string | null)[] {
    const e = this.entry(path);
    if (e.lower) return e.lower;
    const vs = e.values;
    if (vs.length === 0) return (e.lower = NO_TEXTS);
    const out: (string | null)[] = new Array(vs.length);
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i];
      const x = typeof v === 'string' ? v : textOf(v);
      out[i] = x === null ? null : x.toLowerCase();
    }
    return (e.lower = out);
  }
  leaves(): readonly unknown[] {
    return (this.allLeaves ??= leafValues(this.record));
  }
}
