import type { InternedField } from '../../store/event-row.js';

/**
 * Where each field's value lives in each engine's table. Athena: the CloudTrail table AWS
 * documents (`CREATE EXTERNAL TABLE cloudtrail_logs …`, lower-case struct paths). DuckDB: the
 * Parquet `trailscope export --format parquet --layout athena` writes: the same columns, plus one
 * `trailscope` struct of the values as the case file read them (session, IP form and number,
 * request parameter lines, resources, time), so DuckDB answers exactly as SQLite does. Security
 * Lake: OCSF API Activity (class 6003) as Security Lake maps CloudTrail into it.
 *
 * A string is the column expression; `{ unsupported }` says why the engine cannot answer.
 */
export type Column = string | { unsupported: string };

export type EngineName = 'athena' | 'security-lake' | 'duckdb';

/** Scalar (one value per event) columns that are not interned fields. */
export type PlainColumn = 'event_id' | 'request_id' | 'shared_event_id' | 'issued_key';
export type BoolColumn = 'read_only' | 'mfa' | 'console_session';

const ATHENA_DICT: Record<InternedField, Column> = {
  event_name: 'eventname',
  event_source: 'eventsource',
  aws_region: 'awsregion',
  source_ip: 'sourceipaddress',
  user_agent: 'useragent',
  identity_type: 'useridentity.type',
  principal_id: 'useridentity.principalid',
  arn: 'useridentity.arn',
  account_id: 'useridentity.accountid',
  access_key_id: 'useridentity.accesskeyid',
  user_name: 'useridentity.username',
  session_issuer_arn: 'useridentity.sessioncontext.sessionissuer.arn',
  session_issuer_type: 'useridentity.sessioncontext.sessionissuer.type',
  invoked_by: 'useridentity.invokedby',
  source_identity: {
    unsupported: 'the documented CloudTrail table has no sessionContext.sourceIdentity column',
  },
  error_code: 'errorcode',
  error_message: 'errormessage',
  event_type: 'eventtype',
  category: 'eventcategory',
  recipient_account_id: 'recipientaccountid',
};

const LAKE_DICT: Record<InternedField, Column> = {
  event_name: 'api.operation',
  event_source: 'api.service.name',
  aws_region: 'cloud.region',
  source_ip: 'src_endpoint.ip',
  user_agent: 'http_request.user_agent',
  identity_type: 'actor.user.type',
  principal_id: 'actor.user.uid_alt',
  arn: 'actor.user.uid',
  account_id: 'actor.user.account.uid',
  access_key_id: 'actor.user.credential_uid',
  user_name: 'actor.user.name',
  // "session" is quoted: a reserved word to some Trino-family parsers
  session_issuer_arn: 'actor."session".issuer',
  session_issuer_type: { unsupported: 'OCSF keeps the session issuer as one ARN' },
  invoked_by: 'actor.invoked_by',
  source_identity: { unsupported: 'not mapped to an OCSF attribute by Security Lake' },
  error_code: 'api.response.error',
  error_message: 'api.response.message',
  event_type: "unmapped['eventType']",
  category: 'metadata.product.feature.name',
  recipient_account_id: 'cloud.account.uid',
};

/** DuckDB reads the Athena columns of the export; values the case file derives come from `trailscope`. */
const DUCK_DICT: Record<InternedField, Column> = {
  ...ATHENA_DICT,
  source_identity: 'trailscope.source_identity',
  category: 'trailscope.category',
};

export const DICT_COLUMNS: Record<EngineName, Record<InternedField, Column>> = {
  athena: ATHENA_DICT,
  duckdb: DUCK_DICT,
  'security-lake': LAKE_DICT,
};

const STS_ONLY =
  "CASE WHEN eventsource = 'sts.amazonaws.com' AND errorcode IS NULL THEN json_extract_scalar(responseelements, '$.credentials.accessKeyId') END";

export const PLAIN_COLUMNS: Record<EngineName, Record<PlainColumn, Column>> = {
  athena: {
    event_id: 'eventid',
    request_id: 'requestid',
    shared_event_id: 'sharedeventid',
    issued_key: STS_ONLY,
  },
  duckdb: {
    event_id: 'eventid',
    request_id: 'requestid',
    shared_event_id: 'sharedeventid',
    issued_key: 'trailscope.issued_key',
  },
  'security-lake': {
    event_id: 'metadata.uid',
    request_id: 'api.request.uid',
    shared_event_id: { unsupported: 'not mapped to an OCSF attribute by Security Lake' },
    issued_key: { unsupported: 'the STS response is not kept in OCSF API Activity' },
  },
};

/** Boolean columns as SQL booleans (NULL when the record does not say). */
export const BOOL_COLUMNS: Record<EngineName, Record<BoolColumn, Column>> = {
  athena: {
    read_only: "CASE lower(readonly) WHEN 'true' THEN true WHEN 'false' THEN false END",
    mfa: "CASE WHEN lower(useridentity.sessioncontext.attributes.mfaauthenticated) IN ('true', 'false') THEN lower(useridentity.sessioncontext.attributes.mfaauthenticated) = 'true' WHEN eventname = 'ConsoleLogin' AND json_extract_scalar(additionaleventdata, '$.MFAUsed') IN ('Yes', 'No') THEN json_extract_scalar(additionaleventdata, '$.MFAUsed') = 'Yes' END",
    console_session: {
      unsupported: 'sessionCredentialFromConsole is not a column of the documented table',
    },
  },
  duckdb: {
    read_only: 'trailscope.read_only',
    mfa: 'trailscope.mfa',
    console_session: 'trailscope.console_session',
  },
  'security-lake': {
    read_only: { unsupported: 'readOnly is not mapped by Security Lake' },
    mfa: 'actor."session".is_mfa',
    console_session: { unsupported: 'not mapped to an OCSF attribute by Security Lake' },
  },
};
