import type { EventRow } from '../../store/event-row.js';
import type { DetailLine } from './detail-lines.js';
import { termText } from '../../query/index.js';

/** Record paths whose value is a filter field: `y` copies them as a term that selects it exactly. */
export const FIELD_OF_PATH: Record<string, string> = {
  '/eventName': 'name',
  '/eventSource': 'source',
  '/awsRegion': 'region',
  '/sourceIPAddress': 'ip',
  '/userAgent': 'ua',
  '/eventID': 'id',
  '/requestID': 'requestId',
  '/sharedEventID': 'sharedEventId',
  '/errorCode': 'error',
  '/recipientAccountId': 'recipient',
  '/userIdentity/accessKeyId': 'key',
  '/userIdentity/arn': 'arn',
  '/userIdentity/principalId': 'principal',
  '/userIdentity/accountId': 'account',
  '/userIdentity/type': 'type',
  '/userIdentity/invokedBy': 'invokedBy',
};

/** Identity and request panel labels whose value is a filter field. */
const FIELD_OF_LABEL: Record<string, string> = {
  'access key': 'key',
  ARN: 'arn',
  'principal ID': 'principal',
  'source IP': 'ip',
  'user agent': 'ua',
  region: 'region',
  'user name': 'user',
  'caller account': 'account',
  type: 'type',
  'request ID': 'requestId',
  'event ID': 'id',
};

/** The value at a JSON-pointer-like path of the tree (`/a/b~1c/0`). */
export function valueAt(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const raw of path.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/**
 * What `y` copies from a line of the detail: a pivot's filter, a record field that is a filter
 * field as its exact term, any other scalar as itself, else the event as `id:…`.
 */
export function detailValue(
  row: EventRow,
  record: Record<string, unknown> | null,
  line: DetailLine | undefined,
): { text: string; label: string } {
  const a = line?.action;
  if (a?.kind === 'pivot') return { text: a.pivot.filter.text, label: a.pivot.label };
  if (line?.copy && line.copy.value) {
    const field = FIELD_OF_LABEL[line.copy.label];
    if (field) {
      try {
        return { text: termText(field, line.copy.value), label: line.copy.label };
      } catch {
        // not a value the field takes (a made-up label): copied as it is
      }
    }
    return { text: line.copy.value, label: line.copy.label };
  }
  if (a?.kind === 'json' && record) {
    const v = valueAt(record, a.path);
    const field = FIELD_OF_PATH[a.path];
    if (field && (typeof v === 'string' || typeof v === 'number'))
      return { text: termText(field, String(v)), label: a.path.slice(1) };
    if (v !== null && v !== undefined && typeof v !== 'object')
      return { text: String(v), label: a.path.slice(1) || 'value' };
    if (v !== undefined) return { text: JSON.stringify(v), label: a.path.slice(1) || 'record' };
  }
  return { text: termText('id', row.event_id), label: 'event ID' };
}
