/**
 * `events_v`: the events with their interned columns joined back to text under their natural names.
 * Migration 001 made it; 013 made it again with the event time read through `EVENT_TIME_SQL`. One
 * text for both, so the view's columns are written once. `eventTime` is the event-time column's
 * expression (named `event_time` by the caller). From migration 15 on the view also has
 * `workload_hints` (`workloadHints`: the column exists from then).
 */
export function eventsViewSql(eventTime: string, workloadHints = false): string {
  return `CREATE VIEW events_v AS
SELECT e.id, e.event_id, e.time_ms, ${eventTime}, e.flags,
  d1.value AS event_name, d2.value AS event_source, d3.value AS aws_region, d4.value AS source_ip,
  d5.value AS user_agent, d6.value AS identity_type, d7.value AS principal_id, d8.value AS arn,
  d9.value AS account_id, d10.value AS access_key_id, d11.value AS user_name,
  d12.value AS session_issuer_arn, d13.value AS session_issuer_type, d14.value AS invoked_by,
  d15.value AS source_identity, d16.value AS error_code, d17.value AS error_message,
  d18.value AS event_type, d19.value AS category, d20.value AS recipient_account_id,
  e.read_only, e.mfa, e.console_session, e.session_created_ms, e.request_id, e.shared_event_id,
  e.issued_key, e.issued_expiration_ms, e.req_text, e.raw_chunk, e.raw_index${workloadHints ? ', dw.value AS workload_hints' : ''}
FROM events e
LEFT JOIN dict d1 ON d1.id = e.event_name_ref
LEFT JOIN dict d2 ON d2.id = e.event_source_ref
LEFT JOIN dict d3 ON d3.id = e.aws_region_ref
LEFT JOIN dict d4 ON d4.id = e.source_ip_ref
LEFT JOIN dict d5 ON d5.id = e.user_agent_ref
LEFT JOIN dict d6 ON d6.id = e.identity_type_ref
LEFT JOIN dict d7 ON d7.id = e.principal_id_ref
LEFT JOIN dict d8 ON d8.id = e.arn_ref
LEFT JOIN dict d9 ON d9.id = e.account_id_ref
LEFT JOIN dict d10 ON d10.id = e.access_key_id_ref
LEFT JOIN dict d11 ON d11.id = e.user_name_ref
LEFT JOIN dict d12 ON d12.id = e.session_issuer_arn_ref
LEFT JOIN dict d13 ON d13.id = e.session_issuer_type_ref
LEFT JOIN dict d14 ON d14.id = e.invoked_by_ref
LEFT JOIN dict d15 ON d15.id = e.source_identity_ref
LEFT JOIN dict d16 ON d16.id = e.error_code_ref
LEFT JOIN dict d17 ON d17.id = e.error_message_ref
LEFT JOIN dict d18 ON d18.id = e.event_type_ref
LEFT JOIN dict d19 ON d19.id = e.category_ref
LEFT JOIN dict d20 ON d20.id = e.recipient_account_id_ref${workloadHints ? '\nLEFT JOIN dict dw ON dw.id = e.workload_hints_ref' : ''};`;
}
