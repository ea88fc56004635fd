import { ipInCidr, parseCidr } from '../../util/cidr.js';
import { textOf } from './text.js';
import { compilePattern, tokenize, type StringTest } from './pattern.js';
import { invalid, unsupported, type RecordView } from './types.js';

export { textOf };

/** A compiled `field|modifiers: values` item. */
export type FieldTest = (view: RecordView) => boolean;

const COMPARE = [
  'contains',
  'startswith',
  'endswith',
  're',
  'cidr',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'fieldref',
] as const;
type Compare = (typeof COMPARE)[number] | 'equals';
const TRANSFORMS = ['base64', 'base64offset', 'windash'] as const;
const REGEX_FLAGS = ['i', 'm', 's'] as const;

/** Modifiers that only make sense on Windows binary or templated values. */
const NOT_FOR_CLOUDTRAIL: Record<string, string> = {
  utf16le: 'utf16le encodes values as Windows wide strings; CloudTrail JSON has none',
  utf16be: 'utf16be encodes values as wide strings; CloudTrail JSON has none',
  utf16: 'utf16 encodes values as wide strings; CloudTrail JSON has none',
  wide: 'wide encodes values as Windows wide strings; CloudTrail JSON has none',
  expand: 'expand needs placeholder values from a processing pipeline',
};

interface Parsed {
  compare: Compare;
  all: boolean;
  cased: boolean;
  transforms: string[];
  reFlags: string;
}

function parseModifiers(mods: readonly string[]): Parsed {
  const p: Parsed = { compare: 'equals', all: false, cased: false, transforms: [], reFlags: '' };
  for (const raw of mods) {
    const m = raw.trim();
    const lower = m.toLowerCase();
    if (NOT_FOR_CLOUDTRAIL[lower])
      throw unsupported(`modifier "${m}": ${NOT_FOR_CLOUDTRAIL[lower]}`);
    if ((COMPARE as readonly string[]).includes(lower)) {
      if (p.compare !== 'equals')
        throw invalid(`modifiers "${p.compare}" and "${m}" cannot be combined`);
      p.compare = lower as Compare;
    } else if (lower === 'all') p.all = true;
    else if (lower === 'cased') p.cased = true;
    else if ((TRANSFORMS as readonly string[]).includes(lower)) p.transforms.push(lower);
    else if ((REGEX_FLAGS as readonly string[]).includes(lower) && p.compare === 're')
      p.reFlags += lower;
    else throw unsupported(`modifier "${m}"`);
  }
  return p;
}

/** windash: a leading "-" may also be written "/", an en dash, an em dash or a horizontal bar. */
function windashVariants(v: string): string[] {
  const dashes = ['-', '/', '\u2013', '\u2014', '\u2015'];
  const starts = /(^|\s)[-/]/g;
  if (!starts.test(v)) return [v];
  return dashes.map((d) => v.replace(/(^|\s)[-/]/g, `$1${d}`));
}

/** base64offset: the three encodings of a value at each byte offset, with the unstable edges cut. */
function base64OffsetVariants(v: string): string[] {
  const out: string[] = [];
  const start = [0, 2, 3];
  const end = [undefined, -3, -2];
  for (let i = 0; i < 3; i++) {
    const enc = Buffer.from(' '.repeat(i) + v, 'utf8').toString('base64');
    const rem = (v.length + i) % 3;
    const trimmed = enc.slice(start[i], rem === 0 ? undefined : end[rem]);
    out.push(trimmed.replace(/=+$/, ''));
  }
  return out;
}

/** A transform expands one written value into the strings it stands for (any of them). */
function expand(value: string, transforms: readonly string[]): string[] {
  let vals = [value];
  for (const t of transforms) {
    if (t === 'windash') vals = vals.flatMap(windashVariants);
    else if (t === 'base64') vals = vals.map((v) => Buffer.from(v, 'utf8').toString('base64'));
    else if (t === 'base64offset') vals = vals.flatMap(base64OffsetVariants);
  }
  return vals;
}

function escapeWildcards(s: string): string {
  return s.replace(/[\\*?]/g, '\\$&');
}

type ValueTest = (values: readonly unknown[], view: RecordView) => boolean;

/**
 * A pattern that opens with inline flags (`(?i)…`, as PCRE and Python write them and many public
 * rules do) has them moved to the expression's flags: JavaScript refuses inline groups, and at
 * the start of the pattern they mean the same as the `i` `m` `s` modifiers. Inline flags anywhere
 * else are left for the RegExp constructor to refuse (the rule is then listed as unsupported).
 */
export function leadingFlags(text: string, flags: string): { source: string; flags: string } {
  const m = /^\(\?([ims]+)\)/.exec(text);
  if (!m) return { source: text, flags };
  const all = new Set([...flags, ...m[1]]);
  return { source: text.slice(m[0].length), flags: [...all].join('') };
}

function scalarText(v: unknown, field: string): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw invalid(`${field}: values must be text, numbers, booleans or null`);
}

function compileOne(field: string, written: unknown, p: Parsed): ValueTest {
  if (p.compare === 'exists') {
    if (typeof written !== 'boolean') throw invalid(`${field}|exists takes true or false`);
    return (values) => values.some((v) => v !== null) === written;
  }
  const text = scalarText(written, field);
  if (text === null) {
    if (p.compare !== 'equals') throw invalid(`${field}: null cannot be used with "${p.compare}"`);
    return (values) => values.length === 0 || values.some((v) => v === null);
  }
  switch (p.compare) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n))
        throw invalid(`${field}|${p.compare} needs a number (got "${text}")`);
      const cmp = {
        gt: (a: number) => a > n,
        gte: (a: number) => a >= n,
        lt: (a: number) => a < n,
        lte: (a: number) => a <= n,
      }[p.compare];
      return (values) =>
        values.some((v) => {
          const t =
            typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
          return Number.isFinite(t) && cmp(t);
        });
    }
    case 'cidr': {
      const range = parseCidr(text);
      if (!range) throw invalid(`${field}|cidr: "${text}" is not a CIDR range`);
      return (values) => values.some((v) => typeof v === 'string' && ipInCidr(v, range));
    }
    case 're': {
      let re: RegExp;
      const { source, flags } = leadingFlags(text, p.reFlags);
      try {
        re = new RegExp(source, flags);
      } catch (err) {
        throw unsupported(
          `${field}|re: "${text}" is not a JavaScript regular expression (${(err as Error).message})`,
        );
      }
      return (values) =>
        values.some((v) => {
          const t = textOf(v);
          return t !== null && re.test(t);
        });
    }
    case 'fieldref': {
      const fold = p.cased ? (s: string) => s : (s: string) => s.toLowerCase();
      return (values, view) => {
        const other = view
          .values(text)
          .map(textOf)
          .filter((t): t is string => t !== null)
          .map(fold);
        return values.some((v) => {
          const t = textOf(v);
          return t !== null && other.includes(fold(t));
        });
      };
    }
    default: {
      const anchor = p.compare === 'equals' ? undefined : p.compare;
      // encoded values are literal: their characters are not wildcards
      const variants = p.transforms.length
        ? expand(text, p.transforms).map((v) =>
            p.transforms.some((t) => t.startsWith('base64')) ? escapeWildcards(v) : v,
          )
        : [text];
      const base64 = p.transforms.some((t) => t.startsWith('base64'));
      const tests: StringTest[] = variants.map((v) =>
        compilePattern(v, { cased: p.cased || base64, anchor }),
      );
      if (!p.cased && !base64) {
        // values lower-cased once per record and field, whatever the number of rules
        const folded: StringTest[] = variants.map((v) =>
          compilePattern(v.toLowerCase(), { cased: true, anchor }),
        );
        if (folded.length === 1) {
          const test = folded[0];
          return (_values, view) => {
            const texts = view.lowerTexts(field);
            for (let i = 0; i < texts.length; i++) {
              const t = texts[i];
              if (t !== null && test(t)) return true;
            }
            return false;
          };
        }
        return (_values, view) => {
          const texts = view.lowerTexts(field);
          for (let i = 0; i < texts.length; i++) {
            const t = texts[i];
            if (t !== null) for (let k = 0; k < folded.length; k++) if (folded[k](t)) return true;
          }
          return false;
        };
      }
      return (values) => {
        for (let i = 0; i < values.length; i++) {
          const t = textOf(values[i]);
          if (t !== null) for (let k = 0; k < tests.length; k++) if (tests[k](t)) return true;
        }
        return false;
      };
    }
  }
}

/**
 * Text that the record's lower-cased value must contain for one written value to match: the longest
 * run of literal characters of each lower-cased variant (the same strings the case-insensitive test
 * compares). Null when no such text exists (a value that is only wildcards, or a comparison that
 * is not a string pattern): then the item can match without any.
 */
function valueLiterals(written: unknown, p: Parsed): string[] | null {
  if (p.cased || p.transforms.some((t) => t.startsWith('base64'))) return null;
  if (!['equals', 'contains', 'startswith', 'endswith'].includes(p.compare)) return null;
  if (typeof written !== 'string' && typeof written !== 'number' && typeof written !== 'boolean')
    return null;
  const variants = p.transforms.length ? expand(String(written), p.transforms) : [String(written)];
  const out: string[] = [];
  for (const v of variants) {
    let best = '';
    for (const t of tokenize(v.toLowerCase()))
      if ('lit' in t && t.lit.length > best.length) best = t.lit;
    if (best === '') return null;
    out.push(best);
  }
  return out;
}

/**
 * What a field item needs of the record, as text any of which must occur in the field's lower-cased
 * values (a cheap necessary condition checked before the rule runs), or null when nothing is
 * needed in that form. With `all` every value must match, so the one with the longest text stands
 * for the item.
 */
function itemLiterals(written: readonly unknown[], p: Parsed): string[] | null {
  const each = written.map((w) => valueLiterals(w, p));
  if (p.all) {
    const known = each.filter((l): l is string[] => l !== null);
    if (known.length === 0) return null;
    return known.reduce((a, b) => (shortest(b) > shortest(a) ? b : a));
  }
  if (each.some((l) => l === null)) return null;
  return [...new Set(each.flatMap((l) => l as string[]))];
}

/** Length of the shortest text of a literal set (how selective the set is). */
export const shortest = (lits: readonly string[]): number =>
  lits.reduce((m, l) => Math.min(m, l.length), Infinity);

/** Field tests by their canonical text, numbered for RecordView.once (bounded: a new table past the cap). */
const testIds = new Map<string, number>();
let nextTestId = 0;
export function testId(key: string): number {
  let id = testIds.get(key);
  if (id === undefined) {
    if (testIds.size >= 100_000) testIds.clear();
    id = nextTestId++;
    testIds.set(key, id);
  }
  return id;
}

/** `field|mods: value` or `field|mods: [values]`: any value matches (OR), or every one with `all`. */
export function compileFieldItem(
  key: string,
  value: unknown,
): { field: string; test: FieldTest; plainEquals: string[] | null; literals: string[] | null } {
  const [field, ...mods] = key.split('|');
  if (field.trim() === '')
    throw unsupported(`"${key}": a modifier without a field name (keyword modifiers)`);
  const p = parseModifiers(mods);
  const written = Array.isArray(value) ? value : [value];
  if (written.length === 0) throw invalid(`${field}: an empty list of values`);
  if (p.compare === 'exists' && written.length !== 1)
    throw invalid(`${field}|exists takes one value`);
  const tests = written.map((w) => compileOne(field, w, p));
  // loops rather than every/some with a closure: this runs per record and rule
  const test: FieldTest = p.all
    ? (view) => {
        const vals = view.values(field);
        for (let i = 0; i < tests.length; i++) if (!tests[i](vals, view)) return false;
        return true;
      }
    : tests.length === 1
      ? (view) => tests[0](view.values(field), view)
      : (view) => {
          const vals = view.values(field);
          for (let i = 0; i < tests.length; i++) if (tests[i](vals, view)) return true;
          return false;
        };
  // the same item in another rule is the same test: its result is shared per record
  const id = testId(
    `${field}\0${mods.map((m) => m.trim().toLowerCase()).join('|')}\0${JSON.stringify(written)}`,
  );
  const shared: FieldTest = (view) => view.once(id, test);
  const plain =
    p.compare === 'equals' &&
    !p.all &&
    p.transforms.length === 0 &&
    written.every((w) => typeof w === 'string' && !/[*?\\]/.test(w))
      ? (written as string[]).map((w) => w.toLowerCase())
      : null;
  return { field, test: shared, plainEquals: plain, literals: itemLiterals(written, p) };
}

/** A keyword list: any value anywhere in the record contains one of the words (wildcards allowed). */
export function compileKeywords(words: readonly unknown[]): FieldTest {
  const tests = words.map((w) => {
    const t = scalarText(w, 'keywords');
    if (t === null) throw invalid('keywords: null is not a keyword');
    return compilePattern(t, { cased: false, anchor: 'contains' });
  });
  return (view) =>
    view.leaves().some((v) => {
      const t = textOf(v);
      return t !== null && tests.some((test) => test(t));
    });
}
