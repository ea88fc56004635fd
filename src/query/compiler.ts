import type { FilterNode, TermValue } from './ast.js';
import { FilterError } from './errors.js';
import type { FieldDef } from './fields.js';
import { parseFilter } from './parser.js';
import { parseDuration, parseTimeSpan } from './time-values.js';
import {
  CATEGORIES, CATEGORY_ALIASES, IDENTITY_TYPE_ALIASES, IDENTITY_TYPES, likelyTypo, parseBool, rewriteCategory, rewriteIdentityType, rewriteService,
} from './value-rewrites.js';
import { parseCidr, parseIp } from '../util/cidr.js';
import type { InternedField } from '../store/event-row.js';

/**
 * A filter as an SQL boolean expression over `events e`, values only as `?` parameters.
 * `where` is `'1'` for an empty filter.
 */
export interface CompiledFilter {
  where: string;
  params: unknown[];
  /** The filter as typed (normalised whitespace is not applied: this is for display and caching). */
  text: string;
  ast: FilterNode;
  /** Time bounds every match lies within, when the filter pins them at its top level (histograms). */
  timeRange: { fromMs?: number; toMs?: number };
}

export interface CompileOptions {
  /** "Now" for relative time terms (`since:2h`); default Date.now(). */
  now?: number;
}

/** Name of the SQL function registered by `store/sql-functions.ts`. */
export const CIDR_SQL_FUNCTION = 'ts_in_cidr';

/** Fields a bare word searches (the text of the key fields). */
const TEXT_SEARCH_FIELDS: readonly InternedField[] = [
  'event_name', 'event_source', 'user_name', 'arn', 'session_issuer_arn', 'principal_id',
  'access_key_id', 'source_ip', 'user_agent', 'error_code', 'error_message',
];

/** Escape LIKE metacharacters; unquoted `*` becomes `%` when the value is a pattern. */
export function likeBody(v: TermValue | string, wildcard?: boolean): string {
  const text = typeof v === 'string' ? v : v.text;
  const wild = typeof v === 'string' ? !!wildcard : v.wildcard;
  const escaped = text.replace(/[\\%_]/g, (c) => '\\' + c);
  return wild ? escaped.replace(/\*/g, '%') : escaped;
}

const isStar = (v: TermValue): boolean => v.wildcard && /^\*+$/.test(v.text);

/**
 * `a OP b OP c ...` as a balanced tree of parentheses: SQLite parses a flat chain into a tree as
 * deep as it is long and refuses depth over 1000, while a balanced one is only log2(n) deep.
 */
export function joinBalanced(items: readonly string[], op: 'AND' | 'OR'): string {
  if (items.length === 1) return items[0];
  if (items.length <= 8) return `(${items.join(` ${op} `)})`;
  const mid = Math.ceil(items.length / 2);
  return `(${joinBalanced(items.slice(0, mid), op)} ${op} ${joinBalanced(items.slice(mid), op)})`;
}

/** A condition on `dict.value`, rendered with its parameters by `dictIn`. */
type ValueCond = { eq: string } | { like: string } | { cidr: string; prefix?: string };

class Compiler {
  readonly params: unknown[] = [];
  constructor(private readonly now: number) {}

  private p(value: unknown): string {
    this.params.push(value);
    return '?';
  }

  node(n: FilterNode): string {
    switch (n.type) {
      case 'all':
        return '1';
      case 'and':
      case 'or':
        return joinBalanced(n.children.map((c) => this.node(c)), n.type === 'and' ? 'AND' : 'OR');
      case 'not':
        // NULL (a missing field) must count as "not matching" so that -user:alice keeps events
        // that have no user name at all
        return `NOT IFNULL(${this.node(n.child)}, 0)`;
      case 'has':
        return this.has(n.field);
      case 'text':
        return this.text(n.values);
      case 'term':
        return n.values.length === 0 ? `NOT (${this.has(n.field)})` : this.term(n.field, n.values, n);
    }
  }

  private has(f: FieldDef): string {
    const t = f.target;
    switch (t.type) {
      case 'dict':
        return `e.${t.dictField}_ref IS NOT NULL`;
      case 'ip':
        return 'e.source_ip_ref IS NOT NULL';
      case 'column':
      case 'bool':
        return `e.${t.column} IS NOT NULL`;
      case 'param':
        return 'e.req_text IS NOT NULL';
      case 'resource':
        return t.part === 'name'
          ? 'EXISTS (SELECT 1 FROM event_resources r WHERE r.event_rowid = e.id)'
          : 'EXISTS (SELECT 1 FROM event_resources r WHERE r.event_rowid = e.id AND r.type_ref IS NOT NULL)';
      case 'time':
      case 'has':
        return '1';
    }
  }

  /** Conditions on `dict.value` for one value: exact (index-friendly NOCASE) or a LIKE pattern. */
  private dictValueConds(f: FieldDef & { target: { type: 'dict' } }, v: TermValue): ValueCond[] {
    const t = f.target;
    let text = v.text;
    if (!v.wildcard && (t.rewrite === 'category' || t.rewrite === 'identityType')) {
      const [known, aliases] = t.rewrite === 'category' ? [CATEGORIES, CATEGORY_ALIASES] : [IDENTITY_TYPES, IDENTITY_TYPE_ALIASES];
      const meant = likelyTypo(text, known, aliases);
      if (meant) throw new FilterError(`unknown ${f.name} "${text}" — did you mean "${meant}"? (${known.join(', ')})`, v.pos, v.len, `${f.name}:${meant}`);
    }
    if (t.rewrite === 'service') text = rewriteService(text, v.wildcard);
    if (t.rewrite === 'category') text = rewriteCategory(text);
    if (t.rewrite === 'identityType') text = rewriteIdentityType(text);
    const val: TermValue = { ...v, text };
    if (t.rewrite === 'role' && !/^arn:/i.test(text)) return [{ like: 'arn:%/' + likeBody(val) }];
    if (t.rewrite === 'session') {
      return [{ like: 'arn:%:assumed-role/%/' + likeBody(val) }, { like: 'arn:%:federated-user/' + likeBody(val) }];
    }
    if (t.match === 'contains' && !val.wildcard) return [{ like: '%' + likeBody(val) + '%' }];
    if (val.wildcard) return [{ like: likeBody(val) }];
    return [{ eq: text }];
  }

  /** `column IN (dict ids whose value matches any of conds)`; equalities become one flat IN list. */
  private dictIn(column: string, dictField: string, conds: readonly ValueCond[]): string {
    const parts: string[] = [];
    const eqs = conds.flatMap((c) => ('eq' in c ? [c.eq] : []));
    if (eqs.length === 1) parts.push(`value = ${this.p(eqs[0])} COLLATE NOCASE`);
    else if (eqs.length > 1) parts.push(`value COLLATE NOCASE IN (${eqs.map((e) => this.p(e)).join(', ')})`);
    for (const c of conds) {
      if ('like' in c) parts.push(`value LIKE ${this.p(c.like)} ESCAPE '\\'`);
      else if ('cidr' in c) {
        // the IPv4-mapped IPv6 spelling (::ffff:a.b.c.d) of an address in the range matches too
        parts.push(c.prefix
          ? `((value LIKE ${this.p(c.prefix)} ESCAPE '\\' OR value LIKE ${this.p('::ffff:' + c.prefix)} ESCAPE '\\') AND ${CIDR_SQL_FUNCTION}(value, ${this.p(c.cidr)}))`
          : `${CIDR_SQL_FUNCTION}(value, ${this.p(c.cidr)})`);
      }
    }
    return `${column} IN (SELECT id FROM dict WHERE field = '${dictField}' AND ${joinBalanced(parts, 'OR')})`;
  }

  private term(f: FieldDef, values: TermValue[], at: { pos: number; len: number }): string {
    const t = f.target;
    if (t.type === 'time') return this.time(f, t.op, values, at);
    // `field:*` is "has a value"
    if (values.some(isStar)) return this.has(f);
    switch (t.type) {
      case 'dict': {
        const conds = values.flatMap((v) => this.dictValueConds(f as FieldDef & { target: { type: 'dict' } }, v));
        return this.dictIn(`e.${t.dictField}_ref`, t.dictField, conds);
      }
      case 'ip': {
        const conds = values.map((v): ValueCond => {
          if (!v.wildcard && v.text.includes('/')) {
            const range = parseCidr(v.text);
            if (!range) throw new FilterError(`"${v.text}" is not a valid CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32)`, v.pos, v.len);
            // an IPv4 range's whole octets are a text prefix: a LIKE 'a.b.%' range-seeks the dict
            // index, so the range test runs on a few candidates instead of every distinct IP
            // (at most three: 'a.b.c.d.%' would match nothing, so a /32 keeps 'a.b.c.%')
            const octets = range.bytes.length === 4 ? Math.min(3, Math.floor(range.prefix / 8)) : 0;
            return { cidr: v.text, prefix: octets > 0 ? range.bytes.slice(0, octets).join('.') + '.%' : undefined };
          }
          // four dotted numbers are meant as an address: 300.1.1.1 is a typo, not a service name
          if (!v.wildcard && /^\d+\.\d+\.\d+\.\d+$/.test(v.text) && !parseIp(v.text)) {
            throw new FilterError(`"${v.text}" is not a valid IPv4 address (each part 0-255)`, v.pos, v.len);
          }
          return v.wildcard ? { like: likeBody(v) } : { eq: v.text };
        });
        return this.dictIn('e.source_ip_ref', 'source_ip', conds);
      }
      case 'column': {
        const exact = values.filter((v) => !v.wildcard);
        const conds: string[] = [];
        if (exact.length === 1) conds.push(`e.${t.column} = ${this.p(exact[0].text)}`);
        else if (exact.length > 1) conds.push(`e.${t.column} IN (${exact.map((v) => this.p(v.text)).join(', ')})`);
        for (const v of values.filter((x) => x.wildcard)) conds.push(`e.${t.column} LIKE ${this.p(likeBody(v))} ESCAPE '\\'`);
        return joinBalanced(conds, 'OR');
      }
      case 'bool': {
        const bools = new Set<boolean>();
        for (const v of values) {
          const b = parseBool(v.text);
          if (b === null) throw new FilterError(`${f.name}: expected true or false, not "${v.text}"`, v.pos, v.len, `${f.name}:true`);
          bools.add(b);
        }
        if (bools.size === 2) return this.has(f);
        return `e.${t.column} = ${this.p(bools.has(true) ? 1 : 0)}`;
      }
      case 'param': {
        // req_text holds "key=value" lines: match a whole value (`param:v`) or a key=value line
        const conds = values.map((v) => {
          const eq = v.text.indexOf('=');
          const pattern = eq > 0
            ? `%\n${likeBody(v.text.slice(0, eq), v.wildcard)}=${likeBody(v.text.slice(eq + 1), v.wildcard)}\n%`
            : `%=${likeBody(v)}\n%`;
          return `(char(10) || e.req_text || char(10)) LIKE ${this.p(pattern)} ESCAPE '\\'`;
        });
        return joinBalanced(conds, 'OR');
      }
      case 'resource': {
        const conds = values.flatMap((v): ValueCond[] => {
          const out: ValueCond[] = [v.wildcard ? { like: likeBody(v) } : { eq: v.text }];
          // a bare name also finds the resource by its ARN (arn:aws:s3:::bucket, .../role/Name)
          if (t.part === 'name' && !/^arn:/i.test(v.text)) out.push({ like: 'arn:%:' + likeBody(v) }, { like: 'arn:%/' + likeBody(v) });
          return out;
        });
        const col = t.part === 'name' ? 'name_ref' : 'type_ref';
        const dictField = t.part === 'name' ? 'resource_name' : 'resource_type';
        return `e.id IN (SELECT r.event_rowid FROM event_resources r WHERE ${this.dictIn(`r.${col}`, dictField, conds)})`;
      }
      case 'has':
        return '1';
    }
  }

  private time(f: FieldDef, op: 'after' | 'before' | 'on' | 'since', values: TermValue[], at: { pos: number; len: number }): string {
    if (values.length !== 1) {
      const second = values[1];
      throw new FilterError(`${f.name}: takes one time`, second?.pos ?? at.pos, second?.len ?? at.len);
    }
    const v = values[0];
    if (op === 'since') {
      const d = parseDuration(v.text);
      if (d !== null) return `e.time_ms >= ${this.p(Math.floor(this.now - d))}`;
    }
    const span = parseTimeSpan(v.text);
    if (!span) {
      throw new FilterError(
        op === 'since'
          ? `since: expected a duration (30m, 2h, 3d, 1w) or a UTC time, not "${v.text}"`
          : `${f.name}: expected a UTC date or time (2024-04-11, 2024-04-11T13:00Z), not "${v.text}"`,
        v.pos, Math.max(1, v.len),
      );
    }
    switch (op) {
      case 'after':
      case 'since':
        return `e.time_ms >= ${this.p(span.start)}`;
      case 'before':
        return `e.time_ms < ${this.p(span.start)}`;
      case 'on':
        return `(e.time_ms >= ${this.p(span.start)} AND e.time_ms < ${this.p(span.end)})`;
    }
  }

  private text(values: TermValue[]): string {
    const alts = values.map((v) => {
      const pattern = v.wildcard ? likeBody(v) : `%${likeBody(v)}%`;
      const parts = TEXT_SEARCH_FIELDS.map(
        (field) => `e.${field}_ref IN (SELECT id FROM dict WHERE field = '${field}' AND value LIKE ${this.p(pattern)} ESCAPE '\\')`,
      );
      parts.push(`e.req_text LIKE ${this.p(v.wildcard ? `%${likeBody(v)}%` : pattern)} ESCAPE '\\'`);
      parts.push(`e.event_id = ${this.p(v.text)}`);
      return `(${parts.join(' OR ')})`;
    });
    return joinBalanced(alts, 'OR');
  }
}

/** Time bounds implied by top-level AND-ed time terms (for histograms and the header). */
function timeRangeOf(ast: FilterNode, now: number): { fromMs?: number; toMs?: number } {
  const range: { fromMs?: number; toMs?: number } = {};
  const terms = ast.type === 'and' ? ast.children : [ast];
  for (const n of terms) {
    if (n.type !== 'term' || n.field.target.type !== 'time' || n.values.length !== 1) continue;
    const op = n.field.target.op;
    const text = n.values[0].text;
    const d = op === 'since' ? parseDuration(text) : null;
    const span = d === null ? parseTimeSpan(text) : { start: Math.floor(now - d), end: Infinity };
    if (!span) continue;
    const from = op === 'before' ? undefined : span.start;
    const to = op === 'before' ? span.start : op === 'on' ? span.end : undefined;
    if (from !== undefined) range.fromMs = Math.max(range.fromMs ?? -Infinity, from);
    if (to !== undefined) range.toMs = Math.min(range.toMs ?? Infinity, to);
  }
  return range;
}

/**
 * Compile filter text to an SQL fragment over `events e`. Throws FilterError (with the position of
 * the mistake) for anything that is not a valid filter.
 */
export function compileFilter(text: string, opts: CompileOptions = {}): CompiledFilter {
  const now = opts.now ?? Date.now();
  const ast = parseFilter(text);
  const c = new Compiler(now);
  const where = c.node(ast);
  return { where, params: c.params, text, ast, timeRange: timeRangeOf(ast, now) };
}

/** Compile an already-parsed tree (e.g. built by code rather than typed). */
export function compileAst(ast: FilterNode, opts: CompileOptions = {}): CompiledFilter {
  const now = opts.now ?? Date.now();
  const c = new Compiler(now);
  return { where: c.node(ast), params: c.params, text: '', ast, timeRange: timeRangeOf(ast, now) };
}
