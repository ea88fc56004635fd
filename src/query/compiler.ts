import type { FilterNode, TermValue } from './ast.js';
import { FilterError } from './errors.js';
import type { FieldDef } from './fields.js';
import { parseFilter } from './parser.js';
import { parseLookback, parseTimeSpan } from './time-values.js';
import { formatTime } from '../domain/time.js';
import { parseBool } from './value-rewrites.js';
import { addressRanges, cidrRanges, type ValueRange } from './ip-candidates.js';
import { RESOURCE_KEY_SQL, RESOURCE_ROWS_SQL, resourceNamePrefilter } from './resource-sql.js';
import {
  dictConds,
  ipCond,
  likeBody,
  plainConds,
  resourceConds,
  textConds,
  verifiedValue,
  caveatValues,
  type ValueCond,
} from './plan.js';

export { valueMode, type ValueMode } from './plan.js';
import type { InternedField } from '../store/event-row.js';
import { CAVEAT_FLAGS } from '../domain/caveats.js';
import { EVENT_DIFFERS_SQL } from '../store/variants.js';
import type { SqlFilter } from '../store/filter-sql.js';

/**
 * The compiler's output: the condition itself (an `SqlFilter`, `where` `'1'` for an empty filter,
 * values only as `?` parameters), so it goes wherever a condition goes, plus what the compiler
 * learned on the way.
 */
export interface CompiledFilter extends SqlFilter {
  /** The filter as typed (normalised whitespace is not applied: this is for display and caching). */
  text: string;
  ast: FilterNode;
  /** Time bounds every match lies within, when the filter pins them at its top level. */
  timeRange: { fromMs?: number; toMs?: number };
  /** Why the filter cannot match anything whatever the evidence (an inverted time range). */
  warnings: string[];
}

export interface CompileOptions {
  /** The clock `since:now-…` counts back from (epoch ms); Date.now() when the filter is compiled. */
  now?: number;
}

/** "Made by an AWS service", declared once: the byService field, its facet and the TUI's A toggle. */
export const SERVICE_CALLER_SQL =
  "(e.invoked_by_ref IS NOT NULL OR IFNULL(e.identity_type_ref IN (SELECT id FROM dict WHERE field = 'identity_type' AND value = 'AWSService' COLLATE NOCASE), 0))";

/** An event one of whose files `trailscope verify` verified / found modified (any copy). */
const fileVerdict = (verdicts: string): string =>
  `EXISTS (SELECT 1 FROM provenance p JOIN files f ON f.id = p.file_id JOIN verify_files v ON v.path = f.path WHERE p.event_rowid = e.id AND v.verdict IN (${verdicts}))`;
const VERIFIED_SQL = fileVerdict(`'verified'`);
/** Another copy of the event's eventID was read with other bytes (the `differs` caveat). */
const DIFFERS_SQL = EVENT_DIFFERS_SQL;
const MODIFIED_SQL = fileVerdict(`'modified'`);

/** Name of the SQL function registered by `store/sql-functions.ts`. */
export const CIDR_SQL_FUNCTION = 'ts_in_cidr';

/** Fields a bare word searches (the text of the key fields). */
const TEXT_SEARCH_FIELDS: readonly InternedField[] = [
  'event_name',
  'event_source',
  'user_name',
  'arn',
  'session_issuer_arn',
  'principal_id',
  'access_key_id',
  'source_ip',
  'user_agent',
  'error_code',
  'error_message',
];

export { likeBody } from './plan.js';

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

/**
 * SQL for `ipMatchForm(col)`. Only values that could be spelt differently (a leading zero in an
 * octet, or IPv6) need the function; every other value's form is its ASCII lower case.
 */
export const IP_CANDIDATE_SQL = (col: string): string =>
  `(${col} LIKE '0%' OR ${col} LIKE '%.0%' OR ${col} LIKE '%:%')`;
export const IP_FORM_SQL = (col: string): string =>
  `CASE WHEN ${IP_CANDIDATE_SQL(col)} THEN ts_ip_form(${col}) ELSE lower(${col}) END`;

class Compiler {
  readonly params: unknown[] = [];

  constructor(private readonly nowMs: number) {}

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
        return joinBalanced(
          n.children.map((c) => this.node(c)),
          n.type === 'and' ? 'AND' : 'OR',
        );
      case 'not':
        // NULL (a missing field) must count as "not matching" so that -user:alice keeps events
        // that have no user name at all: F:v and -F:v split the events in two (README, filters)
        return `NOT IFNULL(${this.node(n.child)}, 0)`;
      case 'has':
        return this.has(n.field);
      case 'text':
        return this.text(n.values);
      case 'term':
        return n.values.length === 0
          ? `NOT IFNULL(${this.has(n.field)}, 0)`
          : this.term(n.field, n.values, n, !!n.exact);
    }
  }

  private has(f: FieldDef): string {
    const t = f.target;
    switch (t.type) {
      case 'dict':
        return `e.${t.dictField}_ref IS NOT NULL`;
      case 'ip':
        return 'e.source_ip_ref IS NOT NULL';
      case 'session':
        return `e.arn_ref IN (SELECT id FROM dict WHERE field = 'arn' AND ts_session(value) IS NOT NULL)`;
      case 'identity':
        return '(e.arn_ref IS NOT NULL OR e.invoked_by_ref IS NOT NULL OR e.principal_id_ref IS NOT NULL)';
      case 'serviceCaller':
        return '1';
      case 'caseData':
        return t.data === 'note'
          ? 'e.event_id IN (SELECT event_id FROM notes)'
          : t.data === 'tag'
            ? 'e.event_id IN (SELECT event_id FROM tags)'
            : t.data === 'caveat'
              ? `((e.flags & ${CAVEAT_FLAGS}) != 0 OR ${DIFFERS_SQL})`
              : '1';
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

  /** A condition on `expr` (a dict value or a function of it) for each of conds, OR-ed. */
  private valueSql(expr: string, conds: readonly ValueCond[], dictField: string): string {
    const parts: string[] = [];
    const eqs = conds.flatMap((c) => ('eq' in c ? [c.eq] : []));
    if (eqs.length === 1) parts.push(`${expr} = ${this.p(eqs[0])} COLLATE NOCASE`);
    else if (eqs.length > 1)
      parts.push(`${expr} COLLATE NOCASE IN (${eqs.map((e) => this.p(e)).join(', ')})`);
    for (const c of conds) {
      if ('like' in c) parts.push(`${expr} LIKE ${this.p(c.like)} ESCAPE '\\'`);
      else if ('ipForm' in c) {
        // seek the index ranges that hold every spelling of the address, then compare forms
        parts.push(
          `(${this.rangesSql(expr, addressRanges(c.address) ?? [], dictField)} AND ts_ip_form(${expr}) = ${this.p(c.ipForm)})`,
        );
      } else if ('cidr' in c) {
        // parameters are positional: the ranges' come first, as in the text
        const found = cidrRanges(c.cidr);
        const ranges = found ? this.rangesSql(expr, found, dictField) : null;
        const test = `${CIDR_SQL_FUNCTION}(${expr}, ${this.p(c.cidr)})`;
        parts.push(ranges ? `(${ranges} AND ${test})` : test);
      }
    }
    return joinBalanced(parts, 'OR');
  }

  /** The field is repeated in every range so SQLite seeks each on the (field, value) index (multi-index OR). */
  private rangesSql(expr: string, ranges: readonly ValueRange[], dictField: string): string {
    return joinBalanced(
      ranges.map(
        ([from, to]) =>
          `(field = '${dictField}' AND ${expr} >= ${this.p(from)} AND ${expr} < ${this.p(to)})`,
      ),
      'OR',
    );
  }

  /**
   * `ip:` as one dict subquery per value, so each can seek its own index ranges (SQLite only
   * unions index ranges for an OR at the top of a WHERE).
   */
  private ipIn(conds: readonly ValueCond[]): string {
    const selects = conds.map((c) => {
      const found =
        'ipForm' in c ? addressRanges(c.address) : 'cidr' in c ? cidrRanges(c.cidr) : null;
      if (found) {
        const ranges = this.rangesSql('value', found, 'source_ip');
        const test =
          'ipForm' in c
            ? `ts_ip_form(value) = ${this.p(c.ipForm)}`
            : `${CIDR_SQL_FUNCTION}(value, ${this.p((c as { cidr: string }).cidr)})`;
        return `SELECT id FROM dict WHERE ${ranges} AND ${test}`;
      }
      return `SELECT id FROM dict WHERE field = 'source_ip' AND ${this.valueSql('value', [c], 'source_ip')}`;
    });
    return `e.source_ip_ref IN (${selects.join(' UNION ALL ')})`;
  }

  /** `column IN (dict ids whose value matches any of conds)`. */
  private dictIn(
    column: string,
    dictField: string,
    conds: readonly ValueCond[],
    expr = 'value',
  ): string {
    return `${column} IN (SELECT id FROM dict WHERE field = '${dictField}' AND ${this.valueSql(expr, conds, dictField)})`;
  }

  private term(
    f: FieldDef,
    values: TermValue[],
    at: { pos: number; len: number },
    exact: boolean,
  ): string {
    const t = f.target;
    if (t.type === 'time') return this.time(f, t.op, values, at);
    // `field:*` is "has a value"
    if (values.some(isStar)) return this.has(f);
    switch (t.type) {
      case 'dict': {
        const conds = values.flatMap((v) =>
          dictConds(f as FieldDef & { target: { type: 'dict' } }, v, exact),
        );
        return this.dictIn(`e.${t.dictField}_ref`, t.dictField, conds);
      }
      case 'session':
        return this.dictIn('e.arn_ref', 'arn', plainConds(values), 'ts_session(value)');
      case 'identity': {
        const conds = plainConds(values);
        const arn = this.dictIn('e.arn_ref', 'arn', conds);
        const via = this.dictIn('e.invoked_by_ref', 'invoked_by', conds);
        const pid = this.dictIn('e.principal_id_ref', 'principal_id', conds);
        return `(${arn} OR (e.arn_ref IS NULL AND (${via} OR (e.invoked_by_ref IS NULL AND ${pid}))))`;
      }
      case 'caseData': {
        if (t.data === 'caveat') {
          const flags = new Set<number>();
          let differs = false;
          for (const c of values.flatMap(caveatValues)) {
            if (c.flag === undefined) differs = true;
            else flags.add(c.flag);
          }
          const bits = [...flags].reduce((m, b) => m | b, 0);
          const parts = [
            ...(bits ? [`(e.flags & ${bits}) != 0`] : []),
            ...(differs ? [DIFFERS_SQL] : []),
          ];
          return joinBalanced(parts, 'OR');
        }
        if (t.data === 'verified') {
          const want = new Set(values.map(verifiedValue));
          const parts = [...want].map((w) =>
            w === 'yes'
              ? VERIFIED_SQL
              : w === 'no'
                ? `(NOT ${VERIFIED_SQL} AND ${MODIFIED_SQL})`
                : `(NOT ${VERIFIED_SQL} AND NOT ${MODIFIED_SQL})`,
          );
          return joinBalanced(parts, 'OR');
        }
        const conds =
          t.data === 'note' ? values.flatMap((v) => textConds(v, exact)) : plainConds(values);
        const table = t.data === 'note' ? 'notes' : 'tags';
        const col = t.data === 'note' ? 'text' : 'tag';
        return `e.event_id IN (SELECT event_id FROM ${table} WHERE ${this.valueSql(col, conds, table)})`;
      }
      case 'serviceCaller': {
        const bools = new Set(
          values.map((v) => {
            const b = parseBool(v.text);
            if (b === null)
              throw new FilterError(
                `${f.name}: expected true or false, not "${v.text}"`,
                v.pos,
                v.len,
                `${f.name}:true`,
              );
            return b;
          }),
        );
        if (bools.size === 2) return '1';
        return bools.has(true) ? SERVICE_CALLER_SQL : `NOT ${SERVICE_CALLER_SQL}`;
      }
      case 'ip': {
        const conds = values.map(ipCond);
        return this.ipIn(conds);
      }
      case 'column': {
        const lit = values.filter((v) => !v.wildcard);
        const conds: string[] = [];
        // request IDs are indexed by their first 8 characters (migration 013): seek the prefix,
        // then compare the whole ID
        const prefix = (): string =>
          t.column === 'request_id'
            ? `substr(e.request_id, 1, 8) IN (${lit.map((v) => `substr(${this.p(v.text)}, 1, 8)`).join(', ')}) AND `
            : '';
        if (lit.length) {
          const pre = prefix();
          const whole =
            lit.length === 1
              ? `e.${t.column} = ${this.p(lit[0].text)}`
              : `e.${t.column} IN (${lit.map((v) => this.p(v.text)).join(', ')})`;
          conds.push(pre ? `(${pre}${whole})` : whole);
        }
        for (const v of values.filter((x) => x.wildcard))
          conds.push(`e.${t.column} LIKE ${this.p(likeBody(v))} ESCAPE '\\'`);
        return joinBalanced(conds, 'OR');
      }
      case 'bool': {
        const bools = new Set<boolean>();
        for (const v of values) {
          const b = parseBool(v.text);
          if (b === null)
            throw new FilterError(
              `${f.name}: expected true or false, not "${v.text}"`,
              v.pos,
              v.len,
              `${f.name}:true`,
            );
          bools.add(b);
        }
        if (bools.size === 2) return this.has(f);
        return `e.${t.column} = ${this.p(bools.has(true) ? 1 : 0)}`;
      }
      case 'param': {
        // req_text holds "key=value" lines: match a whole value (`param:v`) or a key=value line
        const conds = values.map(
          (v) => `(char(10) || e.req_text || char(10)) LIKE ${this.p(paramPattern(v))} ESCAPE '\\'`,
        );
        return joinBalanced(conds, 'OR');
      }
      case 'resource': {
        const conds = values.flatMap((v) => resourceConds(t.part, v));
        if (t.part === 'type')
          return `e.id IN (SELECT r.event_rowid FROM event_resources r WHERE ${this.dictIn('r.type_ref', 'resource_type', conds)})`;
        return this.resourceNames(conds);
      }
      case 'has':
        return '1';
    }
  }

  /**
   * Events with a resource whose normal form meets any of conds: the stored names that can have
   * such a form are found through the name index, then their normal form is compared.
   */
  private resourceNames(conds: readonly ValueCond[]): string {
    const p = (v: unknown): string => this.p(v);
    const names = joinBalanced(
      conds.map((c) => resourceNamePrefilter(c, p)),
      'OR',
    );
    return `e.id IN (SELECT r.event_rowid FROM ${RESOURCE_ROWS_SQL} WHERE r.name_ref IN (SELECT id FROM dict WHERE field = 'resource_name' AND ${names}) AND ${this.valueSql(RESOURCE_KEY_SQL, conds, 'resource_name')})`;
  }

  private time(
    f: FieldDef,
    op: 'after' | 'before' | 'on' | 'since',
    values: TermValue[],
    at: { pos: number; len: number },
  ): string {
    if (values.length !== 1) {
      const second = values[1];
      throw new FilterError(
        `${f.name}: takes one time`,
        second?.pos ?? at.pos,
        second?.len ?? at.len,
      );
    }
    const v = values[0];
    // events whose eventTime did not parse (time_ms 0) are in no time range; -after:X keeps them
    if (op === 'since') {
      const back = parseLookback(v.text);
      if (back?.from === 'evidence')
        return `(e.time_ms > 0 AND e.time_ms >= ${EVIDENCE_END_SQL} - ${this.p(Math.floor(back.ms))})`;
      if (back?.from === 'now')
        return `(e.time_ms > 0 AND e.time_ms >= ${this.p(this.nowMs - Math.floor(back.ms))})`;
    }
    const span = parseTimeSpan(v.text);
    if (!span) {
      throw new FilterError(
        op === 'since'
          ? `since: expected a duration back from the end of the evidence (30m, 2h, 3d, 1w), from now (now-2h), or a UTC time, not "${v.text}"`
          : `${f.name}: expected a UTC date or time (2024-04-11, 2024-04-11T13:00Z), not "${v.text}"`,
        v.pos,
        Math.max(1, v.len),
      );
    }
    switch (op) {
      case 'after':
      case 'since':
        return `(e.time_ms > 0 AND e.time_ms >= ${this.p(span.start)})`;
      case 'before':
        return `(e.time_ms > 0 AND e.time_ms < ${this.p(span.start)})`;
      case 'on':
        return `(e.time_ms > 0 AND e.time_ms >= ${this.p(span.start)} AND e.time_ms < ${this.p(span.end)})`;
    }
  }

  private text(values: TermValue[]): string {
    const alts = values.map((v) => {
      const pattern = v.wildcard ? likeBody(v) : `%${likeBody(v)}%`;
      const parts = TEXT_SEARCH_FIELDS.map(
        (field) =>
          `e.${field}_ref IN (SELECT id FROM dict WHERE field = '${field}' AND value LIKE ${this.p(pattern)} ESCAPE '\\')`,
      );
      parts.push(
        `e.req_text LIKE ${this.p(v.wildcard ? `%${likeBody(v)}%` : pattern)} ESCAPE '\\'`,
      );
      parts.push(`e.event_id = ${this.p(v.text)}`);
      return `(${parts.join(' OR ')})`;
    });
    return joinBalanced(alts, 'OR');
  }
}

/** The request parameter pattern for `param:v` (any key) or `param:key=v`, over "\nkey=value\n" lines. */
export function paramPattern(v: TermValue): string {
  const eq = v.text.indexOf('=');
  return eq > 0
    ? `%\n${likeBody(v.text.slice(0, eq), v.wildcard)}=${likeBody(v.text.slice(eq + 1), v.wildcard)}\n%`
    : `%=${likeBody(v)}\n%`;
}

/**
 * "The end of the evidence", what `since:` counts back from: the latest parsed eventTime in the
 * case file, read when the query runs (an uncorrelated subquery: evaluated once, from ev_time).
 */
export const EVIDENCE_END_SQL = '(SELECT max(time_ms) FROM events)';

/**
 * Time bounds implied by top-level AND-ed time terms (`since:2h` counts back from the end of the
 * evidence, which is only known to a case file, so it leaves the bound open here; `since:now-2h`
 * is bounded by the clock).
 */
function timeRangeOf(ast: FilterNode, nowMs: number): { fromMs?: number; toMs?: number } {
  const range: { fromMs?: number; toMs?: number } = {};
  const terms = ast.type === 'and' ? ast.children : [ast];
  for (const n of terms) {
    if (n.type !== 'term' || n.field.target.type !== 'time' || n.values.length !== 1) continue;
    const op = n.field.target.op;
    const text = n.values[0].text;
    const back = op === 'since' ? parseLookback(text) : null;
    if (back?.from === 'evidence') continue;
    const span = back ? { start: nowMs - Math.floor(back.ms), end: Infinity } : parseTimeSpan(text);
    if (!span) continue;
    const from = op === 'before' ? undefined : span.start;
    const to = op === 'before' ? span.start : op === 'on' ? span.end : undefined;
    if (from !== undefined) range.fromMs = Math.max(range.fromMs ?? -Infinity, from);
    if (to !== undefined) range.toMs = Math.min(range.toMs ?? Infinity, to);
  }
  return range;
}

/** Why a filter's time terms select no time at all (an empty or inverted range), or nothing. */
function timeWarnings(ast: FilterNode, range: { fromMs?: number; toMs?: number }): string[] {
  const out: string[] = [];
  if (range.fromMs !== undefined && range.toMs !== undefined && range.fromMs >= range.toMs) {
    out.push(
      `the time range is ${range.fromMs === range.toMs ? 'empty' : 'inverted'}: it starts at ${formatTime(range.fromMs)} and ends at ${formatTime(range.toMs)}, so no event can match`,
    );
  }
  return out;
}

/**
 * Compile filter text to an SQL fragment over `events e`. Throws FilterError (with the position of
 * the mistake) for anything that is not a valid filter.
 */
export function compileFilter(text: string, opts: CompileOptions = {}): CompiledFilter {
  return { ...compileAst(parseFilter(text), opts), text };
}

/** Compile an already-parsed tree (e.g. built by code rather than typed). */
export function compileAst(ast: FilterNode, opts: CompileOptions = {}): CompiledFilter {
  const now = opts.now ?? Date.now();
  const c = new Compiler(now);
  const where = c.node(ast);
  const timeRange = timeRangeOf(ast, now);
  return {
    where,
    params: c.params,
    text: '',
    ast,
    timeRange,
    warnings: timeWarnings(ast, timeRange),
  };
}
