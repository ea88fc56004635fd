import type { EventRow } from '../../store/event-row.js';
import { whoLabel } from '../../domain/identity.js';
import { formatTime } from '../../domain/time.js';
import { termText } from '../../query/index.js';
import { pickColumns, shareSpare, usedWidth, type FitColumn } from '../kit/column-fit.js';

/**
 * Event table columns as data. Features add columns or change one (the notable marker, the key's
 * origin) through their declaration (shell/registry.ts); `c` lets the user choose, order and
 * narrow them. Values are raw evidence: the table makes them safe and fits them.
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
  /** How a value too long for the column is cut: at the end (default) or in the middle. */
  cut?: 'end' | 'middle';
  /** The filter field and value this column's cell stands for (`y` copies it as a filter term). */
  field?: string;
  /**
   * The column's narrow form: `width` columns of `value` cut in the middle, so both ends of an
   * identifier stay visible (`ASIA…ZDID`). The column comes in narrow at its `priority` and takes
   * its full width at `widenPriority` (after the columns ranked in between), where that fits.
   */
  narrow?: { width: number; title: string; widenPriority: number; value(row: EventRow): string };
}

export const BASE_COLUMNS: readonly EventColumn[] = [
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
      return formatTime(r.time_ms, wide ? 'table' : 'short');
    },
  },
  {
    id: 'name',
    field: 'name',
    title: 'event',
    // 14: with an uncut IPv4 source (15), 80 columns still show service and the narrowed key
    width: 14,
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
    // 15: the longest IPv4 address, never cut; IPv6 is cut in the middle
    width: 15,
    cut: 'middle',
    field: 'ip',
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
    id: 'key',
    title: 'access key',
    width: 20,
    cut: 'middle',
    field: 'key',
    // The key is what a responder pivots on: kept before service, region, error and account, in
    // its narrow form until region has its column (80 columns show the narrow key, 100 the narrow
    // key and region). 9 columns keep the head that tells AKIA (long-term) from ASIA (temporary)
    // and a 4-character tail that tells keys apart.
    priority: 4.5,
    narrow: { width: 9, title: 'key', widenPriority: 6.5, value: (r) => r.access_key_id ?? '' },
    default: true,
    value: (r) => r.access_key_id ?? '',
  },
  {
    id: 'region',
    field: 'region',
    title: 'region',
    // whole codes (ap-southeast-2, us-gov-west-1) once every default column has its place; cut
    // to 9 before that, as the layouts up to 120 columns have always shown it
    width: 14,
    priority: 6,
    narrow: { width: 9, title: 'region', widenPriority: 100, value: (r) => r.aws_region ?? '' },
    default: true,
    value: (r) => r.aws_region ?? '',
  },
  {
    id: 'error',
    field: 'error',
    title: 'error',
    width: 14,
    priority: 7,
    default: true,
    value: (r) => r.error_code ?? '',
  },
  {
    id: 'account',
    field: 'account',
    title: 'account',
    width: 12,
    priority: 8,
    default: true,
    value: (r) => r.account_id ?? '',
  },
  {
    id: 'ua',
    field: 'ua',
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
    field: 'arn',
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
    cut: 'middle',
    field: 'id',
    priority: 16,
    default: false,
    value: (r) => r.event_id,
  },
];

export interface LaidOutColumn {
  col: EventColumn;
  width: number;
  /** Drawn in the column's narrow form (it got less than its width). */
  narrow: boolean;
}

/** What the user chose with `c` and the sideways scroll: shared by every event list. */
export interface ColumnChoice {
  columns: readonly string[] | null;
  widths?: Readonly<Record<string, number>>;
  /** Columns scrolled off on the left (the flag column always stays). */
  scroll?: number;
}

/**
 * Columns that fit `width` (one separator between columns), extra space shared by flexible ones.
 * Chosen columns keep the chosen order; narrowed ones their chosen width; `scroll` hides that
 * many columns on the left so the ones past the right edge come into view (as k9s does).
 */
export function layoutColumns(
  all: readonly EventColumn[],
  choice: ColumnChoice | readonly string[] | null,
  width: number,
): LaidOutColumn[] {
  const c: ColumnChoice =
    choice === null || Array.isArray(choice)
      ? { columns: choice as readonly string[] | null }
      : (choice as ColumnChoice);
  const natural = new Map(all.map((x) => [x.id, x.width]));
  const widthOf = (col: EventColumn): EventColumn & FitColumn => {
    const w = c.widths?.[col.id];
    const fit = {
      ...col,
      narrowWidth: col.narrow?.width,
      widenPriority: col.narrow?.widenPriority,
    };
    return w ? { ...fit, width: Math.max(2, w), flex: false } : fit;
  };
  let pool = (
    c.columns
      ? c.columns.map((id) => all.find((x) => x.id === id)).filter((x): x is EventColumn => !!x)
      : all.filter((x) => x.default)
  ).map(widthOf);
  const scroll = Math.max(0, Math.min(c.scroll ?? 0, pool.length - 2));
  if (scroll) {
    const flag = pool.filter((x) => x.id === 'flag');
    pool = [...flag, ...pool.filter((x) => x.id !== 'flag').slice(scroll)];
  }
  // scrolled: the columns in order, as many as fit; else the most important ones that fit
  const { cols: ordered, widths } = pickColumns(pool, width, scroll ? 'order' : 'priority');
  let spare = width - usedWidth(ordered, widths);
  const time = ordered.find((x) => x.id === 'time');
  if (time && !c.widths?.time && spare >= 6) {
    // the full date when there is room for it
    widths.set(time, 19);
    spare -= 5;
  }
  shareSpare(ordered, widths, spare, true);
  return ordered.map((x) => {
    const w = widths.get(x)!;
    return { col: x, width: w, narrow: !!x.narrow && w < natural.get(x.id)! };
  });
}

/** The default columns' ids that fit (the chooser starts from them). */
export function shownColumnIds(
  all: readonly EventColumn[],
  choice: ColumnChoice,
  width: number,
): string[] {
  return layoutColumns(all, choice, width).map((l) => l.col.id);
}

/**
 * The selected row's most specific value as a filter term that round-trips (`y` copies it): the
 * access key, else the event ID.
 */
export function rowValue(row: EventRow): { text: string; label: string } {
  if (row.access_key_id) return { text: termText('key', row.access_key_id), label: 'access key' };
  return { text: termText('id', row.event_id), label: 'event ID' };
}
