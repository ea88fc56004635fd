import { FilterError } from './errors.js';

/** One value of a term; `quoted` values take `*` literally. */
export interface ValuePart {
  text: string;
  quoted: boolean;
  pos: number;
  len: number;
}

export type Token =
  | { kind: 'lparen' | 'rparen' | 'or' | 'and' | 'not'; pos: number; len: number }
  | {
      kind: 'term';
      pos: number;
      len: number;
      /** A leading `-` (exclude). */
      negated: boolean;
      /** Null for a bare word. */
      field: string | null;
      fieldPos: number;
      /** Comma-separated alternatives (`name:A,B`); one entry for a bare word. */
      values: ValuePart[];
      /** `field:=value`: every value is taken literally and matched whole (pivots build these). */
      exact: boolean;
    };

/** After a backslash in a quoted value: `\e \n \r \t`, `\xHH`, `\u{H…}`; any other character stands for itself. */
const ESCAPES = /^(?:([enrt])|x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\})/;

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
/** Characters that end an unquoted word. */
const isStop = (c: string): boolean => isSpace(c) || c === '(' || c === ')';
const FIELD_CHAR = /[A-Za-z0-9_.-]/;
/** Words that begin like an ARN are values, not `arn:` terms. */
const ARN_LIKE = /^arn:aws[a-z-]*:/i;

/**
 * Split filter text into tokens. Terms are lexical units here (`-field:"v1",v2`) because their
 * inner structure (field, colon, comma list, quotes) has no spaces and no nesting.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;

  const readQuoted = (start: number): { value: string; end: number } => {
    // text[start] is the opening quote
    let j = start + 1;
    let value = '';
    while (j < n) {
      const c = text[j];
      if (c === '\\' && j + 1 < n) {
        // the escapes a terminal shows for unsafe characters (util/safe-text.ts) read back as them,
        // so a filter printed for the screen can be pasted back and match the same value
        const esc = ESCAPES.exec(text.slice(j + 1, j + 12));
        if (esc) {
          const cp =
            esc[1] === 'e'
              ? 0x1b
              : esc[1] === 'n'
                ? 0x0a
                : esc[1] === 'r'
                  ? 0x0d
                  : esc[1] === 't'
                    ? 0x09
                    : parseInt(esc[2] ?? esc[3], 16);
          if (cp <= 0x10ffff) {
            value += String.fromCodePoint(cp);
            j += 1 + esc[0].length;
            continue;
          }
        }
        value += text[j + 1];
        j += 2;
        continue;
      }
      if (c === '"') return { value, end: j + 1 };
      value += c;
      j++;
    }
    throw new FilterError('unclosed quote: add a closing "', start, n - start, text + '"');
  };

  /** A comma list of (quoted or plain) values starting at j; stops at a space or parenthesis. */
  const readValues = (j: number): { values: ValuePart[]; end: number } => {
    const values: ValuePart[] = [];
    for (;;) {
      if (j < n && text[j] === '"') {
        const q = readQuoted(j);
        values.push({ text: q.value, quoted: true, pos: j, len: q.end - j });
        j = q.end;
      } else {
        let k = j;
        while (k < n && !isStop(text[k]) && text[k] !== ',') {
          if (text[k] === '"') throw new FilterError('a quote can only start a value', k, 1);
          k++;
        }
        values.push({ text: text.slice(j, k), quoted: false, pos: j, len: k - j });
        j = k;
      }
      if (j < n && text[j] === ',') {
        j++;
        continue;
      }
      if (j < n && !isStop(text[j]))
        throw new FilterError('expected a space, "," or ")" after a quoted value', j, 1);
      return { values, end: j };
    }
  };

  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ kind: c === '(' ? 'lparen' : 'rparen', pos: i, len: 1 });
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (c === '-' || c === '!') {
      // `-(` and `!(` negate a group
      if (i + 1 < n && text[i + 1] === '(') {
        out.push({ kind: 'not', pos: i, len: 1 });
        i++;
        continue;
      }
      if (i + 1 < n && !isStop(text[i + 1])) {
        negated = true;
        i++;
      } else {
        throw new FilterError(
          `${c} excludes the term right after it: write it with no space (-name:X)`,
          i,
          1,
        );
      }
    }
    if (text[i] === '"') {
      const { values, end } = readValues(i);
      out.push({
        kind: 'term',
        pos: start,
        len: end - start,
        negated,
        field: null,
        fieldPos: i,
        values,
        exact: false,
      });
      i = end;
      continue;
    }
    // field name candidate
    let j = i;
    while (j < n && FIELD_CHAR.test(text[j])) j++;
    const word = text.slice(i, j);
    if (j < n && text[j] === ':' && j > i && !ARN_LIKE.test(text.slice(i))) {
      const exact = text[j + 1] === '=';
      const { values, end } = readValues(j + (exact ? 2 : 1));
      out.push({
        kind: 'term',
        pos: start,
        len: end - start,
        negated,
        field: word,
        fieldPos: i,
        values,
        exact,
      });
      i = end;
      continue;
    }
    // bare word (may contain ':' when it is an ARN, and any other non-space characters)
    let k = i;
    while (k < n && !isStop(text[k])) {
      if (text[k] === '"') throw new FilterError('a quote can only start a value', k, 1);
      k++;
    }
    const bare = text.slice(i, k);
    if (!negated && (bare === 'OR' || bare === '||' || bare === '|'))
      out.push({ kind: 'or', pos: i, len: k - i });
    else if (!negated && (bare === 'AND' || bare === '&&'))
      out.push({ kind: 'and', pos: i, len: k - i });
    else if (!negated && bare === 'NOT') out.push({ kind: 'not', pos: i, len: k - i });
    else {
      out.push({
        kind: 'term',
        pos: start,
        len: k - start,
        negated,
        field: null,
        fieldPos: i,
        values: [{ text: bare, quoted: false, pos: i, len: k - i }],
        exact: false,
      });
    }
    i = k;
  }
  return out;
}
