import { createHash } from 'node:crypto';
import { allOf, anyOf, compileCondition, parseCondition, requiredSelections } from './condition.js';
import { CachedRecord } from './fields.js';
import { compileFieldItem, compileKeywords, shortest, type FieldTest } from './modifiers.js';
import {
  RuleProblem,
  invalid,
  unsupported,
  type CompiledRule,
  type CorrelationRule,
  type CorrelationType,
  type CountCondition,
  type DetectionRule,
  type FieldNeed,
  type RecordView,
  type SigmaEntry,
  type SigmaMeta,
} from './types.js';

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;

function metaOf(doc: unknown): SigmaMeta {
  const d = isMap(doc) ? doc : {};
  const tags = Array.isArray(d.tags) ? d.tags.map(str).filter((t): t is string => t !== null) : [];
  const id = str(d.id);
  const name = str(d.name);
  return {
    id: id ?? name,
    name,
    title: str(d.title) ?? '(untitled)',
    sigmaStatus: str(d.status),
    level: str(d.level),
    tags,
    description: str(d.description),
  };
}

interface CompiledSelection {
  test: FieldTest;
  eventNames: string[] | null;
  /** The most selective text need of the selection's fields other than a plain eventName. */
  need: FieldNeed | null;
}

/** Of two needs, the one whose shortest text is longer (it rules out more records). */
function better(a: FieldNeed | null, b: FieldNeed | null): FieldNeed | null {
  if (!a || !b) return a ?? b;
  return shortest(b.literals) > shortest(a.literals) ? b : a;
}

/** Sigma selections: a map is AND of its fields, a list of maps is OR of them, a list of scalars is keywords. */
function compileSelection(name: string, value: unknown): CompiledSelection {
  if (isMap(value)) {
    const items = Object.entries(value).map(([k, v]) => compileFieldItem(k, v));
    if (items.length === 0) throw invalid(`selection "${name}" is empty`);
    const tests = items.map((i) => i.test);
    const named = items.find((i) => i.field === 'eventName' && i.plainEquals);
    let need: FieldNeed | null = null;
    for (const i of items)
      if (i.literals && i !== named) need = better(need, { field: i.field, literals: i.literals });
    return { test: allOf(tests), eventNames: named?.plainEquals ?? null, need };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw invalid(`selection "${name}" is an empty list`);
    if (value.every(isMap)) {
      const maps = value.map((m, i) => compileSelection(`${name}[${i}]`, m));
      const tests = maps.map((m) => m.test);
      const names = maps.every((m) => m.eventNames)
        ? maps.flatMap((m) => m.eventNames ?? [])
        : null;
      return { test: anyOf(tests), eventNames: names, need: null };
    }
    if (value.some(isMap) || value.some(Array.isArray))
      throw unsupported(`selection "${name}" mixes field maps and keywords`);
    return { test: compileKeywords(value), eventNames: null, need: null };
  }
  if (typeof value === 'string' || typeof value === 'number')
    return { test: compileKeywords([value]), eventNames: null, need: null };
  throw invalid(`selection "${name}" must be a map of fields or a list`);
}

function compileDetection(detection: unknown): DetectionRule {
  if (!isMap(detection)) throw invalid('detection must be a map of selections and a condition');
  const { condition, timeframe, ...rest } = detection;
  if (timeframe !== undefined)
    throw unsupported(
      '"timeframe" (old aggregation syntax); write a Sigma correlation rule instead',
    );
  const selections = new Map<string, CompiledSelection>();
  for (const [name, value] of Object.entries(rest))
    selections.set(name, compileSelection(name, value));
  if (selections.size === 0) throw invalid('detection has no selections');
  const conditions = Array.isArray(condition) ? condition : [condition];
  if (conditions.length === 0 || conditions.some((c) => typeof c !== 'string'))
    throw invalid('detection.condition must be text (or a list of texts)');
  const names = [...selections.keys()];
  const nodes = (conditions as string[]).map((c) => parseCondition(c, names));
  const sel = (n: string): FieldTest => (selections.get(n) as CompiledSelection).test;
  const preds = nodes.map((n) => compileCondition(n, sel));
  // a prefilter by event name, when every condition requires a selection that names the events plainly
  let eventNames: string[] | null = [];
  for (const n of nodes) {
    const required = requiredSelections(n)
      .map((s) => selections.get(s)?.eventNames)
      .find((e) => e);
    if (!required) {
      eventNames = null;
      break;
    }
    eventNames.push(...required);
  }
  // a text need, when the one condition requires a selection that has one
  let need: FieldNeed | null = null;
  if (nodes.length === 1)
    for (const s of requiredSelections(nodes[0]))
      need = better(need, selections.get(s)?.need ?? null);
  return {
    kind: 'detection',
    match: anyOf(preds),
    eventNames: eventNames && [...new Set(eventNames)],
    need,
  };
}

const TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
];
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

export function parseTimespan(v: unknown): number {
  const m = typeof v === 'string' ? /^(\d{1,9})([smhdw])$/.exec(v.trim()) : null;
  if (!m) throw invalid(`timespan "${String(v)}" is not a number followed by s, m, h, d or w`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

function compileCorrelation(c: unknown, generate: unknown): CorrelationRule {
  if (!isMap(c)) throw invalid('correlation must be a map');
  const known = new Set([
    'type',
    'rules',
    'group-by',
    'timespan',
    'condition',
    'aliases',
    'generate',
  ]);
  for (const k of Object.keys(c))
    if (!known.has(k)) throw unsupported(`correlation attribute "${k}"`);
  if (c.aliases !== undefined) throw unsupported('correlation field aliases');
  const type = c.type as CorrelationType;
  if (!TYPES.includes(type))
    throw typeof c.type === 'string'
      ? unsupported(`correlation type "${c.type}"`)
      : invalid('correlation.type is missing');
  const rules = Array.isArray(c.rules)
    ? c.rules.map(str)
    : typeof c.rules === 'string'
      ? [c.rules]
      : null;
  if (!rules || rules.length === 0 || rules.some((r) => r === null))
    throw invalid('correlation.rules must list rule ids or names');
  const groupBy =
    c['group-by'] === undefined
      ? []
      : Array.isArray(c['group-by'])
        ? c['group-by'].map(str)
        : [str(c['group-by'])];
  if (groupBy.some((g) => g === null)) throw invalid('correlation.group-by must list field names');
  const timespanMs = parseTimespan(c.timespan);
  const condition: CountCondition = {};
  let field: string | null = null;
  if (c.condition !== undefined) {
    if (!isMap(c.condition)) throw invalid('correlation.condition must be a map such as {gte: 10}');
    for (const [k, v] of Object.entries(c.condition)) {
      if (k === 'field') {
        field = str(v);
        if (!field) throw invalid('correlation.condition.field must be a field name');
      } else if (k === 'gt' || k === 'gte' || k === 'lt' || k === 'lte' || k === 'eq') {
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw invalid(`correlation.condition.${k} must be a number`);
        condition[k] = v;
      } else {
        throw unsupported(`correlation condition "${k}"`);
      }
    }
  }
  const counted = Object.keys(condition).length > 0;
  if ((type === 'event_count' || type === 'value_count') && !counted)
    throw invalid(`${type} needs a condition such as {gte: 10}`);
  if (type === 'value_count' && !field) throw invalid('value_count needs condition.field');
  if (type !== 'value_count' && field) throw invalid(`condition.field only applies to value_count`);
  return {
    kind: 'correlation',
    type,
    rules: rules as string[],
    groupBy: groupBy as string[],
    timespanMs,
    condition,
    field,
    generate: generate === true || c.generate === true,
  };
}

function isCloudTrail(logsource: unknown): boolean {
  if (!isMap(logsource)) return false;
  return (
    str(logsource.product)?.toLowerCase() === 'aws' &&
    str(logsource.service)?.toLowerCase() === 'cloudtrail'
  );
}

function describeLogsource(logsource: unknown): string {
  if (!isMap(logsource)) return 'no logsource';
  const parts = ['product', 'service', 'category']
    .map((k) => (str(logsource[k]) ? `${k} ${str(logsource[k])}` : null))
    .filter(Boolean);
  return parts.length ? parts.join(', ') : 'empty logsource';
}

/** One parsed YAML document as a rule entry (compiled, or with the reason it is not). */
export function entryOfDocument(doc: unknown): SigmaEntry {
  const source = JSON.stringify(doc ?? null);
  const hash = createHash('sha256').update(source).digest('hex');
  const meta = metaOf(doc);
  const entry = (
    status: SigmaEntry['status'],
    reason: string | null,
    compiled: CompiledRule | null,
  ): SigmaEntry => ({
    meta,
    hash,
    source,
    status,
    reason,
    compiled,
  });
  if (!isMap(doc)) return entry('error', 'not a Sigma rule (a YAML map is expected)', null);
  try {
    if (doc.correlation !== undefined)
      return entry('loaded', null, compileCorrelation(doc.correlation, doc.generate));
    if (doc.detection === undefined) {
      if (doc.action !== undefined)
        return entry(
          'unsupported',
          `"action: ${String(doc.action)}" documents (rule collections)`,
          null,
        );
      if (doc.filter !== undefined) return entry('unsupported', 'Sigma filter rules', null);
      return entry('error', 'no detection section', null);
    }
    if (!isCloudTrail(doc.logsource))
      return entry('not-cloudtrail', `not CloudTrail (${describeLogsource(doc.logsource)})`, null);
    return entry('loaded', null, compileDetection(doc.detection));
  } catch (err) {
    if (err instanceof RuleProblem) return entry(err.kind, err.message, null);
    throw err;
  }
}

/** Convenience for tests and `rules test`: does a loaded detection rule match this record? */
export function matchesRecord(entry: SigmaEntry, record: unknown): boolean {
  return entry.compiled?.kind === 'detection' && entry.compiled.match(new CachedRecord(record));
}
