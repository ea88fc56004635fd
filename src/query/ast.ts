import type { FieldDef } from './fields.js';

/**
 * One value of a term. `literal`: quoted, or in an exact term (`field:=v`): taken as written, never
 * a pattern, a CIDR range or a shorthand. `wildcard`: unquoted with `*`, matched as a pattern.
 */
export interface TermValue {
  text: string;
  literal: boolean;
  wildcard: boolean;
  pos: number;
  len: number;
}

export type FilterNode =
  | { type: 'all' }
  | { type: 'and' | 'or'; children: FilterNode[] }
  | { type: 'not'; child: FilterNode }
  /** `field:v1,v2` (any of the values); `values` empty means "field is missing" (`field:""`). */
  /** `exact`: written `field:=v`, each value matched whole and literally (also for `ua:`, `message:`). */
  | {
      type: 'term';
      field: FieldDef;
      values: TermValue[];
      exact?: boolean;
      pos: number;
      len: number;
    }
  /** A bare word: searched in the text of the key fields. */
  | { type: 'text'; values: TermValue[]; pos: number; len: number }
  | { type: 'has'; field: FieldDef; pos: number; len: number };

const quote = (s: string): string => JSON.stringify(s);
const showValue = (v: TermValue): string => (v.literal ? quote(v.text) : v.text);

/** A compact S-expression of the tree, for golden tests and debugging. */
export function astToString(node: FilterNode): string {
  switch (node.type) {
    case 'all':
      return '(all)';
    case 'and':
    case 'or':
      return `(${node.type} ${node.children.map(astToString).join(' ')})`;
    case 'not':
      return `(not ${astToString(node.child)})`;
    case 'term':
      return node.values.length === 0
        ? `(missing ${node.field.name})`
        : `(${node.field.name}${node.exact ? ' =' : ''} ${node.values.map(showValue).join(' ')})`;
    case 'text':
      return `(text ${node.values.map(showValue).join(' ')})`;
    case 'has':
      return `(has ${node.field.name})`;
  }
}
