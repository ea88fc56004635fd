/**
 * Combining compiled filter fragments (query/ compiles, store/ owns SQL text). Each fragment is a
 * boolean expression over `events e` with `?` parameters.
 */
export interface SqlFilter {
  where: string;
  params: unknown[];
}

export const MATCH_ALL: SqlFilter = { where: '1', params: [] };

export function andFilters(...parts: (SqlFilter | undefined)[]): SqlFilter {
  const real = parts.filter((p): p is SqlFilter => !!p && p.where.trim() !== '1');
  if (real.length === 0) return MATCH_ALL;
  if (real.length === 1) return real[0]!;
  return {
    where: real.map((p) => `(${p.where})`).join(' AND '),
    params: real.flatMap((p) => p.params),
  };
}
