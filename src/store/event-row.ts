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

/** A row of `events_v`: what readers (query output, TUI, domain) get. */
export interface EventRow {
  id: number;
  event_id: string;
  time_ms: number;
  event_time: string | null;
  flags: number;
  event_name: string | null;
  event_source: string | null;
  aws_region: string | null;
  source_ip: string | null;
  user_agent: string | null;
  identity_type: string | null;
  principal_id: string | null;
  arn: string | null;
  account_id: string | null;
  access_key_id: string | null;
  user_name: string | null;
  session_issuer_arn: string | null;
  session_issuer_type: string | null;
  invoked_by: string | null;
  source_identity: string | null;
  error_code: string | null;
  error_message: string | null;
  event_type: string | null;
  category: string | null;
  recipient_account_id: string | null;
  read_only: number | null;
  mfa: number | null;
  console_session: number | null;
  session_created_ms: number | null;
  request_id: string | null;
  shared_event_id: string | null;
  issued_key: string | null;
  issued_expiration_ms: number | null;
  req_text: string | null;
  raw_chunk: number;
  raw_index: number;
}
