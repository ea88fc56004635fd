import { MAX_JSON_DEPTH, writeJson } from '../../util/deep-json.js';

/** Side-by-side comparison of records: one row per leaf path, flagged when the values differ. */
export interface CompareRow {
  path: string;
  /** Per record: the leaf as JSON text, undefined when the record lacks it. */
  values: (string | undefined)[];
  differs: boolean;
}

/**
 * Leaf path → value text, with an explicit stack (records can nest thousands of levels); a
 * container at MAX_JSON_DEPTH is one leaf, its JSON text (cut for display).
 */
function leaves(root: unknown, out: Map<string, string>): void {
  const stack: [unknown, string, number][] = [[root, '', 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) {
        out.set(path, writeJson(v, { maxChars: 4000 }));
        continue;
      }
      const entries = Array.isArray(v)
        ? v.map((x, i) => [String(i), x] as const)
        : Object.entries(v);
      if (entries.length === 0) out.set(path, Array.isArray(v) ? '[]' : '{}');
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push([entries[i][1], path ? `${path}.${entries[i][0]}` : entries[i][0], depth + 1]);
      continue;
    }
    out.set(path, typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));
  }
}

export function compareRecords(records: readonly Record<string, unknown>[]): CompareRow[] {
  const maps = records.map((r) => {
    const m = new Map<string, string>();
    leaves(r, m);
    return m;
  });
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const m of maps) for (const p of m.keys()) if (!seen.has(p)) (seen.add(p), paths.push(p));
  return paths.map((path) => {
    const values = maps.map((m) => m.get(path));
    return { path, values, differs: values.some((v) => v !== values[0]) };
  });
}

const ISO = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?Z)$/;

/**
 * The values of a row as compare shows them: times that share their date show only the time
 * (the date goes into the header once), so the parts that differ are what fits.
 */
export function compactValues(values: readonly (string | undefined)[]): {
  values: (string | undefined)[];
  date?: string;
} {
  const m = values.map((v) => (v === undefined ? null : ISO.exec(v)));
  const dates = new Set(m.filter((x) => x).map((x) => x![1]));
  if (dates.size !== 1 || m.some((x, i) => values[i] !== undefined && !x))
    return { values: [...values] };
  return { values: m.map((x) => (x ? x[2] : undefined)), date: [...dates][0] };
}
