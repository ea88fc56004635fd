import type { EventRow } from '../../store/event-row.js';
import { sessionFilter } from '../../store/pivot-filters.js';
import { termText } from '../../query/index.js';
import { formatTime } from '../../domain/time.js';
import { safeText } from '../../util/safe-text.js';
import type { ListFilter } from '../shell/app-api.js';
import { HIDDEN_VALUE, iamCreationOf } from '../../store/credentials.js';

/** A related-events list reachable from an event (`1`–`6` in the detail view). */
export interface Pivot {
  key: string;
  /** What the list holds, for the detail view and the breadcrumb. */
  label: string;
  filter: ListFilter;
}

const AROUND_MS = 15 * 60 * 1000;
const short = (s: string, n = 28) => safeText(s, { max: n });

/**
 * The pivots of an event. Filters are built with `termText`, so evidence values can never inject
 * filter syntax, and the user can edit them with `f` afterwards.
 */
export function pivotsFor(row: EventRow, record: Record<string, unknown> | null = null): Pivot[] {
  const out: Pivot[] = [];
  if (row.access_key_id) {
    out.push({
      key: '1',
      label: `access key ${short(row.access_key_id)}`,
      filter: { text: termText('key', row.access_key_id) },
    });
  }
  if (row.principal_id) {
    out.push({
      key: '2',
      label: `principal ${short(row.principal_id)}`,
      filter: { text: termText('principal', row.principal_id) },
    });
  } else if (row.arn) {
    out.push({
      key: '2',
      label: `ARN ${short(row.arn)}`,
      filter: { text: termText('arn', row.arn) },
    });
  }
  if (row.source_ip) {
    out.push({
      key: '3',
      label: `IP ${short(row.source_ip)}`,
      filter: { text: termText('ip', row.source_ip) },
    });
  }
  if (row.principal_id && row.session_created_ms !== null) {
    const created = formatTime(row.session_created_ms);
    out.push({
      key: '4',
      label: `session of ${short(row.principal_id, 20)} created ${created}`,
      filter: {
        text: '',
        pinned: {
          label: `session ${short(row.principal_id, 20)} @ ${created}`,
          ...sessionFilter(row.principal_id, row.session_created_ms),
        },
      },
    });
  }
  const ids: string[] = [];
  if (row.request_id) ids.push(termText('requestId', row.request_id));
  if (row.shared_event_id) ids.push(termText('sharedEventId', row.shared_event_id));
  if (ids.length) {
    out.push({
      key: '5',
      label: row.shared_event_id
        ? `same request / shared event ID`
        : `request ID ${short(row.request_id!, 24)}`,
      filter: { text: ids.join(' OR ') },
    });
  }
  if (row.event_name && row.time_ms) {
    const from = formatTime(row.time_ms - AROUND_MS);
    const to = formatTime(row.time_ms + AROUND_MS);
    out.push({
      key: '6',
      label: `${short(row.event_name, 24)} within ±15 min`,
      filter: { text: `${termText('name', row.event_name)} after:${from} before:${to}` },
    });
  }
  out.push(...createdPivots(row, record));
  return out;
}

/**
 * CreateAccessKey, CreateUser, CreateLoginProfile…: the calls made with the credential it created
 * (`7`) and by the user it was made for (`8`). Where AWS hid the created ID, the label says so.
 */
function createdPivots(row: EventRow, record: Record<string, unknown> | null): Pivot[] {
  if (!record || row.error_code || row.error_message || row.event_source !== 'iam.amazonaws.com')
    return [];
  const c = iamCreationOf(row, record);
  if (!c) return [];
  const out: Pivot[] = [];
  if (c.credentialId) {
    out.push({
      key: '7',
      label: `calls made with the created ${c.kind} ${short(c.credentialId)}`,
      filter: { text: termText('key', c.credentialId) },
    });
  } else if (c.hidden && c.kind !== 'login-profile' && c.kind !== 'user') {
    out.push({
      key: '7',
      label: `created ${c.kind}: ID recorded as ${HIDDEN_VALUE}; calls by the user instead`,
      filter: { text: termText('user', c.userName ?? '') },
    });
  }
  if (c.userName && c.eventName !== 'ChangePassword') {
    out.push({
      key: '8',
      label: `calls by user ${short(c.userName)} (${c.eventName})`,
      filter: { text: termText('user', c.userName) },
    });
  }
  return out;
}
