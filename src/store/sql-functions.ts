import type { Database } from 'better-sqlite3';
import { ipInCidr, parseCidr, type Cidr } from '../util/cidr.js';

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
  db.function('ts_in_cidr', { deterministic: true, varargs: false }, (ip: unknown, cidr: unknown) => {
    if (typeof ip !== 'string' || typeof cidr !== 'string') return 0;
    const range = cidrOf(cidr);
    return range && ipInCidr(ip, range) ? 1 : 0;
  });
}
