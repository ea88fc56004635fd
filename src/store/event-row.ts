import {
  FLAG_ENGINE_IMPORT,
  FLAG_EVENT_ID_DERIVED,
  FLAG_REBUILT,
  FLAG_TIME_UNPARSED,
  FLAG_UNVERIFIED,
} from '../domain/caveats.js';

/**
 * `events.flags` bits (declared with what they mean in domain/caveats.ts). An engine-result copy
 * (FLAG_ENGINE_IMPORT) gives way to the same event read later from a delivered file (event-writer.ts).
 */
export {
  FLAG_ENGINE_IMPORT,
  FLAG_EVENT_ID_DERIVED,
  FLAG_REBUILT,
  FLAG_TIME_UNPARSED,
  FLAG_UNVERIFIED,
};
/** Fields that are interned in `dict`: the column in `events` is `<field>_ref`, in `events_v` `<field>`. */
export const INTERNED_FIELDS = [
  'event_name',
  'event_source',
  'aws_region',
  'source_ip',
  'user_agent',
  'identity_type',
  'principal_id',
  'arn',
  'account_id',
  'access_key_id',
  'user_name',
  'session_issuer_arn',
  'session_issuer_type',
  'invoked_by',
  'source_identity',
  'error_code',
  'error_message',
  'event_type',
  'category',
  'recipient_account_id',
] as const;
export type InternedField = (typeof INTERNED_FIELDS)[number];

/** Extra dict namespaces that are not event columns. */
export const RESOURCE_TYPE_FIELD = 'resource_type';
export const RESOURCE_NAME_FIELD = 'resource_name';
/**
 * The dict namespace of `events.workload_hints_ref` (domain/workload-hints.ts): not a filter field,
 * kept so the credential refresh never reads a stored record back.
 */
export const WORKLOAD_HINTS_FIELD = 'workload_hints';

/**
 * eventTime as the case file keeps it: null when it is exactly what its parsed time prints as
 * (`2024-04-01T12:00:03Z`, which CloudTrail always writes), the text otherwise (fractions, other
 * offsets, text that did not parse). `EVENT_TIME_SQL` reads it back. 20 bytes less per event.
 */
export function storedEventTime(
  text: string | null,
  timeMs: number,
  valid: boolean,
): string | null {
  if (text === null || !valid || text.length !== 20 || timeMs % 1000 !== 0) return text;
  const d = new Date(timeMs);
  const y = d.getUTCFullYear();
  if (y < 1000 || y > 9999) return text;
  return d.toISOString().slice(0, 19) + 'Z' === text ? null : text;
}

/** The event's eventTime text, as the record had it (see storedEventTime), for events alias `e`. */
export const EVENT_TIME_SQL = `CASE WHEN e.event_time IS NOT NULL OR (e.flags & ${FLAG_TIME_UNPARSED}) != 0 THEN e.event_time
  ELSE strftime('%Y-%m-%dT%H:%M:%SZ', e.time_ms / 1000, 'unixepoch') END`;

/** One event flattened for the store, produced by ingest/normalize. */
export interface NormalizedEvent {
  eventId: string;
  eventIdDerived: boolean;
  timeMs: number;
  timeValid: boolean;
  eventTime: string | null;
  strings: Record<InternedField, string | null>;
  readOnly: boolean | null;
  mfa: boolean | null;
  consoleSession: boolean | null;
  sessionCreatedMs: number | null;
  requestId: string | null;
  sharedEventId: string | null;
  issuedKey: string | null;
  issuedExpirationMs: number | null;
  reqText: string | null;
  /** userIdentity's workload hints, encoded (domain/workload-hints.ts): '' for none. */
  workloadHints: string;
  resources: { type: string | null; name: string }[];
  /** The original record as single-line JSON. */
  raw: string;
  /** Rebuilt from an engine's result (the record carries `trailscopeImport`). */
  engineImport?: boolean;
  /** A lookup-events entry whose CloudTrailEvent was cut: rebuilt from its summary fields. */
  rebuiltFromSummary?: boolean;
}

// The row shape is the domain's (domain/ imports no store code); the view that yields it is here.
export type { EventRow } from '../domain/event.js';
