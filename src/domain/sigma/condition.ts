import { invalid, unsupported } from './types.js';

/**
 * Sigma conditions: `and`, `or`, `not`, parentheses, `1 of sel*`, `all of sel*`, `N of them`.
 * Parsed with an operator stack (no recursion), so a deeply nested condition cannot overflow;
 * nesting past MAX_DEPTH is refused because the compiled predicate is a tree of that depth.
 */

export type CondNode =
  | { op: 'id'; name: string }
  | { op: 'of'; quantity: number | 'all'; names: string[] }
  | { op: 'not'; arg: CondNode }
  | { op: 'and' | 'or'; args: CondNode[] };

export const MAX_DEPTH = 64;

type Tok =
  | { t: '(' | ')' | 'and' | 'or' | 'not' }
  | { t: 'word'; v: string }
  | { t: 'of'; q: number | 'all'; target: string };

function tokenize(text: string): Tok[] {
  const words = text
    .replace(/([()])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean);
  const out: Tok[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const lw = w.toLowerCase();
    if (w === '|')
      throw unsupported(
        'aggregation in the condition ("| count() …"); write a Sigma correlation rule instead',
      );
    if (w.includes('|')) throw unsupported(`"${w}": aggregation or pipe in the condition`);
    if (w === '(' || w === ')' || lw === 'and' || lw === 'or' || lw === 'not') {
      out.push({ t: (w === '(' || w === ')' ? w : lw) as '(' | ')' | 'and' | 'or' | 'not' });
    } else if (words[i + 1]?.toLowerCase() === 'of' && (lw === 'all' || /^\d+$/.test(w))) {
      const target = words[i + 2];
      if (target === undefined || target === '(' || target === ')')
        throw invalid(`"${w} of" needs selection names or "them"`);
      const q = lw === 'all' ? 'all' : Number(w);
      if (q === 0) throw invalid('"0 of" never matches');
      out.push({ t: 'of', q, target });
      i += 2;
    } else if (lw === 'of') {
      throw invalid('"of" needs a number or "all" before it');
    } else if (lw === 'near') {
      throw unsupported('"near" (old correlation syntax); write a Sigma correlation rule instead');
    } else {
      out.push({ t: 'word', v: w });
    }
  }
  return out;
}

const PREC = { or: 1, and: 2, not: 3 } as const;

function globToRe(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** Parse a condition against the rule's selection names. */
export function parseCondition(text: string, selections: readonly string[]): CondNode {
  const toks = tokenize(text);
  if (toks.length === 0) throw invalid('empty condition');
  const out: CondNode[] = [];
  const ops: ('(' | 'and' | 'or' | 'not')[] = [];
  let depth = 0;
  let nots = 0;
  const reduce = (): void => {
    const op = ops.pop();
    if (op === 'not') {
      const arg = out.pop();
      if (!arg) throw invalid('"not" without an operand');
      out.push({ op: 'not', arg });
    } else if (op === 'and' || op === 'or') {
      const b = out.pop();
      const a = out.pop();
      if (!a || !b) throw invalid(`"${op}" without two operands`);
      // flatten chains: "a and b and c" is one node, not a nested tree
      const args = [
        ...(a.op === op ? (a as { args: CondNode[] }).args : [a]),
        ...(b.op === op ? (b as { args: CondNode[] }).args : [b]),
      ];
      out.push({ op, args });
    } else {
      throw invalid('unbalanced parentheses');
    }
  };
  let expectOperand = true;
  for (const tok of toks) {
    if (tok.t === 'word' || tok.t === 'of') {
      if (!expectOperand)
        throw invalid(`missing "and"/"or" before "${tok.t === 'word' ? tok.v : tok.target}"`);
      if (tok.t === 'word') {
        if (tok.v.toLowerCase() === 'them') throw invalid('"them" needs "1 of" or "all of"');
        if (!selections.includes(tok.v))
          throw invalid(`condition names "${tok.v}", which is not a selection`);
        out.push({ op: 'id', name: tok.v });
      } else {
        const names =
          tok.target.toLowerCase() === 'them'
            ? selections.filter((s) => !s.startsWith('_'))
            : selections.filter((s) => globToRe(tok.target).test(s));
        if (names.length === 0) throw invalid(`"${tok.q} of ${tok.target}" matches no selection`);
        out.push({ op: 'of', quantity: tok.q, names });
      }
      expectOperand = false;
    } else if (tok.t === '(') {
      if (!expectOperand) throw invalid('missing "and"/"or" before "("');
      if (++depth > MAX_DEPTH)
        throw unsupported(`condition nested deeper than ${MAX_DEPTH} parentheses`);
      ops.push('(');
    } else if (tok.t === ')') {
      if (expectOperand) throw invalid('")" where an operand was expected');
      while (ops.length && ops[ops.length - 1] !== '(') reduce();
      if (ops.pop() !== '(') throw invalid('unbalanced parentheses');
      depth--;
    } else if (tok.t === 'not') {
      if (!expectOperand) throw invalid('"not" where "and"/"or" was expected');
      if (++nots > MAX_DEPTH) throw unsupported(`more than ${MAX_DEPTH} "not" in one condition`);
      ops.push('not');
    } else {
      if (expectOperand) throw invalid(`"${tok.t}" where an operand was expected`);
      while (ops.length) {
        const top = ops[ops.length - 1];
        if (top === '(' || PREC[top] < PREC[tok.t]) break;
        reduce();
      }
      ops.push(tok.t);
      expectOperand = true;
    }
  }
  if (expectOperand) throw invalid('condition ends where an operand was expected');
  while (ops.length) reduce();
  if (out.length !== 1) throw invalid('malformed condition');
  return out[0];
}

/** Selection names a record must match for the condition to hold (top-level "and" of plain names). */
export function requiredSelections(node: CondNode): string[] {
  if (node.op === 'id') return [node.name];
  if (node.op === 'of' && (node.quantity === 'all' || node.names.length === 1)) return node.names;
  if (node.op === 'and')
    return node.args.flatMap((a) =>
      a.op === 'id' ? [a.name] : a.op === 'of' && a.quantity === 'all' ? a.names : [],
    );
  return [];
}

/**
 * A predicate over selection results; `sel(name)` gives the compiled test of a selection, looked up
 * once here rather than per record. Written as loops: this runs for every record a rule is asked
 * about, and closures created per call (`every(x => …)`) cost more than the tests themselves.
 */
export function compileCondition<T>(
  node: CondNode,
  sel: (name: string) => (arg: T) => boolean,
): (arg: T) => boolean {
  // depth is bounded by MAX_DEPTH parentheses plus the operator levels, so recursion here is bounded
  switch (node.op) {
    case 'id':
      return sel(node.name);
    case 'of': {
      const fs = node.names.map(sel);
      if (node.quantity === 'all') return allOf(fs);
      const quantity = node.quantity;
      if (quantity === 1) return anyOf(fs);
      return (a) => {
        let hits = 0;
        for (let i = 0; i < fs.length; i++) if (fs[i](a) && ++hits >= quantity) return true;
        return false;
      };
    }
    case 'not': {
      const f = compileCondition(node.arg, sel);
      return (a) => !f(a);
    }
    case 'and':
      return allOf(node.args.map((x) => compileCondition(x, sel)));
    case 'or':
      return anyOf(node.args.map((x) => compileCondition(x, sel)));
  }
}

/** True when every predicate holds (loops, no closure per call). */
export function allOf<T>(fs: readonly ((a: T) => boolean)[]): (a: T) => boolean {
  if (fs.length === 1) return fs[0];
  return (a) => {
    for (let i = 0; i < fs.length; i++) if (!fs[i](a)) return false;
    return true;
  };
}

/** True when any predicate holds. */
export function anyOf<T>(fs: readonly ((a: T) => boolean)[]): (a: T) => boolean {
  if (fs.length === 1) return fs[0];
  return (a) => {
    for (let i = 0; i < fs.length; i++) if (fs[i](a)) return true;
    return false;
  };
}
