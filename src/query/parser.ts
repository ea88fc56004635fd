import type { FilterNode, TermValue } from './ast.js';
import { FilterError } from './errors.js';
import { fieldNames, lookupField } from './fields.js';
import { tokenize, type Token } from './lexer.js';
import { closest } from './suggest.js';

type TermToken = Extract<Token, { kind: 'term' }>;

const KEYWORD_TYPOS = ['OR', 'AND', 'NOT'];

/** Nesting deeper than this is not a filter anyone types; it would only exhaust the stack or SQLite's expression depth. */
export const MAX_DEPTH = 128;
/** Terms in one filter (each becomes a few SQL parameters; SQLite allows 32766). */
export const MAX_TERMS = 500;
/** Characters in one value: far past any ARN or user agent, well under SQLite's LIKE pattern limit (50,000). */
export const MAX_VALUE_LENGTH = 8192;

/**
 * Parse filter text into a tree. Grammar (lowest precedence first):
 *   filter := or?
 *   or     := and ( "OR" and )*
 *   and    := unary ( "AND"? unary )*        -- juxtaposition is AND
 *   unary  := ( "NOT" | "-" ) unary | primary
 *   primary:= "(" or ")" | term
 *   term   := "-"? ( field ":" values | bare-word | "quoted text" )
 *   values := value ( "," value )*            -- any of them
 */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let i = 0;
  let depth = 0;
  const peek = (): Token | undefined => tokens[i];
  const terms = tokens.filter((t) => t.kind === 'term');
  if (terms.length > MAX_TERMS) {
    const t = terms[MAX_TERMS];
    throw new FilterError(`too many terms (at most ${MAX_TERMS})`, t.pos, t.len);
  }
  const valueCount = terms.reduce((n, t) => n + (t.kind === 'term' ? t.values.length : 0), 0);
  if (valueCount > MAX_TERMS * 4)
    throw new FilterError(`too many values (at most ${MAX_TERMS * 4})`, 0, text.length);
  for (const t of terms) {
    if (t.kind !== 'term') continue;
    const long = t.values.find((v) => v.text.length > MAX_VALUE_LENGTH);
    if (long)
      throw new FilterError(
        `value too long (${long.text.length.toLocaleString('en-US')} characters; at most ${MAX_VALUE_LENGTH.toLocaleString('en-US')})`,
        long.pos,
        long.len,
      );
  }

  const parseOr = (): FilterNode => {
    const first = parseAnd();
    const children = [first];
    while (peek()?.kind === 'or') {
      const op = tokens[i++];
      if (!peek() || peek()!.kind === 'rparen' || peek()!.kind === 'or') {
        throw new FilterError('OR needs a term after it', op.pos, op.len);
      }
      children.push(parseAnd());
    }
    return children.length === 1 ? first : { type: 'or', children };
  };

  const parseAnd = (): FilterNode => {
    const children: FilterNode[] = [];
    for (;;) {
      const t = peek();
      if (!t || t.kind === 'rparen' || t.kind === 'or') break;
      if (t.kind === 'and') {
        i++;
        const next = peek();
        if (
          children.length === 0 ||
          !next ||
          next.kind === 'rparen' ||
          next.kind === 'or' ||
          next.kind === 'and'
        ) {
          throw new FilterError('AND needs a term on both sides', t.pos, t.len);
        }
        continue;
      }
      children.push(parseUnary());
    }
    if (children.length === 0) {
      const t = peek();
      if (t?.kind === 'or') throw new FilterError('OR needs a term before it', t.pos, t.len);
      if (t?.kind === 'rparen')
        throw new FilterError('empty parentheses or a stray ")"', t.pos, t.len);
      throw new FilterError('expected a term', text.length, 1);
    }
    return children.length === 1 ? children[0] : { type: 'and', children };
  };

  const parseUnary = (): FilterNode => {
    const t = peek()!;
    if (++depth > MAX_DEPTH)
      throw new FilterError(`nested too deeply (at most ${MAX_DEPTH} levels)`, t.pos, t.len);
    try {
      return parseUnaryInner(t);
    } finally {
      depth--;
    }
  };

  const parseUnaryInner = (t: Token): FilterNode => {
    if (t.kind === 'not') {
      i++;
      const next = peek();
      if (!next || next.kind === 'rparen' || next.kind === 'or' || next.kind === 'and') {
        throw new FilterError('NOT needs a term after it', t.pos, t.len);
      }
      return { type: 'not', child: parseUnary() };
    }
    if (t.kind === 'lparen') {
      i++;
      if (peek()?.kind === 'rparen')
        throw new FilterError('empty parentheses', t.pos, peek()!.pos - t.pos + 1);
      const inner = parseOr();
      const close = peek();
      if (!close || close.kind !== 'rparen')
        throw new FilterError('missing ")" for this "("', t.pos, 1);
      i++;
      return inner;
    }
    if (t.kind === 'term') {
      i++;
      const node = termNode(t);
      return t.negated ? { type: 'not', child: node } : node;
    }
    // and/or/rparen are handled by the callers
    throw new FilterError(`unexpected "${text.slice(t.pos, t.pos + t.len)}"`, t.pos, t.len);
  };

  if (tokens.length === 0) return { type: 'all' };
  const tree = parseOr();
  const rest = peek();
  if (rest) {
    throw new FilterError(
      rest.kind === 'rparen'
        ? 'unmatched ")"'
        : `unexpected "${text.slice(rest.pos, rest.pos + rest.len)}"`,
      rest.pos,
      rest.len,
    );
  }
  return tree;
}

function termValues(t: TermToken): TermValue[] {
  return t.values.map((v) => {
    const literal = v.quoted || t.exact;
    return {
      text: v.text,
      literal,
      wildcard: !literal && v.text.includes('*'),
      pos: v.pos,
      len: v.len,
    };
  });
}

function termNode(t: TermToken): FilterNode {
  const values = termValues(t);
  if (t.field === null) {
    const word = t.values[0].text;
    if (!t.values[0].quoted && t.values.length === 1) {
      const kw = closest(word, KEYWORD_TYPOS);
      // lower-case or/and/not are most likely meant as operators; say so rather than search for them
      if (kw && word.toUpperCase() === kw) {
        throw new FilterError(
          `the filter was not run: "${word}" is not an operator (operators are upper case: ${kw}); to search for the word, quote it: "${word}"`,
          t.fieldPos,
          word.length,
          kw,
        );
      }
    }
    if (values.some((v) => v.text === '')) throw new FilterError('empty search text', t.pos, t.len);
    return { type: 'text', values, pos: t.pos, len: t.len };
  }
  const field = lookupField(t.field);
  if (!field) {
    const suggestion = closest(t.field, fieldNames());
    throw new FilterError(
      `unknown field "${t.field}"${suggestion ? ` — did you mean "${suggestion}"?` : ' (see `trailscope query --help` for the fields)'}`,
      t.fieldPos,
      t.field.length,
      suggestion,
    );
  }
  const valuePos = t.fieldPos + t.field.length + (t.exact ? 2 : 1);
  if (t.exact && (field.target.type === 'has' || field.target.type === 'time')) {
    throw new FilterError(
      `${field.name}: takes no "=" (":=" is for matching a value exactly)`,
      valuePos - 1,
      1,
      `${t.field}:`,
    );
  }
  if (field.target.type === 'has') {
    if (t.values.length !== 1 || t.values[0].text === '') {
      throw new FilterError(
        'has: needs one field name, e.g. has:error',
        valuePos,
        Math.max(1, t.pos + t.len - valuePos),
      );
    }
    const v = t.values[0];
    const target = lookupField(v.text);
    if (!target || target.target.type === 'has' || target.target.type === 'time') {
      const suggestion = closest(v.text, fieldNames());
      throw new FilterError(
        `has: cannot test "${v.text}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
        v.pos,
        Math.max(1, v.len),
        suggestion,
      );
    }
    return { type: 'has', field: target, pos: t.pos, len: t.len };
  }
  // field:"" (or field: with nothing after it when quoted) means "missing"
  if (t.values.length === 1 && t.values[0].quoted && t.values[0].text === '') {
    if (field.target.type === 'time')
      throw new FilterError(`${field.name}: needs a time`, valuePos, 2);
    return { type: 'term', field, values: [], exact: t.exact, pos: t.pos, len: t.len };
  }
  const empty = t.values.find((v) => v.text === '');
  if (empty) {
    throw new FilterError(
      `${t.field}: needs a value (use ${t.field}:"" for "missing")`,
      empty.pos,
      Math.max(1, empty.len),
      `${t.field}:""`,
    );
  }
  return { type: 'term', field, values, exact: t.exact, pos: t.pos, len: t.len };
}
