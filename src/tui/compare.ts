/** Side-by-side comparison of records: one row per leaf path, flagged when the values differ. */
export interface CompareRow {
  path: string;
  /** Per record: the leaf as JSON text, undefined when the record lacks it. */
  values: (string | undefined)[];
  differs: boolean;
}

function leaves(v: unknown, path: string, out: Map<string, string>): void {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    if (entries.length === 0) out.set(path, Array.isArray(v) ? '[]' : '{}');
    for (const [k, c] of entries) leaves(c, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined');
}

export function compareRecords(records: readonly Record<string, unknown>[]): CompareRow[] {
  const maps = records.map((r) => {
    const m = new Map<string, string>();
    leaves(r, '', m);
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
