import { canonicalIp } from '../util/cidr.js';

/**
 * The normal forms values are compared in, written once and used by the SQL functions
 * (store/sql-functions.ts), the JavaScript predicate (query/predicate.ts) and facets, so a value
 * counted by a facet is the value a filter selects.
 */

/**
 * Case folding of ASCII letters only: SQLite's NOCASE and LIKE fold exactly these, so `User:Bob`
 * matches `bob` but `É` and `é` stay different, in SQL and in JavaScript alike.
 */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

/** A source IP's matching form: the canonical address, or for a service name its ASCII lower case. */
export function ipMatchForm(s: string): string {
  return canonicalIp(s) ?? asciiLower(s);
}

const ASSUMED_ROLE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:assumed-role\/[^/]*\/(.+)$/s;
const FEDERATED_USER = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:federated-user\/(.+)$/s;

/**
 * The role session name (`arn:…:assumed-role/Role/SESSION`) or federated user name
 * (`arn:…:federated-user/NAME`) in a caller ARN; null for every other ARN (IAM users, root,
 * services): those events have no session.
 */
export function sessionOfArn(arn: string | null): string | null {
  if (!arn) return null;
  const m = ASSUMED_ROLE.exec(arn) ?? FEDERATED_USER.exec(arn);
  return m && m[1] !== '' ? m[1] : null;
}

/** Made by an AWS service: identity type AWSService (ASCII case-insensitive), or invokedBy set. */
export function isServiceCaller(identityType: string | null, invokedBy: string | null): boolean {
  return invokedBy !== null || (identityType !== null && asciiLower(identityType) === 'awsservice');
}

/** The identity label of the `who` field, column and facet. */
export function identityOf(
  arn: string | null,
  invokedBy: string | null,
  principalId: string | null,
): string | null {
  return arn ?? invokedBy ?? principalId ?? null;
}

/**
 * SQL LIKE (with `\` as the escape) as a JavaScript test: `%` any run, `_` one character, ASCII
 * letters case-insensitive, everything else compared as is.
 */
export function likeMatcher(pattern: string): (value: string) => boolean {
  const rx = new RegExp(`^${likeRegexBody(asciiLower(pattern), '[^]')}$`, 'u');
  return (value) => rx.test(asciiLower(value));
}

/**
 * The regular expression of a LIKE pattern (`\\` escapes), unanchored; `any` is the engine's
 * "one character, newlines included" (`[^]` in JavaScript, `.` under Java's `(?s)`).
 */
export function likeRegexBody(pattern: string, any: string): string {
  const chars = [...pattern];
  let re = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length) re += escapeRe(chars[++i]);
    else if (c === '%') re += `${any}*`;
    else if (c === '_') re += any;
    else re += escapeRe(c);
  }
  return re;
}

/** Escapes allowed under JavaScript's `u` flag and by Java: the syntax characters only. */
function escapeRe(c: string): string {
  return /^[\\^$.*+?()[\]{}|/]$/.test(c) ? '\\' + c : c;
}
