import { lookupField, type FieldDef } from './fields.js';

/** Characters that end or change an unquoted value. */
const NEEDS_QUOTES = /[\s(),"*\\]|^$/;

/** A value as filter text: bare when safe, else double-quoted (quoted values take `*` literally). */
export function quoteValue(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

/**
 * Filter text matching exactly this value of the field (`name:StopLogging`, `ua:"aws-cli/2 (x)"`),
 * `-field:value` to exclude it; a null value means "missing" (`field:""`). The TUI builds terms with
 * this so evidence text can never inject filter syntax.
 */
export function termText(field: FieldDef | string, value: string | null, opts: { negate?: boolean } = {}): string {
  const def = typeof field === 'string' ? lookupField(field) : field;
  if (!def) throw new Error(`unknown filter field ${field}`);
  const v = value === null ? '""' : quoteValue(value);
  return `${opts.negate ? '-' : ''}${def.name}:${v}`;
}

/** AND a term onto an existing filter, parenthesising the filter when it has a top-level OR. */
export function addTerm(filter: string, term: string): string {
  const f = filter.trim();
  if (f === '') return term;
  return /\bOR\b|\|/.test(f) ? `(${f}) ${term}` : `${f} ${term}`;
}
