/** Time helpers shared by ingest, query and views. All instants are UTC epoch milliseconds. */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Epoch ms of a calendar date and time, or null when any part is impossible (`2024-02-30`, month
 * 13, hour 24 or 25, minute or second 60): `Date` would silently roll those over to another
 * instant, and a time that moved is worse than a time flagged as unparsed.
 */
export function utcInstant(
  y: number,
  mo: number,
  d: number,
  h = 0,
  mi = 0,
  s = 0,
  ms = 0,
): number | null {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (h > 23 || mi > 59 || s > 59 || ms > 999) return null;
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC reads years 0-99 as 1900-1999
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

/** A zone suffix (`Z`, `+02:00`, `-0530`) as milliseconds to subtract, or null when out of range. */
export function zoneOffsetMs(zone: string | undefined): number | null {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  const off = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return m[1] === '+' ? off : -off;
}

/** The digit at `i` (0-9), or -1. */
function digit(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** `n` digits from `i` as a number, or -1 when any is not a digit. */
function digits(t: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(t, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `YYYY-MM-DD`, `T` or a space, `HH:MM`, optional `:SS` and fraction, optional zone (none: UTC, as
 * CloudTrail Lake and some exports write it). Read by hand: this runs once per event, and a
 * capturing regex plus `Date.parse` cost three times as much.
 */
function isoInstant(t: string): number | null {
  if (t.length < 16 || t[4] !== '-' || t[7] !== '-' || t[13] !== ':') return null;
  const sep = t[10];
  if (sep !== 'T' && sep !== 't' && sep !== ' ') return null;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return null;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (t[i] === ':') {
    sec = digits(t, i + 1, 2);
    if (sec < 0) return null;
    i += 3;
    if (t[i] === '.') {
      i++;
      const from = i;
      // milliseconds from the first three digits; finer digits are dropped, as Date.parse does
      for (; digit(t, i) >= 0; i++) if (i - from < 3) ms = ms * 10 + digit(t, i);
      if (i === from) return null;
      for (let k = Math.min(i - from, 3); k < 3; k++) ms *= 10;
    }
  }
  let off = 0;
  if (i < t.length) {
    const z = zoneOffsetMs(t.slice(i));
    if (z === null) return null;
    off = z;
  }
  const local = utcInstant(y, mo, d, h, mi, sec, ms);
  return local === null ? null : local - off;
}

/**
 * Parse a CloudTrail eventTime: `2024-04-11T12:34:56Z`, with fractional seconds, with an offset,
 * or `YYYY-MM-DD HH:MM:SS` (taken as UTC), or an epoch in seconds or milliseconds. Returns null for
 * anything else, impossible dates and times included: never guess local time, never roll over.
 */
export function parseEventTime(s: string): number | null {
  const t = s.trim();
  if (t[4] === '-') return isoInstant(t);
  if (/^\d{10}(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (/^\d{13}$/.test(t)) return Number(t);
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Does a loosely parsed instant still show the calendar date its text names? `Date.parse` rolls
 * `Feb 30, 2024` over to March 1 like any other date; a date it moved is refused.
 */
function sameDateAsWritten(text: string, ms: number): boolean {
  const d = new Date(ms);
  const named = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b/i.exec(
    text,
  );
  if (named)
    return (
      d.getUTCMonth() === MONTHS.indexOf(named[1].toLowerCase()) &&
      d.getUTCDate() === Number(named[2])
    );
  const numeric = /\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b/.exec(text);
  if (numeric)
    return Number(numeric[2]) === d.getUTCMonth() + 1 && Number(numeric[3]) === d.getUTCDate();
  return true;
}

/**
 * Looser parse for values such as STS `expiration` ("Apr 11, 2024, 1:34:56 PM"), which CloudTrail
 * writes in UTC without saying so. Impossible dates are refused here too (null).
 */
export function parseLooseTime(s: string): number | null {
  const strict = parseEventTime(s);
  if (strict !== null) return strict;
  // an ISO-shaped text the strict parse refused is an impossible date, not a loose format
  if (/^\s*\d{4}-\d{2}-\d{2}[T ]\d/i.test(s)) return null;
  const hasZone = /(Z|UTC|GMT|[+-]\d{2}:?\d{2})\s*$/i.test(s.trim());
  const ms = Date.parse(hasZone ? s : `${s} UTC`);
  return Number.isFinite(ms) && sameDateAsWritten(s, ms) ? ms : null;
}

/**
 * How a time is shown. Every time trailscope prints (TUI, CLI text and JSON, report) goes through
 * `formatTime` with one of these, so the same instant reads the same everywhere:
 *
 * | style          | example                |  for
 * |----------------|------------------------|-----------------------------------------------
 * | `iso`          | `2026-03-12T23:58:14Z` | JSON, filter terms, anything read back
 * | `table`        | `2026-03-12 23:58:14`  | tables and lists where the column says UTC
 * | `short`        | `03-12 23:58:14`       | narrow tables (the year is in the header)
 * | `minute`       | `2026-03-12 23:58`     | windows, spans, keys' first/last use
 * | `short-minute` | `03-12 23:58`          | axis labels across days
 * | `clock`        | `23:58:14`             | times within one known day
 * | `clock-minute` | `23:58`                | axis labels within a day
 * | `date`         | `2026-03-12`           | days
 * | `stamp`        | `20260312-235814Z`     | file names (no `:`, sorts by time)
 */
export type TimeStyle =
  | 'iso'
  | 'table'
  | 'short'
  | 'minute'
  | 'short-minute'
  | 'clock'
  | 'clock-minute'
  | 'date'
  | 'stamp';

export interface TimeFormatOptions {
  /** Append `Z` to a style that has no zone of its own (`iso` and `stamp` always have it). */
  zone?: boolean;
  /**
   * Drop the seconds when they are `:00` (`2026-03-12T02:14Z`): the shortest text that still
   * names the instant exactly, for filter terms and labels at minute boundaries.
   */
  trimZeroSeconds?: boolean;
}

/** What a time that is not one (NaN, ±Infinity, beyond `Date`'s range) is shown as. */
export const NO_TIME = '-';

/** The largest |ms| a `Date` holds (±100,000,000 days from the epoch). */
const MAX_DATE_MS = 8.64e15;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Four digits for years 0–9999 (`0999`); the ISO extended form (`-000001`, `+010000`) outside. */
function yearText(y: number): string {
  if (y >= 0 && y <= 9999) return String(y).padStart(4, '0');
  return (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
}

/**
 * An instant (UTC epoch milliseconds) as text in one style. Milliseconds are dropped, never
 * rounded up: 23:59:59.999 is still that second of that day, as CloudTrail's second-precision
 * times are. A value that is not a time gives `NO_TIME`, never a throw or "Invalid Date".
 */
export function formatTime(
  ms: number,
  style: TimeStyle = 'iso',
  opts: TimeFormatOptions = {},
): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return NO_TIME;
  const d = new Date(Math.floor(ms / 1000) * 1000);
  if (Number.isNaN(d.getTime())) return NO_TIME;
  const date = `${yearText(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  const sec = d.getUTCSeconds();
  const hms = opts.trimZeroSeconds && sec === 0 ? hm : `${hm}:${pad2(sec)}`;
  const z = opts.zone ? 'Z' : '';
  switch (style) {
    case 'iso':
      return `${date}T${hms}Z`;
    case 'table':
      return `${date} ${hms}${z}`;
    case 'short':
      return `${date.slice(-5)} ${hms}${z}`;
    case 'minute':
      return `${date} ${hm}${z}`;
    case 'short-minute':
      return `${date.slice(-5)} ${hm}${z}`;
    case 'clock':
      return `${hms}${z}`;
    case 'clock-minute':
      return `${hm}${z}`;
    case 'date':
      return date;
    case 'stamp':
      return `${date.replaceAll('-', '')}-${hms.replaceAll(':', '')}Z`;
  }
}

/**
 * A span, `from → to`, the end written without the date it shares with the start
 * (`2026-03-12 02:14 → 02:18`, `2026-03-10 00:00 → 03-12 23:58`). For `table` and `minute`, the
 * styles whose date can be shared; a bound that is not a time shows as `NO_TIME`.
 */
export function formatTimeRange(
  fromMs: number,
  toMs: number,
  style: 'table' | 'minute' = 'minute',
  opts: TimeFormatOptions = {},
): string {
  const a = formatTime(fromMs, style, opts);
  const b = formatTime(toMs, style, opts);
  if (a === NO_TIME || b === NO_TIME) return `${a} → ${b}`;
  const [dateA, dateB] = [a.slice(0, a.indexOf(' ')), b.slice(0, b.indexOf(' '))];
  const timeB = b.slice(dateB.length + 1);
  if (dateA === dateB) return `${a} → ${timeB}`;
  // same year: month and day are enough (years are four digits here, `YYYY-`)
  if (dateA.slice(0, -6) === dateB.slice(0, -6)) return `${a} → ${dateB.slice(-5)} ${timeB}`;
  return `${a} → ${b}`;
}
