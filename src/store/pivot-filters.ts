import type { SqlFilter } from './filter-sql.js';

/**
 * Pivot conditions the filter language has no field for. A role session is the principal plus the
 * session's creation time: the same role session name can be reused by many sessions.
 */
export function sessionFilter(principalId: string, sessionCreatedMs: number): SqlFilter {
  return {
    where: `e.principal_id_ref IN (SELECT id FROM dict WHERE field = 'principal_id' AND value = ?) AND e.session_created_ms = ?`,
    params: [principalId, sessionCreatedMs],
  };
}
