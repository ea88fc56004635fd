/**
 * Trino (Athena, CloudTrail Lake) prints ROW, MAP and ARRAY values in result CSVs as
 * `{k=v, k2={a=b}, …}` and `[{…}, {…}]`, with nothing escaped: a value may hold `, `, `=`, braces
 * and quotes. The text is only readable with the table's types: a field's value ends where the
 * next field of that ROW (a name the type declares, not seen yet) or the ROW's end follows, and
 * when that guess leads to a dead end further on, a longer value is tried (bounded backtracking).
 */

export type RowType =
  | { t: 'scalar' }
  | { t: 'struct'; fields: ReadonlyMap<string, { type: RowType; name: string }> }
  | { t: 'array'; of: RowType }
  | { t: 'map'; value: RowType }
  /** A field outside the declared type: a ROW, an ARRAY or a scalar, whichever reads. */
  | { t: 'any' };

export const SCALAR: RowType = { t: 'scalar' };
const ANY: RowType = { t: 'any' };
const OPEN_ROW: Extract<RowType, { t: 'struct' }> = { t: 'struct', fields: new Map() };

/** A ROW type from `[ddl name, CloudTrail name, type?]` triples (scalar when no type). */
export function struct(fields: readonly (readonly [string, string, RowType?])[]): RowType {
  return {
    t: 'struct',
    fields: new Map(fields.map(([ddl, name, type]) => [ddl, { type: type ?? SCALAR, name }])),
  };
}

export const arrayOf = (of: RowType): RowType => ({ t: 'array', of });
export const mapOf = (value: RowType): RowType => ({ t: 'map', value });

/** Steps (continuation calls) one cell may take before it is called malformed. */
const STEP_BUDGET = 200_000;
/** Cells longer than this are not parsed (kept as text). */
export const MAX_ROW_TEXT = 1024 * 1024;

class BudgetSpent extends Error {}

type Pairs = { name: string; value: unknown; prev: Pairs } | null;
type K = (value: unknown, end: number) => boolean;

const NAME = /[A-Za-z0-9_$@.-]/;
const EMBEDDED_FIELD = /, [A-Za-z0-9_$]+=/;

class Parser {
  private steps = 0;
  /** Field names outside the declared type that the lenient pass accepted. */
  unknown = new Set<string>();
  constructor(
    private readonly s: string,
    private readonly lenient: boolean,
    /** Refuse values that hold `, name=` (what the next field looks like): the likelier reading first. */
    private readonly plain: boolean,
  ) {}

  private tick(): void {
    if (++this.steps > STEP_BUDGET) throw new BudgetSpent();
  }

  value(type: RowType, pos: number, k: K): boolean {
    switch (type.t) {
      case 'scalar':
        return this.scalar(pos, k);
      case 'struct':
        return this.struct(type, pos, k);
      case 'array':
        return this.array(type, pos, k);
      case 'map':
        return this.map(type, pos, k);
      case 'any':
        if (this.s[pos] === '{' && this.struct(OPEN_ROW, pos, k)) return true;
        if (this.s[pos] === '[' && this.array({ t: 'array', of: ANY }, pos, k)) return true;
        return this.scalar(pos, k);
    }
  }

  private isNull(pos: number): boolean {
    return this.s.startsWith('null', pos);
  }

  /** Shortest value first: every end position is offered to the continuation. */
  private scalar(pos: number, k: K): boolean {
    const s = this.s;
    for (let e = pos; e <= s.length; e++) {
      // a continuation only accepts a position where a delimiter (or the end) follows
      const c = s.charCodeAt(e);
      if (e < s.length && c !== 0x2c && c !== 0x7d && c !== 0x5d) continue;
      this.tick();
      const text = s.slice(pos, e);
      // longer values only hold more: once one looks like it swallowed a field, all later ones do
      if (this.plain && EMBEDDED_FIELD.test(text)) return false;
      if (k(text === 'null' ? null : text, e)) return true;
    }
    return false;
  }

  private struct(type: Extract<RowType, { t: 'struct' }>, pos: number, k: K): boolean {
    if (this.isNull(pos) && k(null, pos + 4)) return true;
    if (this.s[pos] !== '{') return false;
    this.tick();
    if (this.s[pos + 1] === '}' && k({}, pos + 2)) return true;
    return this.fields(type, pos + 1, null, k);
  }

  private fields(type: Extract<RowType, { t: 'struct' }>, pos: number, got: Pairs, k: K): boolean {
    const s = this.s;
    let e = pos;
    while (e < s.length && e - pos < 128 && NAME.test(s[e])) e++;
    if (e === pos || s[e] !== '=') return false;
    const key = s.slice(pos, e);
    for (let p = got; p; p = p.prev) if (p.name === key) return false;
    const field = type.fields.get(key);
    if (!field && !this.lenient) return false;
    const ftype = field?.type ?? ANY;
    const name = field?.name ?? key;
    return this.value(ftype, e + 1, (v, end) => {
      this.tick();
      const next: Pairs = { name: key, value: [name, v], prev: got };
      if (s[end] === '}') {
        if (!field) this.unknown.add(key);
        if (k(build(next), end + 1)) return true;
      }
      if (s[end] === ',' && s[end + 1] === ' ' && this.fields(type, end + 2, next, k)) {
        if (!field) this.unknown.add(key);
        return true;
      }
      return false;
    });
  }

  private array(type: Extract<RowType, { t: 'array' }>, pos: number, k: K): boolean {
    if (this.isNull(pos) && k(null, pos + 4)) return true;
    if (this.s[pos] !== '[') return false;
    this.tick();
    if (this.s[pos + 1] === ']' && k([], pos + 2)) return true;
    const items = (at: number, got: unknown[]): boolean =>
      this.value(type.of, at, (v, end) => {
        this.tick();
        const list = [...got, v];
        if (this.s[end] === ']' && k(list, end + 1)) return true;
        return this.s[end] === ',' && this.s[end + 1] === ' ' && items(end + 2, list);
      });
    return items(pos + 1, []);
  }

  private map(type: Extract<RowType, { t: 'map' }>, pos: number, k: K): boolean {
    if (this.isNull(pos) && k(null, pos + 4)) return true;
    if (this.s[pos] !== '{') return false;
    this.tick();
    if (this.s[pos + 1] === '}' && k({}, pos + 2)) return true;
    const entries = (at: number, got: [string, unknown][]): boolean => {
      const eq = this.s.indexOf('=', at);
      if (eq <= at) return false;
      const key = this.s.slice(at, eq);
      return this.value(type.value, eq + 1, (v, end) => {
        this.tick();
        const list: [string, unknown][] = [...got, [key, v]];
        if (this.s[end] === '}' && k(Object.fromEntries(list), end + 1)) return true;
        return this.s[end] === ',' && this.s[end + 1] === ' ' && entries(end + 2, list);
      });
    };
    return entries(pos + 1, []);
  }
}

function build(p: Pairs): Record<string, unknown> {
  const pairs: [string, unknown][] = [];
  for (let q = p; q; q = q.prev) pairs.push(q.value as [string, unknown]);
  const out: Record<string, unknown> = {};
  for (let i = pairs.length - 1; i >= 0; i--) {
    const [name, v] = pairs[i];
    if (v !== null) out[name] = v;
  }
  return out;
}

export type RowParse =
  | {
      ok: true;
      value: unknown;
      /** names outside the declared type (read leniently) */ unknown: string[];
    }
  | { ok: false; reason: string };

/**
 * Read one cell printed by Trino as `type`. Readings are tried from the likeliest: values that do
 * not look like they swallowed a `, name=` and declared names only; then names outside the type
 * too (a table with more fields than AWS documents: reported back in `unknown`); then values
 * holding `, name=` (hostile or odd text), declared names first.
 * Never throws: a text no reading fits (or one too costly to read) comes back with a reason.
 */
export function parseRowText(text: string, type: RowType): RowParse {
  if (text.length > MAX_ROW_TEXT)
    return { ok: false, reason: `longer than ${MAX_ROW_TEXT} characters` };
  let budgetSpent = false;
  const passes: [boolean, boolean][] = [
    [false, true],
    [true, true],
    [false, false],
    [true, false],
  ];
  for (const [lenient, plain] of passes) {
    const p = new Parser(text, lenient, plain);
    let result: unknown;
    try {
      const ok = p.value(type, 0, (v, end) => {
        if (end !== text.length) return false;
        result = v;
        return true;
      });
      if (ok) return { ok: true, value: result, unknown: [...p.unknown] };
    } catch (err) {
      if (err instanceof BudgetSpent || err instanceof RangeError) budgetSpent = true;
      else throw err;
    }
  }
  return {
    ok: false,
    reason: budgetSpent
      ? 'too ambiguous or deep to read within the step budget'
      : "does not match the table's ROW type",
  };
}
