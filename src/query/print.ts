import type { FilterNode, TermValue } from './ast.js';
import { parseLookback } from './time-values.js';

const quoted = (s: string): string => `"${s.replace(/[\\"]/g, (c) => '\\' + c)}"`;

/** A value as it was read: literal values quoted, patterns and plain values bare (the lexer read them bare). */
function printValue(v: TermValue): string {
  return v.literal ? quoted(v.text) : v.text;
}

/**
 * A parsed filter as filter text that parses back to the same tree (the tests check this for
 * generated filters): what the TUI and `insights` print can always be pasted back.
 */
export function printFilter(node: FilterNode): string {
  const group = (n: FilterNode): string =>
    n.type === 'or' || n.type === 'and' ? `(${printFilter(n)})` : printFilter(n);
  switch (node.type) {
    case 'all':
      return '';
    case 'and':
      // nested groups keep their parentheses, so the tree comes back with the same shape
      return node.children.map(group).join(' ');
    case 'or':
      return node.children.map((c) => (c.type === 'or' ? group(c) : printFilter(c))).join(' OR ');
    case 'not':
      return node.child.type === 'not'
        ? `NOT ${group(node.child)}`
        : node.child.type === 'and' || node.child.type === 'or'
          ? `-(${printFilter(node.child)})`
          : `-${printFilter(node.child)}`;
    case 'has':
      return `has:${node.field.name}`;
    case 'text':
      return node.values.map(printValue).join(',');
    case 'term':
      if (node.values.length === 0) return `${node.field.name}:""`;
      return `${node.field.name}${node.exact ? ':=' : ':'}${node.values.map(printValue).join(',')}`;
  }
}

/**
 * Where the filter's `since:` durations start, for the filter echo: `since:2h` counts back from the
 * end of the evidence (`endMs`), `since:now-2h` from the clock (`nowMs`), and the responder should
 * see the instant rather than guess. '' when there are none.
 */
export function sinceEcho(
  node: FilterNode,
  endMs: number | null,
  format: (ms: number) => string,
  nowMs: number = Date.now(),
): string {
  const out: string[] = [];
  const stack: FilterNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'and' || n.type === 'or') stack.push(...n.children);
    else if (n.type === 'not') stack.push(n.child);
    else if (
      n.type === 'term' &&
      n.field.target.type === 'time' &&
      n.field.target.op === 'since' &&
      n.values.length === 1
    ) {
      const text = n.values[0].text;
      const back = parseLookback(text);
      const from = back?.from === 'now' ? nowMs : endMs;
      if (back)
        out.push(
          from === null
            ? `since:${text} (no timed events)`
            : `since:${text} = from ${format(from - Math.floor(back.ms))}`,
        );
    }
  }
  return out.join(', ');
}
