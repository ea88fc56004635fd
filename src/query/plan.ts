import type { TermValue } from './ast.js';
import { FilterError } from './errors.js';
import { CAVEATS, caveatNamed, type Caveat } from '../domain/caveats.js';
import { ipMatchForm, likeMatcher } from './field-norm.js';
import { editDistance } from './suggest.js';
import type { FieldDef } from './fields.js';
import { parseCidr, parseIp } from '../util/cidr.js';
import {
  CATEGORIES,
  CATEGORY_ALIASES,
  IDENTITY_TYPES,
  IDENTITY_TYPE_ALIASES,
  likelyTypo,
  rewriteCategory,
  rewriteIdentityType,
  rewriteService,
} from './value-rewrites.js';

/**
 * What each typed value asks of a field's values, decided once for every engine: SQLite
 * (compiler.ts), the JavaScript predicate and the Athena / Security Lake / DuckDB emitters
 * (dialects/) all render these conditions, so a value means the same wherever it is asked.
 */
export type ValueCond =
  /** equal, ASCII case-insensitively */
  | { eq: string }
  /** SQL LIKE with `\` escapes, ASCII case-insensitive */
  | { like: string }
  /** the value's IP matching form (field-norm.ts `ipMatchForm`) equals `ipForm`; `address` as typed */
  | { ipForm: string; address: string }
  /** inside a CIDR range (IPv4-mapped IPv6 addresses match IPv4 ranges) */
  | { cidr: string };

/** How one typed value is read: literally, as a pattern, or with the field's shorthands. */
export type ValueMode = 'literal' | 'pattern' | 'plain';
export const valueMode = (v: TermValue): ValueMode =>
  v.literal ? 'literal' : v.wildcard ? 'pattern' : 'plain';

/** Escape LIKE metacharacters; unquoted `*` becomes `%` when the value is a pattern. */
export function likeBody(v: TermValue | string, wildcard?: boolean): string {
  const text = typeof v === 'string' ? v : v.text;
  const wild = typeof v === 'string' ? !!wildcard : v.wildcard;
  const escaped = text.replace(/[\\%_]/g, (c) => '\\' + c);
  return wild ? escaped.replace(/\*/g, '%') : escaped;
}

/** Conditions for one value of a dict field (see `valueMode`). */
export function dictConds(
  f: FieldDef & { target: { type: 'dict' } },
  v: TermValue,
  exact: boolean,
): ValueCond[] {
  const t = f.target;
  const mode = valueMode(v);
  if (mode === 'pattern') return [{ like: likeBody(v) }];
  if (mode === 'literal') {
    // a quoted ua:/message: value is a phrase found anywhere; `:=` asks for the whole value
    return t.match === 'contains' && !exact
      ? [{ like: '%' + likeBody(v) + '%' }]
      : [{ eq: v.text }];
  }
  let text = v.text;
  if (t.rewrite === 'category' || t.rewrite === 'identityType') {
    const [known, aliases] =
      t.rewrite === 'category'
        ? [CATEGORIES, CATEGORY_ALIASES]
        : [IDENTITY_TYPES, IDENTITY_TYPE_ALIASES];
    const meant = likelyTypo(text, known, aliases);
    if (meant)
      throw new FilterError(
        `unknown ${f.name} "${text}" — did you mean "${meant}"? (${known.join(', ')})`,
        v.pos,
        v.len,
        `${f.name}:${meant}`,
      );
  }
  if (t.rewrite === 'service') text = rewriteService(text, false);
  if (t.rewrite === 'category') text = rewriteCategory(text);
  if (t.rewrite === 'identityType') text = rewriteIdentityType(text);
  if (t.rewrite === 'role' && !/^arn:/i.test(text)) return [{ like: 'arn:%/' + likeBody(text) }];
  if (t.match === 'contains') return [{ like: '%' + likeBody(text) + '%' }];
  return [{ eq: text }];
}

/** A free-text value (notes): substring unless written `:=`, a pattern with `*`. */
export function textConds(v: TermValue, exact: boolean): ValueCond[] {
  const mode = valueMode(v);
  if (mode === 'pattern') return [{ like: likeBody(v) }];
  return exact ? [{ eq: v.text }] : [{ like: '%' + likeBody(v) + '%' }];
}

/** `verified:` values: yes / no / unknown (true and false read as yes and no). */
export function verifiedValue(v: TermValue): 'yes' | 'no' | 'unknown' {
  const t = v.text.toLowerCase();
  if (t === 'yes' || t === 'true' || t === 'y') return 'yes';
  if (t === 'no' || t === 'false' || t === 'n') return 'no';
  if (t === 'unknown' || t === '?') return 'unknown';
  throw new FilterError(
    `verified: expected yes, no or unknown, not "${v.text}"`,
    v.pos,
    v.len,
    'verified:yes',
  );
}

/**
 * `caveat:` values: a caveat's name (domain/caveats.ts), case-insensitive, or a pattern over the
 * names (`caveat:un*`). A value naming none is an error that suggests the nearest name.
 */
export function caveatValues(v: TermValue): Caveat[] {
  if (v.wildcard) {
    // spelt as names are looked up: any case, `_` and `-` ignored
    const m = likeMatcher(likeBody({ ...v, text: v.text.replace(/[_-]/g, '') }));
    const hits = CAVEATS.filter((c) => m(c.name));
    if (hits.length) return hits;
  } else {
    const c = caveatNamed(v.text);
    if (c) return [c];
  }
  throw new FilterError(
    `caveat: expected ${CAVEATS.map((x) => x.name).join(', ')}, not "${v.text}"`,
    v.pos,
    v.len,
    `caveat:${nearestCaveat(v.text)}`,
  );
}

/** The caveat name closest to what was typed: the longest shared prefix, then the fewest edits. */
function nearestCaveat(text: string): string {
  const t = text.toLowerCase().replace(/[*_-]/g, '');
  const score = (name: string): [number, number] => {
    const n = name.toLowerCase();
    let p = 0;
    while (p < t.length && p < n.length && t[p] === n[p]) p++;
    return [p, editDistance(t, n)];
  };
  let best = CAVEATS[0].name;
  let [bp, bd] = score(best);
  for (const c of CAVEATS.slice(1)) {
    const [p, d] = score(c.name);
    if (p > bp || (p === bp && d < bd)) [best, bp, bd] = [c.name, p, d];
  }
  return best;
}

/** Conditions that select the values themselves, no shorthands (session, who). */
export function plainConds(values: readonly TermValue[]): ValueCond[] {
  return values.map((v): ValueCond =>
    valueMode(v) === 'pattern' ? { like: likeBody(v) } : { eq: v.text },
  );
}

/** The condition of one `ip:` value: a pattern, a CIDR range (plain `a/n`), an address, or a name. */
export function ipCond(v: TermValue): ValueCond {
  const mode = valueMode(v);
  if (mode === 'pattern') return { like: likeBody(v) };
  if (mode === 'plain' && v.text.includes('/')) {
    if (!parseCidr(v.text))
      throw new FilterError(
        `"${v.text}" is not a valid CIDR range (e.g. 10.0.0.0/8, 2001:db8::/32)`,
        v.pos,
        v.len,
      );
    return { cidr: v.text };
  }
  // four dotted numbers are meant as an address: 300.1.1.1 is a typo, not a service name
  if (mode === 'plain' && /^\d+\.\d+\.\d+\.\d+$/.test(v.text) && !parseIp(v.text)) {
    throw new FilterError(
      `"${v.text}" is not a valid IPv4 address (each part 0-255)`,
      v.pos,
      v.len,
    );
  }
  // not an address (a service name, "AWS Internal"): its form is its case-folded text
  return parseIp(v.text) ? { ipForm: ipMatchForm(v.text), address: v.text } : { eq: v.text };
}

/** Conditions of one `resource:` / `resourceType:` value. */
export function resourceConds(part: 'name' | 'type', v: TermValue): ValueCond[] {
  const mode = valueMode(v);
  if (mode === 'pattern') return [{ like: likeBody(v) }];
  const out: ValueCond[] = [{ eq: v.text }];
  // a bare (unquoted) name also finds the resource by its ARN (arn:aws:s3:::bucket, .../role/Name)
  if (mode === 'plain' && part === 'name' && !/^arn:/i.test(v.text))
    out.push({ like: 'arn:%:' + likeBody(v) }, { like: 'arn:%/' + likeBody(v) });
  return out;
}
