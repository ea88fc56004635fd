import { MAX_JSON_DEPTH, writeJson } from '../../util/deep-json.js';

/**
 * The original record as a collapsible tree. Paths are JSON-pointer-like (`''` root,
 * `/userIdentity/sessionContext`); `expanded` holds the open containers' paths.
 */
export interface JsonLine {
  path: string;
  depth: number;
  key: string | null;
  /** `"value"` for scalars; `{…} 5 keys` / `[…] 3 items` for containers (raw, not yet made safe). */
  text: string;
  expandable: boolean;
  expanded: boolean;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] =>
  v !== null && typeof v === 'object';

function entries(v: Record<string, unknown> | unknown[]): [string, unknown][] {
  return Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
}

function childPath(parent: string, key: string): string {
  return `${parent}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function summary(v: Record<string, unknown> | unknown[]): string {
  if (Array.isArray(v)) return `[…] ${v.length} item${v.length === 1 ? '' : 's'}`;
  const n = Object.keys(v).length;
  return `{…} ${n} key${n === 1 ? '' : 's'}`;
}

/** Characters of JSON text shown for a value nested past MAX_JSON_DEPTH. */
export const DEEP_TEXT_MAX = 4000;

/**
 * A container at MAX_JSON_DEPTH is a leaf: its JSON text (cut at DEEP_TEXT_MAX), so a record
 * nested 20,000 levels deep opens, and walking the tree costs no recursion at all.
 */
function deepLeafText(v: Record<string, unknown> | unknown[]): string {
  const json = writeJson(v, { maxChars: DEEP_TEXT_MAX });
  const cut =
    json.length > DEEP_TEXT_MAX
      ? `${json.slice(0, DEEP_TEXT_MAX)}… (cut; export the event for the whole record)`
      : json;
  return `nested deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels, as JSON text: ${cut}`;
}

interface Visit {
  v: unknown;
  key: string | null;
  path: string;
  depth: number;
}

/**
 * Visit the tree in document order (depth first, children in order) with an explicit stack.
 * `enter` returns whether to go into a container's children; containers at MAX_JSON_DEPTH are
 * never entered.
 */
function walkTree(root: unknown, visit: (n: Visit, deep: boolean) => boolean): void {
  const stack: Visit[] = [{ v: root, key: null, path: '', depth: 0 }];
  while (stack.length) {
    const n = stack.pop()!;
    const deep = isContainer(n.v) && n.depth >= MAX_JSON_DEPTH;
    if (!visit(n, deep) || deep || !isContainer(n.v)) continue;
    const kids = entries(n.v);
    for (let i = kids.length - 1; i >= 0; i--) {
      const [k, c] = kids[i];
      stack.push({ v: c, key: k, path: childPath(n.path, k), depth: n.depth + 1 });
    }
  }
}

export function jsonLines(value: unknown, expanded: ReadonlySet<string>): JsonLine[] {
  const out: JsonLine[] = [];
  walkTree(value, ({ v, key, path, depth }, deep) => {
    if (deep) {
      out.push({
        path,
        depth,
        key,
        text: deepLeafText(v as Record<string, unknown> | unknown[]),
        expandable: false,
        expanded: false,
      });
      return false;
    }
    if (isContainer(v)) {
      const open = expanded.has(path);
      const empty = entries(v).length === 0;
      out.push({
        path,
        depth,
        key,
        text: empty ? (Array.isArray(v) ? '[]' : '{}') : summary(v),
        expandable: !empty,
        expanded: open && !empty,
      });
      return open;
    }
    out.push({
      path,
      depth,
      key,
      text: JSON.stringify(v) ?? 'undefined',
      expandable: false,
      expanded: false,
    });
    return false;
  });
  return out;
}

/** Every container path that can be opened (expand all). */
export function containerPaths(value: unknown): string[] {
  const out: string[] = [];
  walkTree(value, ({ v, path }, deep) => {
    if (!isContainer(v) || deep) return false;
    out.push(path);
    return true;
  });
  return out;
}

/**
 * Paths whose key or scalar value contains `query` (case-insensitive), in document order. A value
 * nested past MAX_JSON_DEPTH is searched as the text it is shown as.
 */
export function findPaths(value: unknown, query: string): string[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const out: string[] = [];
  walkTree(value, ({ v, key, path }, deep) => {
    const keyHit = key !== null && key.toLowerCase().includes(q);
    if (deep) {
      if (
        keyHit ||
        deepLeafText(v as Record<string, unknown> | unknown[])
          .toLowerCase()
          .includes(q)
      )
        out.push(path);
      return false;
    }
    if (isContainer(v)) {
      if (keyHit) out.push(path);
      return true;
    }
    if (keyHit || String(v).toLowerCase().includes(q)) out.push(path);
    return false;
  });
  return out;
}

/** The containers that must be open for `path` to be visible. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

/** Default view: everything open when it is short, else the top level and userIdentity. */
export function defaultExpanded(value: unknown, maxLines = 60): Set<string> {
  const all = new Set(containerPaths(value));
  if (jsonLines(value, all).length <= maxLines) return all;
  return new Set(['', '/userIdentity']);
}
