import type { FilterNode, TermValue } from './ast.js';
import { paramPattern } from './compiler.js';
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
import type { CaveatName } from '../domain/caveats.js';
import {
  asciiLower,
  identityOf,
  ipMatchForm,
  isServiceCaller,
  likeMatcher,
  sessionOfArn,
} from './field-norm.js';
import type { FieldDef } from './fields.js';
import { resourceKeys } from './resource-form.js';
import { parseLookback, parseTimeSpan } from './time-values.js';
import { parseBool } from './value-rewrites.js';
import { ipInCidr, parseCidr } from '../util/cidr.js';
import type { InternedField, NormalizedEvent } from '../store/event-row.js';

/**
 * A filter as a JavaScript test over one normalised record, with the compiler's meaning exactly:
 * the same declarations (fields.ts), value modes, normal forms (field-norm.ts) and missing-value
 * rules. Used to filter at ingest and, in the tests, as the reference the SQL is checked against.
 */
export type EventPredicate = (ev: NormalizedEvent) => boolean;

export interface PredicateContext {
  /** The end of the evidence (latest parsed eventTime) that `since:` durations count back from. */
  evidenceEndMs: number | null;
  /** The clock `since:now-…` counts back from (epoch ms); Date.now() when the predicate is made. */
  nowMs?: number;
}

/** Fields a bare word searches: the compiler's TEXT_SEARCH_FIELDS. */
const TEXT_FIELDS: readonly InternedField[] = [
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

type Test = (value: string) => boolean;

const eqNoCase = (want: string): Test => {
  const w = asciiLower(want);
  return (v) => asciiLower(v) === w;
};

const anyOf =
  (tests: readonly Test[]): Test =>
  (v) =>
    tests.some((t) => t(v));

/** A plan condition (plan.ts) as a test of one value: the same conditions the SQL renders. */
function condTest(c: ValueCond): Test {
  if ('eq' in c) return eqNoCase(c.eq);
  if ('like' in c) return likeMatcher(c.like);
  if ('ipForm' in c) return (ip) => ipMatchForm(ip) === c.ipForm;
  const range = parseCidr(c.cidr);
  return (ip) => !!range && ipInCidr(ip, range);
}

const condsTest = (conds: readonly ValueCond[]): Test => anyOf(conds.map(condTest));

const BOOL_OF = { read_only: 'readOnly', mfa: 'mfa', console_session: 'consoleSession' } as const;
const COLUMN_OF = {
  event_id: 'eventId',
  request_id: 'requestId',
  shared_event_id: 'sharedEventId',
  issued_key: 'issuedKey',
} as const;

/** The caveats a record carries as it is read (domain/caveats.ts), by name. */
function recordCaveats(ev: NormalizedEvent): CaveatName[] {
  const out: CaveatName[] = [];
  if (ev.rebuiltFromSummary) out.push('rebuilt');
  if (ev.engineImport) out.push('engine');
  if (ev.eventIdDerived) out.push('derivedId');
  if (!ev.timeValid) out.push('badTime');
  return out;
}

/** Every value of a field on a record; [] when it is missing. Multi-valued fields give several. */
export function fieldValues(f: FieldDef, ev: NormalizedEvent): string[] {
  const t = f.target;
  const one = (s: string | null | undefined): string[] =>
    s === null || s === undefined ? [] : [s];
  switch (t.type) {
    case 'dict':
      return one(ev.strings[t.dictField]);
    case 'ip':
      return one(ev.strings.source_ip);
    case 'session':
      return one(sessionOfArn(ev.strings.arn));
    case 'identity':
      return one(identityOf(ev.strings.arn, ev.strings.invoked_by, ev.strings.principal_id));
    case 'serviceCaller':
      return [String(isServiceCaller(ev.strings.identity_type, ev.strings.invoked_by))];
    case 'caseData':
      // notes, tags and verdicts live in the case file, never on a record being read; of the
      // caveats, a record shows those known when it is read (never differs or unverified)
      if (t.data === 'caveat') return recordCaveats(ev);
      return t.data === 'verified' ? ['unknown'] : [];
    case 'column':
      return one(ev[COLUMN_OF[t.column]]);
    case 'bool': {
      const b = ev[BOOL_OF[t.column]];
      return b === null ? [] : [String(b)];
    }
    case 'param':
      return one(ev.reqText);
    case 'resource':
      return t.part === 'name'
        ? resourceKeys(ev.resources, ev.strings.aws_region).flatMap(one)
        : ev.resources.flatMap((r) => one(r.type));
    case 'time':
    case 'has':
      return [];
  }
}

function hasValue(f: FieldDef, ev: NormalizedEvent): boolean {
  if (f.target.type === 'time' || f.target.type === 'has') return true;
  return fieldValues(f, ev).length > 0;
}

function timeTest(
  f: FieldDef & { target: { type: 'time' } },
  v: TermValue,
  ctx: PredicateContext,
): EventPredicate {
  const timed = (ev: NormalizedEvent): boolean => ev.timeValid && ev.timeMs > 0;
  if (f.target.op === 'since') {
    const back = parseLookback(v.text);
    if (back) {
      const end = back.from === 'now' ? (ctx.nowMs ?? Date.now()) : ctx.evidenceEndMs;
      const from = end === null ? null : end - Math.floor(back.ms);
      return (ev) => from !== null && timed(ev) && ev.timeMs >= from;
    }
  }
  const span = parseTimeSpan(v.text);
  if (!span) throw new Error(`not a time: ${v.text}`);
  switch (f.target.op) {
    case 'after':
    case 'since':
      return (ev) => timed(ev) && ev.timeMs >= span.start;
    case 'before':
      return (ev) => timed(ev) && ev.timeMs < span.start;
    case 'on':
      return (ev) => timed(ev) && ev.timeMs >= span.start && ev.timeMs < span.end;
  }
}

function termPredicate(
  f: FieldDef,
  values: TermValue[],
  exact: boolean,
  ctx: PredicateContext,
): EventPredicate {
  const t = f.target;
  if (t.type === 'time')
    return timeTest(f as FieldDef & { target: { type: 'time' } }, values[0], ctx);
  if (values.some((v) => v.wildcard && /^\*+$/.test(v.text))) return (ev) => hasValue(f, ev);
  let test: Test;
  switch (t.type) {
    case 'dict':
      test = condsTest(
        values.flatMap((v) => dictConds(f as FieldDef & { target: { type: 'dict' } }, v, exact)),
      );
      break;
    case 'session':
    case 'identity':
      test = condsTest(plainConds(values));
      break;
    case 'ip':
      test = condsTest(values.map(ipCond));
      break;
    case 'column':
      test = anyOf(
        values.map((v) => (v.wildcard ? likeMatcher(likeBody(v)) : (x: string) => x === v.text)),
      );
      break;
    case 'caseData': {
      if (t.data === 'caveat') {
        const want = new Set(values.flatMap(caveatValues).map((c) => c.name));
        test = (x) => want.has(x as CaveatName);
      } else if (t.data === 'verified') {
        const want = new Set(values.map(verifiedValue));
        test = (x) => want.has(x as 'yes' | 'no' | 'unknown');
      } else
        test = condsTest(
          t.data === 'note' ? values.flatMap((v) => textConds(v, exact)) : plainConds(values),
        );
      break;
    }
    case 'serviceCaller':
    case 'bool': {
      const bools = new Set(values.map((v) => parseBool(v.text)));
      test = (x) => bools.has(x === 'true');
      break;
    }
    case 'param': {
      const tests = values.map((v) => likeMatcher(paramPattern(v)));
      test = (reqText) => tests.some((m) => m('\n' + reqText + '\n'));
      break;
    }
    case 'resource':
      test = condsTest(values.flatMap((v) => resourceConds(t.part, v)));
      break;
    case 'has':
      return () => true;
  }
  return (ev) => fieldValues(f, ev).some(test);
}

function textPredicate(values: TermValue[]): EventPredicate {
  const alts = values.map((v) => {
    const field = likeMatcher(v.wildcard ? likeBody(v) : `%${likeBody(v)}%`);
    const req = likeMatcher(`%${likeBody(v)}%`);
    return (ev: NormalizedEvent): boolean =>
      TEXT_FIELDS.some((k) => ev.strings[k] !== null && field(ev.strings[k]!)) ||
      (ev.reqText !== null && req(ev.reqText)) ||
      ev.eventId === v.text;
  });
  return (ev) => alts.some((a) => a(ev));
}

/** The filter tree as a test over records. Iterative depth is bounded by the parser (MAX_DEPTH). */
export function compilePredicate(node: FilterNode, ctx: PredicateContext): EventPredicate {
  switch (node.type) {
    case 'all':
      return () => true;
    case 'and': {
      const cs = node.children.map((c) => compilePredicate(c, ctx));
      return (ev) => cs.every((c) => c(ev));
    }
    case 'or': {
      const cs = node.children.map((c) => compilePredicate(c, ctx));
      return (ev) => cs.some((c) => c(ev));
    }
    case 'not': {
      const c = compilePredicate(node.child, ctx);
      return (ev) => !c(ev);
    }
    case 'has':
      return (ev) => hasValue(node.field, ev);
    case 'text':
      return textPredicate(node.values);
    case 'term':
      if (node.values.length === 0) return (ev) => !hasValue(node.field, ev);
      return termPredicate(node.field, node.values, !!node.exact, ctx);
  }
}
