import type { EventRow } from '../store/event-row.js';
import { whoLabel } from '../domain/identity.js';
import { formatUtc } from '../domain/time.js';

/**
 * Event table columns as data. Another part adds one with `registerColumn` (the notable marker);
 * `c` lets the user choose. Values are raw evidence: the table makes them safe and fits them.
 */
export interface EventColumn {
  id: string;
  title: string;
  /** Minimum width; flexible columns share what is left. */
  width: number;
  flex?: boolean;
  /** Lower = kept first when the screen is narrow. */
  priority: number;
  /** Shown by default (when it fits). */
  default: boolean;
  value(row: EventRow, wide: boolean): string;
}

const columns: EventColumn[] = [
  {
    // marked (`*`, filled in by the table) and failed (`!`): characters, not just colours (NO_COLOR)
    id: 'flag',
    title: '  ',
    width: 2,
    priority: 0,
    default: true,
    value: (r) => (r.error_code ? ' !' : '  '),
  },
  {
    id: 'time',
    title: 'time (UTC)',
    width: 14,
    priority: 1,
    default: true,
    value: (r, wide) => {
      if (!r.time_ms) return r.event_time ?? '?';
      const t = formatUtc(r.time_ms).replace('T', ' ').replace('Z', '');
      return wide ? t : t.slice(5);
    },
  },
  {
    id: 'name',
    title: 'event',
    width: 16,
    flex: true,
    priority: 2,
    default: true,
    value: (r) => r.event_name ?? '',
  },
  {
    id: 'who',
    title: 'who',
    width: 12,
    flex: true,
    priority: 3,
    default: true,
    value: (r) => whoLabel(r),
  },
  {
    id: 'ip',
    title: 'source IP',
    width: 13,
    priority: 4,
    default: true,
    value: (r) => r.source_ip ?? '',
  },
  {
    id: 'service',
    title: 'service',
    width: 7,
    priority: 5,
    default: true,
    value: (r) => (r.event_source ?? '').replace(/\.amazonaws\.com$/, ''),
  },
  {
    id: 'region',
    title: 'region',
    width: 9,
    priority: 6,
    default: true,
    value: (r) => r.aws_region ?? '',
  },
  {
    id: 'error',
    title: 'error',
    width: 14,
    priority: 7,
    default: true,
    value: (r) => r.error_code ?? '',
  },
  {
    id: 'account',
    title: 'account',
    width: 12,
    priority: 8,
    default: true,
    value: (r) => r.account_id ?? '',
  },
  {
    id: 'key',
    title: 'access key',
    width: 20,
    priority: 9,
    default: true,
    value: (r) => r.access_key_id ?? '',
  },
  {
    id: 'ua',
    title: 'user agent',
    width: 16,
    flex: true,
    priority: 10,
    default: true,
    value: (r) => r.user_agent ?? '',
  },
  {
    id: 'type',
    title: 'identity type',
    width: 12,
    priority: 11,
    default: false,
    value: (r) => r.identity_type ?? '',
  },
  {
    id: 'arn',
    title: 'ARN',
    width: 24,
    flex: true,
    priority: 12,
    default: false,
    value: (r) => r.arn ?? '',
  },
  {
    id: 'recipient',
    title: 'recipient',
    width: 12,
    priority: 13,
    default: false,
    value: (r) => r.recipient_account_id ?? '',
  },
  {
    id: 'category',
    title: 'category',
    width: 10,
    priority: 14,
    default: false,
    value: (r) => r.category ?? '',
  },
  {
    id: 'readonly',
    title: 'ro',
    width: 2,
    priority: 15,
    default: false,
    value: (r) => (r.read_only === 1 ? 'r' : r.read_only === 0 ? 'w' : ''),
  },
  {
    id: 'eventid',
    title: 'event ID',
    width: 36,
    priority: 16,
    default: false,
    value: (r) => r.event_id,
  },
];

export function registerColumn(col: EventColumn): void {
  const i = columns.findIndex((c) => c.id === col.id);
  if (i >= 0) columns[i] = col;
  else columns.push(col);
}

export function allColumns(): readonly EventColumn[] {
  return columns;
}

export interface LaidOutColumn {
  col: EventColumn;
  width: number;
}

/** Columns that fit `width` (one separator between columns), extra space shared by flexible ones. */
export function layoutColumns(chosen: readonly string[] | null, width: number): LaidOutColumn[] {
  const pool = chosen
    ? chosen.map((id) => columns.find((c) => c.id === id)).filter((c): c is EventColumn => !!c)
    : columns.filter((c) => c.default);
  const byPriority = [...pool].sort((a, b) => a.priority - b.priority);
  const kept: EventColumn[] = [];
  let used = 0;
  for (const c of byPriority) {
    const need = c.width + (kept.length ? 1 : 0);
    if (used + need > width) continue;
    kept.push(c);
    used += need;
  }
  // show them in the chosen (or natural) order
  const ordered = pool.filter((c) => kept.includes(c));
  const flex = ordered.filter((c) => c.flex);
  let spare = width - used;
  const widths = new Map(ordered.map((c) => [c.id, c.width]));
  if (ordered.some((c) => c.id === 'time') && spare >= 6) {
    widths.set('time', 19 + 0);
    spare -= 5;
  }
  if (flex.length) {
    const each = Math.floor(spare / flex.length);
    flex.forEach((c, i) =>
      widths.set(c.id, widths.get(c.id)! + each + (i === 0 ? spare - each * flex.length : 0)),
    );
  } else if (ordered.length) {
    const last = ordered[ordered.length - 1]!;
    widths.set(last.id, widths.get(last.id)! + spare);
  }
  return ordered.map((c) => ({ col: c, width: widths.get(c.id)! }));
}
