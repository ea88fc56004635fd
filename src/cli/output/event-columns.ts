import type { EventRow } from '../../store/event-row.js';
import { whoLabel } from '../../domain/identity.js';
import { eventCaveats } from '../../domain/caveats.js';
import { formatTime } from '../../domain/time.js';
import { fieldNames, lookupField } from '../../query/fields.js';
import { closest } from '../../query/suggest.js';
import { identityOf, sessionOfArn } from '../../query/field-norm.js';
import { UserError } from '../exit.js';
import type { TableColumn } from './table.js';

/** What a column may read beyond the row, fetched only when a column asks for it. */
export interface RowExtras {
  /** The event's resources, one per resource, in their normal form (store/resource-values.ts). */
  resources(): readonly { value: string; type: string | null }[];
  /** Whether another copy of the event differs from the stored one (the `differs` caveat). */
  differs?(): boolean;
}

/** A column of event output: a header, how to read it from a row, and how it may shrink. */
export interface EventColumn extends TableColumn {
  key: string;
  /** The raw value (not yet made safe for a terminal). */
  get(row: EventRow, extras: RowExtras): string;
}

/** Several values in one cell, as the console's CSV writes its resource columns. */
const joinValues = (values: readonly string[]): string => values.join(', ');

const FLAG_TIME_UNPARSED = 1;

export function timeText(row: Pick<EventRow, 'time_ms' | 'flags' | 'event_time'>): string {
  return row.flags & FLAG_TIME_UNPARSED ? (row.event_time ?? '') : formatTime(row.time_ms);
}

/** `iam.amazonaws.com` → `iam`: the table's service column. */
export function serviceText(source: string | null): string {
  return source ? source.replace(/\.amazonaws\.com$/, '') : '';
}

function plain(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

function boolText(v: number | null): string {
  return v === null || v === undefined ? '' : v ? 'true' : 'false';
}

/** Columns that are not a single filter field. */
const SPECIAL: Record<string, Omit<EventColumn, 'key'>> = {
  time: { header: 'time', get: timeText },
  who: { header: 'who', min: 8, flex: 3, get: (r) => whoLabel(r) },
  service: { header: 'service', min: 6, flex: 1, get: (r) => serviceText(r.event_source) },
};

const BOOL_COLUMNS = new Set(['read_only', 'mfa', 'console_session']);
const FLEX: Record<string, number> = {
  event_name: 2,
  arn: 3,
  user_agent: 3,
  error_message: 3,
  session_issuer_arn: 2,
  principal_id: 1,
  req_text: 3,
};

/** A column for a name given to `--fields` (`time`, `who`, `service`, or any filter field). */
export function eventColumn(name: string): EventColumn {
  const key = name.trim();
  const special = SPECIAL[key.toLowerCase()];
  if (special) return { key: key.toLowerCase(), ...special };
  const f = lookupField(key);
  // fields derived from the caller (session, who) read their value as the filter does
  if (f && f.target.type === 'session')
    return { key: f.name, header: f.name, flex: 1, min: 6, get: (r) => plain(sessionOfArn(r.arn)) };
  if (f && f.target.type === 'identity')
    return {
      key: f.name,
      header: f.name,
      flex: 3,
      min: 8,
      get: (r) => plain(identityOf(r.arn, r.invoked_by, r.principal_id)),
    };
  // multi-valued: one cell lists the event's resources
  if (f && f.target.type === 'resource') {
    const get =
      f.target.part === 'name'
        ? (_r: EventRow, x: RowExtras) => joinValues(x.resources().map((v) => v.value))
        : (_r: EventRow, x: RowExtras) =>
            joinValues([
              ...new Set(x.resources().flatMap((v) => (v.type === null ? [] : [v.type]))),
            ]);
    return { key: f.name, header: f.name, flex: 3, min: 8, get };
  }
  // multi-valued: the event's caveats, as `caveat:` names them
  if (f && f.target.type === 'caseData' && f.target.data === 'caveat')
    return {
      key: f.name,
      header: f.name,
      flex: 1,
      min: 6,
      get: (r: EventRow, x: RowExtras) =>
        joinValues(eventCaveats(r.flags, x.differs?.() ?? false).map((c) => c.name)),
    };
  if (!f || !f.column) {
    const suggestion = closest(key, ['time', 'who', 'service', ...fieldNames()]);
    throw new UserError(
      f
        ? `--fields: "${key}" has no single value to show`
        : `--fields: unknown field "${key}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
    );
  }
  const column = f.column;
  const flex = FLEX[column] ?? (column === 'error_code' ? 1 : 0);
  const get = BOOL_COLUMNS.has(column)
    ? (r: EventRow) => boolText(r[column] as number | null)
    : column === 'req_text'
      ? (r: EventRow) => plain(r.req_text).replace(/\n/g, ' ')
      : (r: EventRow) => plain(r[column] as string | number | null);
  const header = f.name === 'name' ? 'event' : f.name;
  return { key: f.name, header, get, flex, min: flex ? 6 : undefined };
}

export const DEFAULT_TABLE_FIELDS = ['time', 'name', 'service', 'who', 'ip', 'region', 'error'];

export function eventColumns(fields: readonly string[] | undefined): EventColumn[] {
  const names = fields && fields.length ? fields : DEFAULT_TABLE_FIELDS;
  return names.filter((n) => n.trim() !== '').map(eventColumn);
}
