import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { SqlFilter } from './filter-sql.js';
import { formatTime } from '../domain/time.js';
import type { EventRow } from './event-row.js';
import { resourceKeys } from '../query/resource-form.js';
import { eventResources, streamRecords } from './export-stream.js';
import { stringifyJson } from '../util/deep-json.js';
import { parseIp } from '../util/cidr.js';
import { ipMatchForm, sessionOfArn } from '../query/field-norm.js';

/**
 * `trailscope export --format parquet --layout athena`: Hive-partitioned Parquet
 * (`account=…/region=…/date=YYYY-MM-DD/`) with the columns and types of the CloudTrail table
 * Athena documents, so Athena, Trino, Spark and DuckDB read a case as they read the trail's own
 * bucket; plus one `trailscope` struct column holding the values as the case file read them
 * (what `--emit duckdb` filters on, so DuckDB answers exactly as the case file does). Athena's
 * DDL ignores the extra column.
 *
 * DuckDB (`@duckdb/node-api`, an optional dependency) writes the Parquet; it is loaded only here.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string | null =>
  v === null || v === undefined || v === ''
    ? null
    : typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : null;
/** A JSON-string column (requestparameters…): as delivered when a string, else its JSON text. */
const jsonText = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : stringifyJson(v);
const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);

/** The Athena CloudTrail table's columns (DuckDB types), then the trailscope struct. */
export const ATHENA_COLUMNS: Readonly<Record<string, string>> = {
  eventversion: 'VARCHAR',
  useridentity: `STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR, accesskeyid VARCHAR, username VARCHAR,
    onbehalfof STRUCT(userid VARCHAR, identitystorearn VARCHAR),
    sessioncontext STRUCT(attributes STRUCT(mfaauthenticated VARCHAR, creationdate VARCHAR),
      sessionissuer STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, username VARCHAR),
      ec2roledelivery VARCHAR, webidfederationdata STRUCT(federatedprovider VARCHAR, attributes MAP(VARCHAR, VARCHAR))))`,
  eventtime: 'VARCHAR',
  eventsource: 'VARCHAR',
  eventname: 'VARCHAR',
  awsregion: 'VARCHAR',
  sourceipaddress: 'VARCHAR',
  useragent: 'VARCHAR',
  errorcode: 'VARCHAR',
  errormessage: 'VARCHAR',
  requestparameters: 'VARCHAR',
  responseelements: 'VARCHAR',
  additionaleventdata: 'VARCHAR',
  requestid: 'VARCHAR',
  eventid: 'VARCHAR',
  readonly: 'VARCHAR',
  resources: 'STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[]',
  eventtype: 'VARCHAR',
  apiversion: 'VARCHAR',
  recipientaccountid: 'VARCHAR',
  serviceeventdetails: 'VARCHAR',
  sharedeventid: 'VARCHAR',
  vpcendpointid: 'VARCHAR',
  vpcendpointaccountid: 'VARCHAR',
  eventcategory: 'VARCHAR',
  sessioncredentialfromconsole: 'VARCHAR',
  edgedevicedetails: 'VARCHAR',
  tlsdetails: 'STRUCT(tlsversion VARCHAR, ciphersuite VARCHAR, clientprovidedhostheader VARCHAR)',
  trailscope: `STRUCT(time_ms BIGINT, session VARCHAR, source_ip_form VARCHAR, ip_v4 UBIGINT, ip_v6 VARCHAR, req_text VARCHAR,
    resources STRUCT(name VARCHAR, type VARCHAR)[], category VARCHAR, source_identity VARCHAR, issued_key VARCHAR,
    read_only BOOLEAN, mfa BOOLEAN, console_session BOOLEAN)`,
  account: 'VARCHAR',
  region: 'VARCHAR',
  date: 'VARCHAR',
};

const toNumber = (bytes: readonly number[]): string =>
  bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n).toString();
/** 128-bit values as 32 hex digits: Parquet has no 128-bit integer (DuckDB would write a DOUBLE), fixed-width text compares exactly. */
const toHex = (bytes: readonly number[]): string =>
  bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

function ipNumbers(ip: string | null): { ip_v4: string | null; ip_v6: string | null } {
  const bytes = ip === null ? null : parseIp(ip);
  if (!bytes) return { ip_v4: null, ip_v6: null };
  if (bytes.length === 4) return { ip_v4: toNumber(bytes), ip_v6: null };
  const mapped =
    bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  // a mapped address is IPv4, as the case file compares it (util/cidr.ts)
  return mapped
    ? { ip_v4: toNumber(bytes.slice(12)), ip_v6: null }
    : { ip_v4: null, ip_v6: toHex(bytes) };
}

/** One exported row: the Athena columns from the record (the case file's reading where it has one). */
/** The stored original record as an object; {} for a CSV row or damaged text (the normalised columns still carry the event). */
function recordOf(rawText: string): Obj {
  try {
    const parsed: unknown = JSON.parse(rawText);
    return isObj(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function athenaRow(
  row: EventRow,
  rawText: string,
  resources: { type: string | null; name: string }[],
): Obj {
  const raw = recordOf(rawText);
  const ui = isObj(raw.userIdentity) ? raw.userIdentity : {};
  const sc = isObj(ui.sessionContext) ? ui.sessionContext : {};
  const attrs = isObj(sc.attributes) ? sc.attributes : {};
  const issuer = isObj(sc.sessionIssuer) ? sc.sessionIssuer : {};
  const web = isObj(sc.webIdFederationData) ? sc.webIdFederationData : null;
  const obo = isObj(ui.onBehalfOf) ? ui.onBehalfOf : null;
  const tls = isObj(raw.tlsDetails) ? raw.tlsDetails : null;
  const webAttrs =
    web && isObj(web.attributes)
      ? Object.fromEntries(Object.entries(web.attributes).map(([k, v]) => [k, s(v) ?? jsonText(v)]))
      : null;
  const day = row.time_ms > 0 ? formatTime(row.time_ms, 'date') : 'unknown';
  return {
    eventversion: s(raw.eventVersion),
    useridentity: {
      type: row.identity_type,
      principalid: row.principal_id,
      arn: row.arn,
      accountid: row.account_id,
      invokedby: row.invoked_by,
      accesskeyid: row.access_key_id,
      username: row.user_name,
      onbehalfof: obo ? { userid: s(obo.userId), identitystorearn: s(obo.identityStoreArn) } : null,
      sessioncontext: {
        attributes: {
          mfaauthenticated: s(attrs.mfaAuthenticated),
          creationdate: s(attrs.creationDate),
        },
        sessionissuer: {
          type: row.session_issuer_type,
          principalid: s(issuer.principalId),
          arn: row.session_issuer_arn,
          accountid: s(issuer.accountId),
          username: s(issuer.userName),
        },
        ec2roledelivery: s(sc.ec2RoleDelivery),
        webidfederationdata: web
          ? { federatedprovider: s(web.federatedProvider), attributes: webAttrs }
          : null,
      },
    },
    eventtime: row.event_time,
    eventsource: row.event_source,
    eventname: row.event_name,
    awsregion: row.aws_region,
    sourceipaddress: row.source_ip,
    useragent: row.user_agent,
    errorcode: row.error_code,
    errormessage: row.error_message,
    requestparameters: jsonText(raw.requestParameters),
    responseelements: jsonText(raw.responseElements),
    additionaleventdata: jsonText(raw.additionalEventData),
    requestid: row.request_id,
    eventid: row.event_id,
    readonly: row.read_only === null ? s(raw.readOnly) : row.read_only ? 'true' : 'false',
    resources: Array.isArray(raw.resources)
      ? raw.resources
          .filter(isObj)
          .map((r) => ({ arn: s(r.ARN) ?? s(r.arn), accountid: s(r.accountId), type: s(r.type) }))
      : null,
    eventtype: row.event_type,
    apiversion: s(raw.apiVersion),
    recipientaccountid: row.recipient_account_id,
    serviceeventdetails: jsonText(raw.serviceEventDetails),
    sharedeventid: row.shared_event_id,
    vpcendpointid: s(raw.vpcEndpointId),
    vpcendpointaccountid: s(raw.vpcEndpointAccountId),
    eventcategory: s(raw.eventCategory),
    sessioncredentialfromconsole: s(raw.sessionCredentialFromConsole),
    edgedevicedetails: jsonText(raw.edgeDeviceDetails),
    tlsdetails: tls
      ? {
          tlsversion: s(tls.tlsVersion),
          ciphersuite: s(tls.cipherSuite),
          clientprovidedhostheader: s(tls.clientProvidedHostHeader),
        }
      : null,
    trailscope: {
      time_ms: row.time_ms,
      session: sessionOfArn(row.arn),
      source_ip_form: row.source_ip === null ? null : ipMatchForm(row.source_ip),
      ...ipNumbers(row.source_ip),
      req_text: row.req_text,
      // names in their normal form (null where the event's ARN stands for the name), so DuckDB's
      // resource: reads what the case file's does; types as stored, as resourceType: reads them
      resources: resourceKeys(resources, row.aws_region).map((name, i) => ({
        name,
        type: resources[i].type,
      })),
      category: row.category,
      source_identity: row.source_identity,
      issued_key: row.issued_key,
      read_only: bool(row.read_only),
      mfa: bool(row.mfa),
      console_session: bool(row.console_session),
    },
    account: row.recipient_account_id ?? row.account_id ?? 'unknown',
    region: row.aws_region ?? 'unknown',
    date: day,
  };
}

/**
 * OCSF 1.1 API Activity (class 6003; sign-ins as Authentication, 3002) as Security Lake writes
 * CloudTrail, Hive-partitioned by region / accountid / eventday as Security Lake is. What OCSF has
 * no attribute for is kept in `unmapped` (eventType, the request and response JSON…).
 */
export const OCSF_COLUMNS: Readonly<Record<string, string>> = {
  class_uid: 'INTEGER',
  category_uid: 'INTEGER',
  activity_id: 'INTEGER',
  type_uid: 'BIGINT',
  severity_id: 'INTEGER',
  status: 'VARCHAR',
  time: 'BIGINT',
  time_dt: 'TIMESTAMP',
  api: 'STRUCT(operation VARCHAR, version VARCHAR, service STRUCT(name VARCHAR), request STRUCT(uid VARCHAR), response STRUCT(error VARCHAR, message VARCHAR))',
  actor: `STRUCT("user" STRUCT(type VARCHAR, uid VARCHAR, uid_alt VARCHAR, name VARCHAR, credential_uid VARCHAR, account STRUCT(uid VARCHAR)),
    "session" STRUCT(issuer VARCHAR, is_mfa BOOLEAN, created_time BIGINT), invoked_by VARCHAR)`,
  src_endpoint: 'STRUCT(ip VARCHAR, domain VARCHAR)',
  http_request: 'STRUCT(user_agent VARCHAR)',
  cloud: 'STRUCT(provider VARCHAR, region VARCHAR, account STRUCT(uid VARCHAR))',
  metadata:
    'STRUCT(uid VARCHAR, version VARCHAR, product STRUCT(name VARCHAR, vendor_name VARCHAR, version VARCHAR, feature STRUCT(name VARCHAR)))',
  resources: 'STRUCT(uid VARCHAR, type VARCHAR)[]',
  unmapped: 'MAP(VARCHAR, VARCHAR)',
  region: 'VARCHAR',
  accountid: 'VARCHAR',
  eventday: 'VARCHAR',
};

/** OCSF activity of an API call: Create 1, Read 2, Update 3, Delete 4, Other 99. */
function activityOf(row: EventRow): number {
  const name = row.event_name ?? '';
  if (/^(Create|Run|Start|Put.*Create|Add|Attach|Import|Register|Allocate|Issue)/.test(name))
    return 1;
  if (/^(Delete|Remove|Detach|Terminate|Deregister|Release|Revoke|Disable)/.test(name)) return 4;
  if (
    row.read_only === 1 ||
    /^(Get|List|Describe|Lookup|Head|Search|Select|Batch(Get|Describe))/.test(name)
  )
    return 2;
  if (
    /^(Update|Put|Modify|Set|Change|Enable|Reset|Tag|Untag|Associate|Authorize|Replace|Restore)/.test(
      name,
    )
  )
    return 3;
  return 99;
}

export function ocsfRow(
  row: EventRow,
  rawText: string,
  resources: { type: string | null; name: string }[],
): Obj {
  const raw = recordOf(rawText);
  const signIn = row.event_source === 'signin.amazonaws.com';
  const classUid = signIn ? 3002 : 6003;
  const activity = signIn ? (row.event_name === 'ConsoleLogin' ? 1 : 99) : activityOf(row);
  const isIp = row.source_ip !== null && parseIp(row.source_ip) !== null;
  const unmapped: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    eventType: raw.eventType,
    requestParameters: raw.requestParameters,
    responseElements: raw.responseElements,
    additionalEventData: raw.additionalEventData,
    sharedEventID: raw.sharedEventID,
    readOnly: raw.readOnly,
  })) {
    const t = s(v) ?? jsonText(v);
    if (t !== null) unmapped[k] = t;
  }
  const day = row.time_ms > 0 ? formatTime(row.time_ms, 'date').replaceAll('-', '') : 'unknown';
  return {
    class_uid: classUid,
    category_uid: Math.floor(classUid / 1000),
    activity_id: activity,
    type_uid: classUid * 100 + activity,
    severity_id: 1,
    status: row.error_code ? 'Failure' : 'Success',
    time: row.time_ms > 0 ? row.time_ms : null,
    time_dt: row.time_ms > 0 ? new Date(row.time_ms).toISOString() : null,
    api: {
      operation: row.event_name,
      version: s(raw.apiVersion),
      service: { name: row.event_source },
      request: { uid: row.request_id },
      response: { error: row.error_code, message: row.error_message },
    },
    actor: {
      user: {
        type: row.identity_type,
        uid: row.arn,
        uid_alt: row.principal_id,
        name: row.user_name,
        credential_uid: row.access_key_id,
        account: { uid: row.account_id },
      },
      session: {
        issuer: row.session_issuer_arn,
        is_mfa: bool(row.mfa),
        created_time: row.session_created_ms,
      },
      invoked_by: row.invoked_by,
    },
    src_endpoint: { ip: isIp ? row.source_ip : null, domain: isIp ? null : row.source_ip },
    http_request: { user_agent: row.user_agent },
    cloud: { provider: 'AWS', region: row.aws_region, account: { uid: row.recipient_account_id } },
    metadata: {
      uid: row.event_id,
      version: '1.1.0',
      product: {
        name: 'CloudTrail',
        vendor_name: 'AWS',
        version: s(raw.eventVersion),
        feature: { name: row.category },
      },
    },
    resources: resources.map((r) => ({ uid: r.name, type: r.type })),
    unmapped,
    region: row.aws_region ?? 'unknown',
    accountid: row.recipient_account_id ?? row.account_id ?? 'unknown',
    eventday: day,
  };
}

export type ParquetLayout = 'athena' | 'ocsf';

const LAYOUTS: Record<
  ParquetLayout,
  { columns: Readonly<Record<string, string>>; row: typeof athenaRow; partitions: string }
> = {
  athena: { columns: ATHENA_COLUMNS, row: athenaRow, partitions: 'account, region, date' },
  ocsf: { columns: OCSF_COLUMNS, row: ocsfRow, partitions: 'region, accountid, eventday' },
};

export class ParquetUnavailable extends Error {
  constructor() {
    super(
      'Parquet export needs the optional dependency @duckdb/node-api (npm install @duckdb/node-api)',
    );
    this.name = 'ParquetUnavailable';
  }
}

/** The DuckDB module, or a clear error when the optional dependency is not installed. */
export async function loadDuckDb(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new ParquetUnavailable();
  }
}

const sqlText = (v: string): string => `'${v.replace(/'/g, "''")}'`;

/**
 * Write the matching events as Parquet under `outDir` (which must not exist yet or be empty).
 * Rows go through a temporary JSON Lines file, so memory stays flat whatever the case size.
 */
export async function exportParquet(
  db: Database,
  filter: SqlFilter,
  outDir: string,
  opts: { order?: 'asc' | 'desc'; layout?: ParquetLayout } = {},
): Promise<number> {
  const layout = LAYOUTS[opts.layout ?? 'athena'];
  const duck = await loadDuckDb();
  const work = mkdtempSync(join(tmpdir(), 'trailscope-parquet-'));
  try {
    const rowsFile = join(work, 'rows.jsonl');
    const out = createWriteStream(rowsFile);
    let n = 0;
    for (const { row, raw } of streamRecords(db, filter, { order: opts.order })) {
      const line = stringifyJson(layout.row(row, raw, eventResources(db, row.id))) + '\n';
      if (!out.write(line)) await once(out, 'drain');
      n++;
    }
    out.end();
    await once(out, 'finish');
    const instance = await duck.DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const columns = `{${Object.entries(layout.columns)
        .map(([k, t]) => `${sqlText(k)}: ${sqlText(t.replace(/\s+/g, ' '))}`)
        .join(', ')}}`;
      if (n > 0) {
        await conn.run(
          `COPY (SELECT * FROM read_json(${sqlText(rowsFile)}, format = 'newline_delimited', columns = ${columns}, maximum_object_size = 67108864))
           TO ${sqlText(outDir)} (FORMAT parquet, PARTITION_BY (${layout.partitions}), OVERWRITE_OR_IGNORE)`,
        );
      }
    } finally {
      conn.closeSync?.();
      instance.closeSync?.();
    }
    return n;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
