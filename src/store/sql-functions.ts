import type { Database } from 'better-sqlite3';
import { ipInCidr, parseCidr, type Cidr } from '../util/cidr.js';
import { ipMatchForm, sessionOfArn } from '../query/field-norm.js';

/** Parsed ranges by text: a filter's range is parsed once, not once per distinct IP. */
const CIDR_CACHE_MAX = 256;
const cidrCache = new Map<string, Cidr | null>();

function cidrOf(text: string): Cidr | null {
  let c = cidrCache.get(text);
  if (c === undefined) {
    c = parseCidr(text);
    if (cidrCache.size >= CIDR_CACHE_MAX) cidrCache.clear();
    cidrCache.set(text, c);
  }
  return c;
}

/**
 * SQL functions the filter language compiles to (see query/compiler.ts). Registered on every
 * connection by openCaseFile.
 */
export function registerSqlFunctions(db: Database): void {
  // ts_in_cidr(ip, '10.0.0.0/8') -> 1 / 0; NULL-safe, never throws on hostile text
  db.function(
    'ts_in_cidr',
    { deterministic: true, varargs: false },
    (ip: unknown, cidr: unknown) => {
      if (typeof ip !== 'string' || typeof cidr !== 'string') return 0;
      const range = cidrOf(cidr);
      return range && ipInCidr(ip, range) ? 1 : 0;
    },
  );
  // ts_ip_form(ip) -> the value's matching form (query/field-norm.ts), so `ip:` and the IP facet
  // treat 035.249.253.232, 35.249.253.232 and ::ffff:35.249.253.232 as one address
  db.function('ts_ip_form', { deterministic: true, varargs: false }, (ip: unknown) =>
    typeof ip === 'string' ? ipMatchForm(ip) : null,
  );
  // ts_session(arn) -> the role session / federated user name in a caller ARN, else NULL
  db.function('ts_session', { deterministic: true, varargs: false }, (arn: unknown) =>
    typeof arn === 'string' ? sessionOfArn(arn) : null,
  );
}
