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

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === 'object';

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

export function jsonLines(value: unknown, expanded: ReadonlySet<string>): JsonLine[] {
  const out: JsonLine[] = [];
  const walk = (v: unknown, key: string | null, path: string, depth: number) => {
    if (isContainer(v)) {
      const open = expanded.has(path);
      const empty = entries(v).length === 0;
      out.push({ path, depth, key, text: empty ? (Array.isArray(v) ? '[]' : '{}') : summary(v), expandable: !empty, expanded: open && !empty });
      if (open) for (const [k, c] of entries(v)) walk(c, k, childPath(path, k), depth + 1);
    } else {
      out.push({ path, depth, key, text: JSON.stringify(v) ?? 'undefined', expandable: false, expanded: false });
    }
  };
  walk(value, null, '', 0);
  return out;
}

/** Every container path (expand all). */
export function containerPaths(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (!isContainer(v)) return;
    out.push(path);
    for (const [k, c] of entries(v)) walk(c, childPath(path, k));
  };
  walk(value, '');
  return out;
}

/** Paths whose key or scalar value contains `query` (case-insensitive), in document order. */
export function findPaths(value: unknown, query: string): string[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const out: string[] = [];
  const walk = (v: unknown, key: string | null, path: string) => {
    const keyHit = key !== null && key.toLowerCase().includes(q);
    if (isContainer(v)) {
      if (keyHit) out.push(path);
      for (const [k, c] of entries(v)) walk(c, k, childPath(path, k));
    } else if (keyHit || String(v).toLowerCase().includes(q)) {
      out.push(path);
    }
  };
  walk(value, null, '');
  return out;
}

/** The containers that must be open for `path` to be visible. */
export function ancestors(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** Default view: everything open when it is short, else the top level and userIdentity. */
export function defaultExpanded(value: unknown, maxLines = 60): Set<string> {
  const all = new Set(containerPaths(value));
  if (jsonLines(value, all).length <= maxLines) return all;
  return new Set(['', '/userIdentity']);
}
