import { createHash } from 'node:crypto';
import { encodeWorkloadHints, workloadHintsOf } from '../domain/workload-hints.js';
import type { InternedField, NormalizedEvent } from '../store/event-row.js';
import { parseEventTime, parseLooseTime } from '../domain/time.js';
import { stringifyJson, writeJson } from '../util/deep-json.js';

type Obj = Record<string, unknown>;

const STS_SOURCE = 'sts.amazonaws.com';
const MAX_REQ_TEXT = 4000;
const MAX_STRING = 8192;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar as a string, or null: evidence types vary (numbers, booleans, strings). */
/**
 * A lone surrogate (`"\ud800"` in the JSON) cannot be stored as UTF-8: SQLite would keep bytes that
 * read back as three U+FFFD, and a filter built from the stored value would never match its event.
 * Values are made well-formed (one U+FFFD each) before they are stored; the original record keeps
 * the escape as written.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const wellFormed = (s: string): string =>
  /[\uD800-\uDFFF]/.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s;

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string')
    return v === '' ? null : wellFormed(v.length > MAX_STRING ? v.slice(0, MAX_STRING) : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes') return true;
    if (s === 'false' || s === 'no') return false;
  }
  return null;
}

/** requestParameters / responseElements may arrive as JSON strings in exports. */
function objOrParsed(v: unknown): Obj | null {
  if (isObj(v)) return v;
  if (typeof v === 'string' && v.startsWith('{')) {
    try {
      const p = JSON.parse(v);
      return isObj(p) ? p : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** Flatten request parameters into "key=value" lines so any leaf value is searchable. */
export function flattenParams(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.slice(0, MAX_REQ_TEXT);
  const out: string[] = [];
  let size = 0;
  const walk = (node: unknown, key: string, depth: number): void => {
    if (size > MAX_REQ_TEXT || depth > 8) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, key, depth + 1);
    } else if (isObj(node)) {
      for (const [k, val] of Object.entries(node)) walk(val, k, depth + 1);
    } else if (node !== null && node !== undefined) {
      const line = `${key}=${String(node)}`;
      out.push(line);
      size += line.length + 1;
    }
  };
  walk(v, '', 0);
  if (out.length === 0) return null;
  const text = out.join('\n');
  return wellFormed(text.length > MAX_REQ_TEXT ? text.slice(0, MAX_REQ_TEXT) : text);
}

/** Request parameters that name a resource, for the console's "resource type / name" lookups. */
const PARAM_RESOURCES: readonly [string, string][] = [
  ['bucketName', 'AWS::S3::Bucket'],
  ['roleArn', 'AWS::IAM::Role'],
  ['roleName', 'AWS::IAM::Role'],
  ['userName', 'AWS::IAM::User'],
  ['policyArn', 'AWS::IAM::Policy'],
  ['groupName', 'AWS::IAM::Group'],
  ['groupId', 'AWS::EC2::SecurityGroup'],
  ['instanceId', 'AWS::EC2::Instance'],
  ['functionName', 'AWS::Lambda::Function'],
  ['keyId', 'AWS::KMS::Key'],
  ['name', 'AWS::CloudTrail::Trail'],
  ['trailName', 'AWS::CloudTrail::Trail'],
  ['detectorId', 'AWS::GuardDuty::Detector'],
];

function resourcesOf(
  record: Obj,
  params: Obj | null,
  eventSource: string | null,
): { type: string | null; name: string }[] {
  const out = new Map<string, string | null>();
  if (Array.isArray(record.resources)) {
    for (const r of record.resources) {
      if (!isObj(r)) continue;
      const name = str(r.ARN) ?? str(r.arn) ?? str(r.ARNPrefix);
      if (name) out.set(name, str(r.type));
    }
  }
  if (params) {
    for (const [key, type] of PARAM_RESOURCES) {
      // "name" is only a trail name on CloudTrail calls
      if (key === 'name' && eventSource !== 'cloudtrail.amazonaws.com') continue;
      const v = str(params[key]);
      if (v && !out.has(v)) out.set(v, type);
    }
    const items = isObj(params.instancesSet) ? params.instancesSet.items : undefined;
    if (Array.isArray(items)) {
      for (const it of items.slice(0, 50)) {
        const id = isObj(it) ? str(it.instanceId) : null;
        if (id && !out.has(id)) out.set(id, 'AWS::EC2::Instance');
      }
    }
  }
  return [...out].slice(0, 100).map(([name, type]) => ({ name, type }));
}

/**
 * A stable eventID for records that lack one: the same record always gets the same ID, however it
 * was written (compact or pretty-printed, keys in any order, `1.0` or `1`, `\u0041` or `A`,
 * bare or in a wrapper), so copies of it deduplicate like records with an eventID do. The hash is
 * of the record's canonical JSON (keys sorted at every level), at any depth; `raw` is hashed only
 * when the canonical text cannot be built (larger than a string can be).
 */
export function deriveEventId(record: Obj, raw?: string): string {
  let text: string;
  try {
    text = canonicalJson(record);
  } catch {
    text = raw ?? stringifyJson(record);
  }
  return 'derived-' + createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level and no whitespace. Built
 * with an explicit stack, so a record nested 200,000 levels deep gets its canonical ID too.
 */
export function canonicalJson(v: unknown): string {
  return writeJson(v, { sortKeys: true });
}

function categoryOf(record: Obj): string {
  const c = str(record.eventCategory);
  if (c) return c;
  if (str(record.eventType) === 'AwsCloudTrailInsight') return 'Insight';
  // Records from before eventCategory existed are management events.
  return 'Management';
}

/**
 * Flatten one CloudTrail record. The caller has checked that it looks like CloudTrail.
 * `raw` is the record's single-line JSON when the caller already has it.
 */
export function normalizeRecord(record: Obj, raw?: string): NormalizedEvent {
  const rawText = raw ?? stringifyJson(record);
  const ui = isObj(record.userIdentity) ? record.userIdentity : {};
  const sc = isObj(ui.sessionContext) ? ui.sessionContext : {};
  const attrs = isObj(sc.attributes) ? sc.attributes : {};
  const issuer = isObj(sc.sessionIssuer) ? sc.sessionIssuer : {};
  const params = objOrParsed(record.requestParameters);
  const response = objOrParsed(record.responseElements);
  const additional = objOrParsed(record.additionalEventData);

  // an ID of only blanks names no event: two different records with " " are not one event
  const idText = str(record.eventID);
  const idRaw = idText !== null && idText.trim() !== '' ? idText : null;
  const eventId = idRaw ?? deriveEventId(record, rawText);
  const rawTime = str(record.eventTime);
  const parsed = rawTime === null ? null : parseEventTime(rawTime);

  // Insights records name the API they are about in insightDetails rather than at the top level.
  const insight = isObj(record.insightDetails) ? record.insightDetails : null;
  const eventSource = str(record.eventSource) ?? (insight ? str(insight.eventSource) : null);
  const errorCode = str(record.errorCode);
  const eventName = str(record.eventName) ?? (insight ? str(insight.eventName) : null);

  let mfa = bool(attrs.mfaAuthenticated);
  if (mfa === null && additional && eventName === 'ConsoleLogin') mfa = bool(additional.MFAUsed);

  let issuedKey: string | null = null;
  let issuedExpirationMs: number | null = null;
  if (eventSource === STS_SOURCE && !errorCode && response) {
    const creds = isObj(response.credentials) ? response.credentials : null;
    if (creds) {
      issuedKey = str(creds.accessKeyId);
      const exp = str(creds.expiration);
      issuedExpirationMs = exp ? parseLooseTime(exp) : null;
    }
  }

  const sessionCreated = str(attrs.creationDate);
  const sourceIdentity = str(sc.sourceIdentity) ?? (params ? str(params.sourceIdentity) : null);

  const strings: Record<InternedField, string | null> = {
    event_name: eventName,
    event_source: eventSource,
    aws_region: str(record.awsRegion),
    source_ip: str(record.sourceIPAddress),
    user_agent: str(record.userAgent),
    identity_type: str(ui.type),
    principal_id: str(ui.principalId),
    arn: str(ui.arn),
    account_id: str(ui.accountId),
    access_key_id: str(ui.accessKeyId),
    user_name: str(ui.userName),
    session_issuer_arn: str(issuer.arn),
    session_issuer_type: str(issuer.type),
    invoked_by: str(ui.invokedBy),
    source_identity: sourceIdentity,
    error_code: errorCode,
    error_message: str(record.errorMessage),
    event_type: str(record.eventType),
    category: categoryOf(record),
    recipient_account_id: str(record.recipientAccountId),
  };

  return {
    eventId,
    eventIdDerived: idRaw === null,
    timeMs: parsed ?? 0,
    timeValid: parsed !== null,
    eventTime: rawTime,
    strings,
    readOnly: bool(record.readOnly),
    mfa,
    // CloudTrail puts sessionCredentialFromConsole at the top of the record; some exports nest it.
    consoleSession:
      bool(record.sessionCredentialFromConsole) ??
      bool(ui.sessionCredentialFromConsole) ??
      bool(sc.sessionCredentialFromConsole),
    sessionCreatedMs: sessionCreated ? parseEventTime(sessionCreated) : null,
    requestId: str(record.requestID),
    sharedEventId: str(record.sharedEventID),
    issuedKey,
    issuedExpirationMs,
    // parsed when exports carry it as a JSON string, so its leaves are searchable either way
    reqText: flattenParams(params ?? record.requestParameters),
    workloadHints: encodeWorkloadHints(workloadHintsOf(ui, str)),
    resources: resourcesOf(record, params, eventSource),
    raw: rawText,
    engineImport: isObj(record.trailscopeImport),
  };
}

/** Does this object look like a CloudTrail event (as opposed to, say, an S3 event notification)? */
export function looksLikeCloudTrail(v: unknown): v is Obj {
  if (!isObj(v)) return false;
  // a record whose name was nulled (damaged, or tampered with) is still the evidence when its ID,
  // time and caller are there (a record without the key at all may be a wrapper: not this)
  const hasName =
    typeof v.eventName === 'string' ||
    typeof v.eventType === 'string' ||
    (v.eventName === null &&
      typeof v.eventID === 'string' &&
      'eventTime' in v &&
      isObj(v.userIdentity));
  const hasSource = typeof v.eventSource === 'string';
  const hasVersionOrId = 'eventVersion' in v || 'eventID' in v || 'userIdentity' in v;
  // S3 notifications have eventSource "aws:s3" and an "s3" member; CloudTrail sources are hostnames.
  if (hasSource && String(v.eventSource).startsWith('aws:')) return false;
  return hasName && (hasSource || v.eventType === 'AwsCloudTrailInsight') && hasVersionOrId;
}
