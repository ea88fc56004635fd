/**
 * The one name for a compiled condition: an SQL boolean expression over `events e` and its `?`
 * parameters. query/ produces it (`CompiledFilter` extends it), pivots and rules pin one, and every
 * store function that reads events for a filter takes one. `params` is readonly because a filter
 * is shared (cached, combined, posted to the query thread): whoever needs more parameters copies.
 */
export interface SqlFilter {
  readonly where: string;
  readonly params: readonly unknown[];
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
