/** Time values in filters: absolute UTC instants with their precision, and relative durations. */
import { utcInstant, zoneOffsetMs } from '../domain/time.js';

export interface TimeSpan {
  /** First instant covered (epoch ms). */
  start: number;
  /** First instant after the span: a day for a date, an hour for `T13`, a minute for `T13:05`... */
  end: number;
}

const ABS =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DURATION = /^(\d+(?:\.\d+)?)(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|wk|wks)$/i;

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * `2024-04-11`, `2024-04-11T13`, `2024-04-11T13:05Z`, `2024-04-11T13:05:09.5+02:00`, and an
 * epoch in seconds or milliseconds. No zone means UTC (CloudTrail's zone), never local time.
 */
export function parseTimeSpan(text: string): TimeSpan | null {
  const t = text.trim();
  if (/^\d{13}$/.test(t)) return { start: Number(t), end: Number(t) + 1 };
  if (/^\d{10}$/.test(t)) return { start: Number(t) * 1000, end: Number(t) * 1000 + 1000 };
  const m = ABS.exec(t);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, zone] = m;
  // impossible dates and times (2024-02-30, hour 24, second 60, zone +25:00) are errors, never rolled over
  const local = utcInstant(
    Number(y),
    Number(mo),
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((ms ?? '0').padEnd(3, '0')),
  );
  const off = zoneOffsetMs(zone);
  if (local === null || off === null) return null;
  const start = local - off;
  const step =
    ms !== undefined
      ? 1
      : s !== undefined
        ? 1000
        : mi !== undefined
          ? 60_000
          : h !== undefined
            ? 3_600_000
            : 86_400_000;
  return { start, end: start + step };
}

/** `90s`, `15m`, `2h`, `3d`, `1w` in milliseconds, or null. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * UNIT_MS[m[2][0].toLowerCase()];
}

/**
 * What a `since:` value counts back from: `2h` from the end of the evidence (the latest eventTime:
 * evidence is usually days old), `now-2h` from the clock (Kibana's and Grafana's spelling).
 */
export interface Lookback {
  ms: number;
  from: 'evidence' | 'now';
}

/** A `since:` duration, or null when the value is not one (a UTC time, or a mistake). */
export function parseLookback(text: string): Lookback | null {
  const now = /^now-(.+)$/i.exec(text.trim());
  const ms = parseDuration(now ? now[1] : text);
  return ms === null ? null : { ms, from: now ? 'now' : 'evidence' };
}
