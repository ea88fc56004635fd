/** Time helpers shared by ingest, query and views. All instants are UTC epoch milliseconds. */

const SPACE_FORM = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
const ISO_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parse a CloudTrail eventTime: `2024-04-11T12:34:56Z`, with fractional seconds, with an offset,
 * or `YYYY-MM-DD HH:MM:SS` (taken as UTC). Returns null for anything else: never guess local time.
 */
export function parseEventTime(s: string): number | null {
  const t = s.trim();
  if (ISO_FORM.test(t)) {
    const ms = Date.parse(t);
    return Number.isFinite(ms) ? ms : null;
  }
  const m = SPACE_FORM.exec(t);
  if (m) {
    const ms = Date.parse(`${m[1]}T${m[2]}Z`);
    return Number.isFinite(ms) ? ms : null;
  }
  if (/^\d{10}(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (/^\d{13}$/.test(t)) return Number(t);
  return null;
}

/**
 * Looser parse for values such as STS `expiration` ("Apr 11, 2024, 1:34:56 PM"), which CloudTrail
 * writes in UTC without saying so.
 */
export function parseLooseTime(s: string): number | null {
  const strict = parseEventTime(s);
  if (strict !== null) return strict;
  const hasZone = /(Z|UTC|GMT|[+-]\d{2}:?\d{2})\s*$/i.test(s.trim());
  const ms = Date.parse(hasZone ? s : `${s} UTC`);
  return Number.isFinite(ms) ? ms : null;
}

/** `2024-04-11T12:34:56Z` (seconds precision, UTC). */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
