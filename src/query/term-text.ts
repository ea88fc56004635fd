import { lookupField, type FieldDef } from './fields.js';
import { canonicalIp } from '../util/cidr.js';
import { hasUnsafeChars } from '../util/safe-text.js';

/** Characters that end or change an unquoted value; a leading `=` would read as the `:=` operator. */
const NEEDS_QUOTES = /[\s(),"*\\]|^$|^=/;

/** A value as filter text: bare when safe, else double-quoted (quoted values are taken literally). */
export function quoteValue(value: string): string {
  // a character a terminal shows as an escape goes in quotes, where the escape reads back as it
  if (!NEEDS_QUOTES.test(value) && !hasUnsafeChars(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

const quoted = (value: string): string => `"${value.replace(/[\\"]/g, (c) => '\\' + c)}"`;

/**
 * How a value must be written for the field to match it whole and literally: bare when the field
 * reads a bare value as written, quoted when a bare value could be a shorthand (`src:s3`,
 * `role:Name`, a CIDR range, a type alias), and `:=` for fields whose plain values are substrings.
 */
function exactValue(def: FieldDef, value: string): { op: ':' | ':='; text: string } {
  const t = def.target;
  if ((t.type === 'dict' && t.match === 'contains') || (t.type === 'caseData' && t.data === 'note'))
    return { op: ':=', text: quoteValue(value) };
  if (t.type === 'bool' || t.type === 'serviceCaller')
    return {
      op: ':',
      text:
        value === '1' || value === 'true'
          ? 'true'
          : value === '0' || value === 'false'
            ? 'false'
            : quoted(value),
    };
  const shorthand =
    (t.type === 'dict' && (t.rewrite === 'category' || t.rewrite === 'identityType')) ||
    (t.type === 'dict' && t.rewrite === 'service' && !value.includes('.')) ||
    (t.type === 'dict' && t.rewrite === 'role' && !/^arn:/i.test(value)) ||
    (t.type === 'resource' && t.part === 'name' && !/^arn:/i.test(value)) ||
    // a plain ip: value is read as an address, a range or a service name; anything else is quoted
    (t.type === 'ip' && canonicalIp(value) === null);
  return { op: ':', text: shorthand ? quoted(value) : quoteValue(value) };
}

/**
 * Filter text matching exactly this value of the field and nothing else (`name:StopLogging`,
 * `ua:="aws-cli/2 (x)"`, `ip:"a/b"`), `-field:value` to exclude it; a null value means "missing"
 * (`field:""`). Pivots, facets, fuzzy picks and printed filters are built with this, so evidence
 * text can never inject filter syntax and what is printed can be pasted back.
 */
export function termText(
  field: FieldDef | string,
  value: string | number | null,
  opts: { negate?: boolean } = {},
): string {
  const def = typeof field === 'string' ? lookupField(field) : field;
  if (!def) throw new Error(`unknown filter field ${field}`);
  const neg = opts.negate ? '-' : '';
  if (value === null) return `${neg}${def.name}:""`;
  const { op, text } = exactValue(def, String(value));
  return `${neg}${def.name}${op}${text}`;
}

/** AND a term onto an existing filter, parenthesising the filter when it has a top-level OR. */
export function addTerm(filter: string, term: string): string {
  const f = filter.trim();
  if (f === '') return term;
  return /\bOR\b|\|/.test(f) ? `(${f}) ${term}` : `${f} ${term}`;
}
