import type { FilterNode, TermValue } from '../ast.js';
import { asciiLower, likeRegexBody } from '../field-norm.js';
import type { FieldDef } from '../fields.js';
import { parseCidr } from '../../util/cidr.js';
import { ipSpellingRegex, v4RangeBounds } from './ip-regex.js';
import { dictConds, ipCond, likeBody, plainConds, resourceConds, type ValueCond } from '../plan.js';
import { paramPattern } from '../compiler.js';
import { parseLookback, parseTimeSpan } from '../time-values.js';
import { formatTime } from '../../domain/time.js';
import { parseBool } from '../value-rewrites.js';
import {
  BOOL_COLUMNS,
  DICT_COLUMNS,
  PLAIN_COLUMNS,
  type Column,
  type EngineName,
} from './columns.js';

/**
 * The filter language compiled to the SQL of an engine that holds what no laptop can: Athena over
 * the trail's bucket, Security Lake, or DuckDB over this tool's Parquet export. The value plan
 * (plan.ts) is the one SQLite uses; only its rendering differs. A field an engine cannot answer
 * is named with the reason, never silently dropped.
 */
export interface EmitResult {
  engine: EngineName;
  sql: string;
  warnings: string[];
  unsupported: { field: string; reason: string }[];
}

export interface EmitOptions {
  /** Table (Athena, Security Lake) or Parquet folder (DuckDB). */
  table?: string;
  /** Athena partition layout: `timestamp` (the documented single-trail table) or `org` (account, region, timestamp). */
  partitions?: 'timestamp' | 'org';
}

export const ENGINES: readonly EngineName[] = ['athena', 'security-lake', 'duckdb'];

export const DEFAULT_TABLES: Record<EngineName, string> = {
  athena: 'cloudtrail_logs',
  'security-lake': 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
  duckdb: 'trailscope-parquet',
};

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** ASCII-only case folding, as SQLite's NOCASE and LIKE: lower() would also fold É to é. */
const fold = (expr: string): string => `translate(${expr}, '${UPPER}', '${LOWER}')`;

/** A string literal safe for any SQL text and for a terminal: control characters are chr(n). */
export function sqlString(s: string): string {
  const parts: string[] = [];
  let run = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (
      cp < 0x20 ||
      (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0x200b && cp <= 0x200f) ||
      (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2060 && cp <= 0x2069) ||
      cp === 0xfeff
    ) {
      if (run) parts.push(`'${run}'`);
      run = '';
      parts.push(`chr(${cp})`);
    } else run += ch === "'" ? "''" : ch;
  }
  if (run || parts.length === 0) parts.push(`'${run}'`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
}

/** A LIKE pattern (`\\` escapes) as an anchored regular expression matching the same strings. */
export function likeToRegex(pattern: string): string {
  return `(?s)^${likeRegexBody(pattern, '.')}$`;
}

class Unsupported extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

class Emitter {
  readonly warnings = new Set<string>();
  readonly unsupported = new Map<string, string>();

  constructor(
    private readonly engine: EngineName,
    private readonly source: string,
  ) {}

  private col(c: Column, field: FieldDef): string {
    if (typeof c === 'string') return c;
    throw new Unsupported(field.name, c.unsupported);
  }

  node(n: FilterNode): string {
    switch (n.type) {
      case 'all':
        return 'TRUE';
      case 'and':
      case 'or':
        return `(${n.children.map((c) => this.guard(c)).join(n.type === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        // a missing value under NOT stays in: F:v and -F:v split the events (docs/filters.md)
        return `NOT COALESCE(${this.guard(n.child)}, FALSE)`;
      case 'has':
        return this.has(n.field);
      case 'text':
        return this.text(n.values);
      case 'term':
        return n.values.length === 0
          ? `NOT COALESCE(${this.has(n.field)}, FALSE)`
          : this.term(n.field, n.values, !!n.exact);
    }
  }

  /** A sub-tree, or FALSE with the field recorded when the engine cannot answer it. */
  private guard(n: FilterNode): string {
    try {
      return this.node(n);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      this.unsupported.set(err.field, err.reason);
      return 'FALSE';
    }
  }

  /** One value expression per event, or a list (multi-valued), for a field. */
  private valueExpr(f: FieldDef): string {
    const t = f.target;
    switch (t.type) {
      case 'dict':
        return this.col(DICT_COLUMNS[this.engine][t.dictField], f);
      case 'ip':
        return this.col(DICT_COLUMNS[this.engine].source_ip, f);
      case 'session':
        if (this.engine === 'duckdb') return 'trailscope.session';
        return `regexp_extract(${this.col(DICT_COLUMNS[this.engine].arn, f)}, '^arn:[^:]*:[^:]*:[^:]*:[^:]*:(?:assumed-role/[^/]*|federated-user)/(.+)$', 1)`;
      case 'identity': {
        const d = DICT_COLUMNS[this.engine];
        return `COALESCE(${this.col(d.arn, f)}, ${this.col(d.invoked_by, f)}, ${this.col(d.principal_id, f)})`;
      }
      case 'column':
        return this.col(PLAIN_COLUMNS[this.engine][t.column], f);
      case 'bool':
        return this.col(BOOL_COLUMNS[this.engine][t.column], f);
      case 'serviceCaller': {
        // one expression, never NULL: an AWS service made the call (the case file's byService)
        const d = DICT_COLUMNS[this.engine];
        return `(${this.col(d.invoked_by, f)} IS NOT NULL OR COALESCE(${fold(this.col(d.identity_type, f))} = 'awsservice', FALSE))`;
      }
      default:
        throw new Error(`no single value: ${f.name}`);
    }
  }

  private has(f: FieldDef): string {
    const t = f.target;
    if (t.type === 'time' || t.type === 'has') return 'TRUE';
    if (t.type === 'param') return `${this.reqText(f)} IS NOT NULL`;
    if (t.type === 'resource') return `${this.resourceList(f, t.part, 'x')} > 0`;
    if (t.type === 'caseData')
      throw new Unsupported(
        f.name,
        'notes, tags, verify verdicts and caveats live only in the case file',
      );
    return `${this.valueExpr(f)} IS NOT NULL`;
  }

  /**
   * `expr LIKE pattern` (ASCII case-insensitive). DuckDB takes ESCAPE; for Athena a pattern with
   * escaped metacharacters becomes the equivalent regular expression, which every Trino-family
   * parser accepts (node-sql-parser's Athena grammar has no ESCAPE clause).
   */
  like(expr: string, pattern: string): string {
    const p = asciiLower(pattern);
    if (this.engine === 'duckdb') return `${fold(expr)} LIKE ${sqlString(p)} ESCAPE '\\'`;
    if (!p.includes('\\')) return `${fold(expr)} LIKE ${sqlString(p)}`;
    return `regexp_like(${fold(expr)}, ${sqlString(likeToRegex(p))})`;
  }

  /** A value condition (plan.ts) on `expr`, rendered for this engine. */
  private cond(expr: string, c: ValueCond, f: FieldDef): string {
    if ('eq' in c) return `${fold(expr)} = ${sqlString(asciiLower(c.eq))}`;
    if ('like' in c) return this.like(expr, c.like);
    if ('ipForm' in c) {
      if (this.engine === 'duckdb') return `trailscope.source_ip_form = ${sqlString(c.ipForm)}`;
      // every spelling of the address (leading zeros, IPv4-mapped, compressed IPv6), as the case file compares them
      return `regexp_like(${expr}, ${sqlString(ipSpellingRegex(c.address)!)})`;
    }
    const range = parseCidr(c.cidr);
    if (!range) throw new Unsupported(f.name, `not a CIDR range: ${c.cidr}`);
    if (this.engine === 'duckdb') {
      const bits = range.bytes.length * 8;
      const base = range.bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
      const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - range.prefix)) - 1n);
      const lo = base & mask;
      const hi = lo | ((1n << BigInt(bits - range.prefix)) - 1n);
      return range.bytes.length === 4
        ? `trailscope.ip_v4 BETWEEN ${lo} AND ${hi}`
        : `trailscope.ip_v6 BETWEEN '${lo.toString(16).padStart(32, '0')}' AND '${hi.toString(16).padStart(32, '0')}'`;
    }
    const bounds = v4RangeBounds(c.cidr);
    if (!bounds)
      throw new Unsupported(
        f.name,
        `IPv6 ranges are not translated for ${this.engine} (give the addresses, or filter in the case file)`,
      );
    // the dotted parts as one number, after an IPv4-mapped prefix is taken off
    const v4 = `regexp_replace(${expr}, '(?i)^(?:(?:0{1,4}:){5}|::(?:0{1,4}:){0,4}|(?:0{1,4}:){1,4}:)ffff:', '')`;
    const part = (i: number) => `TRY(CAST(split_part(${v4}, '.', ${i}) AS BIGINT))`;
    return `(regexp_like(${v4}, '^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$') AND ${part(1)} * 16777216 + ${part(2)} * 65536 + ${part(3)} * 256 + ${part(4)} BETWEEN ${bounds[0]} AND ${bounds[1]})`;
  }

  private conds(expr: string, conds: readonly ValueCond[], f: FieldDef): string {
    const parts = conds.map((c) => this.cond(expr, c, f));
    return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
  }

  private reqText(f: FieldDef): string {
    if (this.engine === 'duckdb') return 'trailscope.req_text';
    throw new Unsupported(
      f.name,
      'request parameters are a JSON string here; filter with param: in the case file after pulling the slice back',
    );
  }

  /** Number of the event's resources whose `part` satisfies `cond` (x is the element's value). */
  private resourceList(f: FieldDef, part: 'name' | 'type', cond: string): string {
    if (this.engine === 'duckdb') {
      const field = part === 'name' ? 'name' : 'type';
      const where =
        cond === 'x' ? `r.${field} IS NOT NULL` : cond.replaceAll('__X__', `r.${field}`);
      return `len(list_filter(trailscope.resources, r -> ${where}))`;
    }
    if (this.engine === 'athena') {
      this.warnings.add(
        `${f.name}: on Athena only resources[] is searched (the case file also reads bucket, role, user… names from request parameters)`,
      );
      const field = part === 'name' ? 'arn' : 'type';
      const where =
        cond === 'x' ? `r.${field} IS NOT NULL` : cond.replaceAll('__X__', `r.${field}`);
      return `cardinality(filter(resources, r -> ${where}))`;
    }
    throw new Unsupported(
      f.name,
      'Security Lake keeps resources as OCSF resources[].uid without the request parameters; not translated',
    );
  }

  private term(f: FieldDef, values: TermValue[], exact: boolean): string {
    const t = f.target;
    if (t.type === 'time') return this.time(f, t.op, values[0]);
    if (values.some((v) => v.wildcard && /^\*+$/.test(v.text))) return this.has(f);
    switch (t.type) {
      case 'dict':
        return this.conds(
          this.valueExpr(f),
          values.flatMap((v) => dictConds(f as FieldDef & { target: { type: 'dict' } }, v, exact)),
          f,
        );
      case 'session':
      case 'identity':
        return this.conds(this.valueExpr(f), plainConds(values), f);
      case 'ip':
        return this.conds(this.valueExpr(f), values.map(ipCond), f);
      case 'column': {
        const e = this.valueExpr(f);
        const parts = values.map((v) =>
          v.wildcard ? this.like(e, likeBody(v)) : `${e} = ${sqlString(v.text)}`,
        );
        return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
      }
      case 'bool':
      case 'serviceCaller': {
        const bools = new Set(values.map((v) => parseBool(v.text)));
        if (bools.has(null)) throw new Unsupported(f.name, 'expected true or false');
        if (bools.size === 2) return this.has(f);
        return `${this.valueExpr(f)} = ${bools.has(true) ? 'TRUE' : 'FALSE'}`;
      }
      case 'param': {
        const text = this.reqText(f);
        const parts = values.map((v) =>
          this.like(`(chr(10) || ${text} || chr(10))`, paramPattern(v)),
        );
        return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
      }
      case 'resource': {
        const cond = this.conds(
          '__X__',
          values.flatMap((v) => resourceConds(t.part, v)),
          f,
        );
        return `${this.resourceList(f, t.part, cond)} > 0`;
      }
      case 'caseData':
        throw new Unsupported(
          f.name,
          'notes, tags, verify verdicts and caveats live only in the case file',
        );
      case 'has':
        return 'TRUE';
    }
  }

  private timeExpr(f: FieldDef): { ms: string } {
    switch (this.engine) {
      case 'duckdb':
        return { ms: 'trailscope.time_ms' };
      case 'athena':
        return { ms: 'to_unixtime(from_iso8601_timestamp(eventtime)) * 1000' };
      case 'security-lake':
        return { ms: 'to_unixtime(time_dt) * 1000' };
    }
    void f;
  }

  private time(f: FieldDef, op: 'after' | 'before' | 'on' | 'since', v: TermValue): string {
    const { ms } = this.timeExpr(f);
    // the case file's events with an unparsed eventTime (time_ms 0) are in no range
    const timed = this.engine === 'duckdb' ? `${ms} > 0 AND ` : '';
    if (op === 'since') {
      const back = parseLookback(v.text);
      if (back) {
        const d = Math.floor(back.ms);
        if (this.engine === 'duckdb')
          return back.from === 'now'
            ? `(${timed}${ms} >= epoch_ms(current_timestamp) - ${d})`
            : `(${timed}${ms} >= (SELECT max(trailscope.time_ms) FROM ${this.source}) - ${d})`;
        if (back.from === 'evidence')
          this.warnings.add(
            `since:${v.text} counts back from now on ${this.engine} (the case file counts back from its last event; since:now-${v.text} says so there too)`,
          );
        // whole seconds as an interval; a duration with milliseconds as a number of them
        const start =
          d % 1000 === 0
            ? `to_unixtime(current_timestamp - interval '${d / 1000}' second) * 1000`
            : `to_unixtime(current_timestamp) * 1000 - ${d}`;
        return `(${ms} >= ${start})`;
      }
    }
    const span = parseTimeSpan(v.text);
    if (!span) throw new Unsupported(f.name, `not a time: ${v.text}`);
    switch (op) {
      case 'after':
      case 'since':
        return `(${timed}${ms} >= ${span.start})`;
      case 'before':
        return `(${timed}${ms} < ${span.start})`;
      case 'on':
        return `(${timed}${ms} >= ${span.start} AND ${ms} < ${span.end})`;
    }
  }

  private text(values: TermValue[]): string {
    const d = DICT_COLUMNS[this.engine];
    const fields = [
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
    ] as const;
    const cols = fields.map((k) => d[k]).filter((c): c is string => typeof c === 'string');
    const id = PLAIN_COLUMNS[this.engine].event_id as string;
    const alts = values.map((v) => {
      const pattern = v.wildcard ? likeBody(v) : `%${likeBody(v)}%`;
      const parts = cols.map((c) => this.like(c, pattern));
      if (this.engine === 'duckdb')
        parts.push(this.like('trailscope.req_text', `%${likeBody(v)}%`));
      else {
        this.warnings.add(`bare words on ${this.engine} do not search request parameters`);
      }
      parts.push(`${id} = ${sqlString(v.text)}`);
      return `(${parts.join(' OR ')})`;
    });
    return alts.length === 1 ? alts[0] : `(${alts.join(' OR ')})`;
  }
}

/** Partition predicates implied by the filter's top-level time terms (Athena, Security Lake). */
function partitionPredicates(ast: FilterNode, engine: EngineName, opts: EmitOptions): string[] {
  const terms = ast.type === 'and' ? ast.children : [ast];
  let from: number | undefined;
  let to: number | undefined;
  /** The shortest `since:now-…` lookback, in ms: a bound on the engine's clock, not a date. */
  let nowBack: number | undefined;
  const eqs: { field: string; value: string }[] = [];
  for (const n of terms) {
    if (n.type !== 'term' || n.values.length !== 1) continue;
    const t = n.field.target;
    if (t.type === 'time') {
      const text = n.values[0].text;
      const back = t.op === 'since' ? parseLookback(text) : null;
      if (back?.from === 'now') nowBack = Math.min(nowBack ?? Infinity, back.ms);
      if (back) continue;
      const span = parseTimeSpan(text);
      if (!span) continue;
      if (t.op !== 'before') from = Math.max(from ?? -Infinity, span.start);
      if (t.op === 'before') to = Math.min(to ?? Infinity, span.start);
      if (t.op === 'on') to = Math.min(to ?? Infinity, span.end);
    } else if (
      t.type === 'dict' &&
      !n.values[0].wildcard &&
      (t.dictField === 'aws_region' || t.dictField === 'recipient_account_id')
    ) {
      // partition values are written in lower case in S3 paths; the term itself folds case
      eqs.push({ field: t.dictField, value: asciiLower(n.values[0].text) });
    }
  }
  const out: string[] = [];
  const day = (ms: number, sep: string) => formatTime(ms, 'date').replaceAll('-', sep);
  const col = engine === 'athena' ? '"timestamp"' : 'eventday';
  const sep = engine === 'athena' ? '/' : '';
  if (from !== undefined && Number.isFinite(from))
    out.push(`${col} >= ${sqlString(day(from, sep))}`);
  if (to !== undefined && Number.isFinite(to)) out.push(`${col} <= ${sqlString(day(to - 1, sep))}`);
  // the partition's day on the engine's clock, a day early: a session in another zone than UTC
  // then reads one partition more, never one fewer
  if (nowBack !== undefined)
    out.push(
      `${col} >= date_format(current_timestamp - interval '${Math.ceil(nowBack / 1000)}' second - interval '1' day, ${sqlString(engine === 'athena' ? '%Y/%m/%d' : '%Y%m%d')})`,
    );
  if (engine === 'athena' && opts.partitions === 'org') {
    for (const e of eqs)
      out.push(`${e.field === 'aws_region' ? 'region' : 'account'} = ${sqlString(e.value)}`);
  }
  if (engine === 'security-lake') {
    for (const e of eqs)
      out.push(`${e.field === 'aws_region' ? 'region' : 'accountid'} = ${sqlString(e.value)}`);
  }
  return out;
}

/** The SQL of a filter for an engine: `SELECT * FROM table WHERE …`, partitions first. */
export function emitSql(ast: FilterNode, engine: EngineName, opts: EmitOptions = {}): EmitResult {
  const table = opts.table ?? DEFAULT_TABLES[engine];
  const source =
    engine === 'duckdb'
      ? `read_parquet(${sqlString(`${table.replace(/\/+$/, '')}/**/*.parquet`)}, hive_partitioning = true)`
      : table;
  const e = new Emitter(engine, source);
  let where: string;
  try {
    where = e.node(ast);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    e.unsupported.set(err.field, err.reason);
    where = 'FALSE';
  }
  const parts = engine === 'duckdb' ? [] : partitionPredicates(ast, engine, opts);
  if (
    engine !== 'duckdb' &&
    !parts.some((p) => p.startsWith('"timestamp"') || p.startsWith('eventday'))
  ) {
    e.warnings.add(
      `no time range: the query reads every partition (add after:/before:/on: to limit the scan)`,
    );
  }
  const clauses = [...parts, where].filter((c) => c !== 'TRUE');
  const order =
    engine === 'duckdb'
      ? 'trailscope.time_ms, eventid'
      : engine === 'athena'
        ? 'eventtime'
        : 'time_dt';
  const sql = `SELECT * FROM ${source}${clauses.length ? `\nWHERE ${clauses.join('\n  AND ')}` : ''}\nORDER BY ${order}`;
  return {
    engine,
    sql,
    warnings: [...e.warnings],
    unsupported: [...e.unsupported].map(([field, reason]) => ({ field, reason })),
  };
}
