// The event as every reader sees it: the columns of the store's `events_v` view. Declared in
// domain/ so that pure code can take an event without importing the store.

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
  /**
   * userIdentity's workload hints as kept (domain/workload-hints.ts); null or absent for events
   * stored before migration 15, whose record says them.
   */
  workload_hints?: string | null;
}
