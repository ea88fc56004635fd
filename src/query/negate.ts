import type { FilterNode } from './ast.js';

/**
 * The complement of a filter, with NOT pushed down to the terms (De Morgan, double negation
 * removed) so the result can still use the (field, time) indexes: the complement of
 * `-error:* -type:role` is `error:* OR type:role`, not a scan testing `NOT (... AND ...)`.
 *
 * Exact under the compiler's rules: every NOT is compiled as `NOT IFNULL(x, 0)`, so each row is
 * in exactly one of a filter and its complement.
 */
export function negateAst(node: FilterNode): FilterNode {
  switch (node.type) {
    case 'not':
      return node.child;
    case 'and':
      return { type: 'or', children: node.children.map(negateAst) };
    case 'or':
      return { type: 'and', children: node.children.map(negateAst) };
    default:
      return { type: 'not', child: node };
  }
}
