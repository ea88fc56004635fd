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

export const FLAG_TIME_UNPARSED = 1;
export const FLAG_EVENT_ID_DERIVED = 2;
/**
 * Rebuilt from an engine's result (Athena, Security Lake, CloudTrail Lake): fields may be missing.
 * The same event read later from the delivered log file replaces it (event-writer.ts).
 */
export const FLAG_ENGINE_IMPORT = 4;

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
  resources: { type: string | null; name: string }[];
  /** The original record as single-line JSON. */
  raw: string;
  /** Rebuilt from an engine's result (the record carries `trailscopeImport`). */
  engineImport?: boolean;
}

// The row shape is the domain's (domain/ imports no store code); the view that yields it is here.
export type { EventRow } from '../domain/event.js';
