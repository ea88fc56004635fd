import { looksLikeCloudTrail as ctGuard } from './normalize.js';
import type { Container } from './json-splitter.js';
import { fromOcsf, isOcsfCloudTrail } from './engines/ocsf.js';
import { fromTrinoRow, looksLikeTrinoRow } from './engines/trino-object.js';

type Obj = Record<string, unknown>;

/** Input shapes, as recorded in `files.shape` and reported in the summary. */
export type Shape =
  | 's3-delivery'
  | 'insights'
  | 'digest'
  | 'console-csv'
  | 'lookup-events'
  | 'json-lines'
  | 'json-array'
  | 'single-event'
  | 'cloudwatch-logs'
  | 'eventbridge'
  | 'siem-wrapper'
  | 'athena-csv'
  | 'cloudtrail-lake-csv'
  | 'security-lake-ocsf'
  | 'security-lake-parquet'
  | 'athena-parquet'
  | 'zip';

export const SHAPE_LABELS: Record<Shape, string> = {
  's3-delivery': 'S3 delivery / console JSON ({"Records":[...]})',
  insights: 'Insights delivery',
  digest: 'digest (integrity, not events)',
  'console-csv': 'console Event-history CSV',
  'lookup-events': 'lookup-events output',
  'json-lines': 'JSON Lines',
  'json-array': 'JSON array',
  'single-event': 'single event',
  'cloudwatch-logs': 'CloudWatch Logs export',
  eventbridge: 'EventBridge envelope',
  'siem-wrapper': 'SIEM wrapper / search response',
  'athena-csv': 'Athena result CSV (CloudTrail table)',
  'cloudtrail-lake-csv': 'CloudTrail Lake saved query result',
  'security-lake-ocsf': 'Security Lake OCSF rows',
  'security-lake-parquet': 'Security Lake OCSF Parquet',
  'athena-parquet': 'Parquet in the Athena CloudTrail layout',
  zip: 'zip archive',
};

/** How a record was wrapped, which decides the file's shape. */
export type Wrapping =
  'bare' | 'lookup' | 'cloudwatch' | 'eventbridge' | 'siem' | 'ocsf' | 'athena-row';

export type Unwrapped =
  | {
      kind: 'event';
      record: Obj;
      wrapping: Wrapping;
      /** the record's own JSON text when it came as a string */ text?: string;
      /**
       * A lookup-events entry whose CloudTrailEvent is there but not a whole event (cut or
       * damaged): the record is rebuilt from the entry's summary fields, and the file says so.
       */
      rebuiltFromSummary?: true;
      /** Rebuilt from a lookup-events entry's summary fields (cut, damaged or absent record). */
      summaryOnly?: true;
      /** A lookup-events entry whose EventId is not its record's eventID (the record's is used). */
      entryId?: string;
    }
  | { kind: 'digest'; value: Obj }
  | { kind: 'skip'; reason: string };

/** Not a type guard: a failed check must not narrow the object away. */
function looksLikeCloudTrail(v: unknown): boolean {
  return ctGuard(v);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Fields that SIEM and log shippers put the original event in, as an object or a JSON string. */
const WRAPPER_KEYS = [
  '_raw',
  'message',
  'Message',
  'event',
  'detail',
  'log',
  'data',
  'record',
  // Splunk's JSON export (UI and /search/jobs/export): {"preview":…,"result":{"_raw":…}}
  'result',
  'body',
  '_source',
  'raw',
  'json',
  // ECS (Elastic's CloudTrail integration with preserve_original_event): event.original
  'original',
];
const MAX_UNWRAP_DEPTH = 4;

function parseObj(s: string): Obj | null {
  const t = s.trimStart();
  if (!t.startsWith('{')) return null;
  try {
    const v = JSON.parse(t) as unknown;
    return isObj(v) ? v : null;
  } catch {
    return null;
  }
}

export function isDigest(v: Obj): boolean {
  return 'digestStartTime' in v && 'logFiles' in v && ('awsAccountId' in v || 'digestEndTime' in v);
}

function isS3Notification(v: Obj): boolean {
  return (
    typeof v.eventSource === 'string' &&
    v.eventSource.startsWith('aws:') &&
    ('s3' in v || 'eventName' in v)
  );
}

/** A lookup-events entry without its CloudTrailEvent string: rebuild what the entry says. */
function fromLookupFields(v: Obj): Obj | null {
  if (typeof v.EventName !== 'string' && typeof v.EventId !== 'string') return null;
  const t = v.EventTime;
  // epoch seconds; one out of Date's range (1e300) is kept as written and flagged, not thrown on
  const ms = typeof t === 'number' ? t * 1000 : NaN;
  const time =
    typeof t === 'number'
      ? Number.isFinite(ms) && Math.abs(ms) <= 8.64e15
        ? new Date(ms).toISOString()
        : String(t)
      : t;
  const resources = Array.isArray(v.Resources)
    ? v.Resources.filter(isObj).map((r) => ({ type: r.ResourceType, ARN: r.ResourceName }))
    : undefined;
  return {
    eventID: v.EventId,
    eventName: v.EventName,
    eventSource: v.EventSource,
    eventTime: time,
    readOnly: v.ReadOnly,
    userIdentity: { userName: v.Username, accessKeyId: v.AccessKeyId },
    resources,
  };
}

function describeKeys(v: Obj): string {
  const keys = Object.keys(v)
    .slice(0, 6)
    .map((k) => (k.length > 30 ? k.slice(0, 29) + '…' : k));
  return keys.length
    ? `an object with keys ${keys.join(', ')}${Object.keys(v).length > 6 ? ', …' : ''}`
    : 'an empty object';
}

function unwrapObj(v: Obj, depth: number): Unwrapped {
  if (looksLikeCloudTrail(v)) return { kind: 'event', record: v, wrapping: 'bare' };
  if (isDigest(v)) return { kind: 'digest', value: v };
  if (isOcsfCloudTrail(v)) {
    try {
      return { kind: 'event', record: fromOcsf(v), wrapping: 'ocsf' };
    } catch (err) {
      return {
        kind: 'skip',
        reason: `an OCSF row that could not be mapped back to CloudTrail (${(err as Error).message.slice(0, 80)})`,
      };
    }
  }
  if (looksLikeTrinoRow(v))
    return { kind: 'event', record: fromTrinoRow(v), wrapping: 'athena-row' };
  if (isS3Notification(v)) {
    return {
      kind: 'skip',
      reason: `an S3 event notification (eventSource "${String(v.eventSource).slice(0, 40)}"), not a CloudTrail event`,
    };
  }
  if (depth >= MAX_UNWRAP_DEPTH)
    return { kind: 'skip', reason: 'no CloudTrail event found in nested wrappers' };
  // lookup-events entry
  if ('CloudTrailEvent' in v || ('EventId' in v && 'EventName' in v)) {
    const inner =
      typeof v.CloudTrailEvent === 'string'
        ? parseObj(v.CloudTrailEvent)
        : isObj(v.CloudTrailEvent)
          ? v.CloudTrailEvent
          : null;
    if (inner && looksLikeCloudTrail(inner)) {
      // (a record without an eventID of its own gets a derived one: not a mismatch to report)
      const mismatch =
        typeof v.EventId === 'string' &&
        typeof inner.eventID === 'string' &&
        inner.eventID.trim() !== '' &&
        v.EventId !== inner.eventID;
      return {
        kind: 'event',
        record: inner,
        wrapping: 'lookup',
        text: typeof v.CloudTrailEvent === 'string' ? v.CloudTrailEvent : undefined,
        ...(mismatch ? { entryId: v.EventId as string } : {}),
      };
    }
    const rebuilt = fromLookupFields(v);
    if (rebuilt) {
      const damaged = v.CloudTrailEvent !== undefined && v.CloudTrailEvent !== null;
      return {
        kind: 'event',
        record: rebuilt,
        wrapping: 'lookup',
        summaryOnly: true,
        ...(damaged ? { rebuiltFromSummary: true as const } : {}),
      };
    }
  }
  // EventBridge
  if (typeof v['detail-type'] === 'string' && isObj(v.detail)) {
    if (looksLikeCloudTrail(v.detail))
      return { kind: 'event', record: v.detail, wrapping: 'eventbridge' };
    return {
      kind: 'skip',
      reason: `an EventBridge event of type "${String(v['detail-type']).slice(0, 60)}" without a CloudTrail event in detail`,
    };
  }
  // CloudWatch Logs entry: {timestamp, message: "<event JSON>"}
  if (
    typeof v.message === 'string' &&
    ('timestamp' in v || 'logStreamName' in v || 'ingestionTime' in v)
  ) {
    const inner = parseObj(v.message);
    if (inner && looksLikeCloudTrail(inner))
      return { kind: 'event', record: inner, wrapping: 'cloudwatch', text: v.message };
    if (!inner && v.message.trimStart().startsWith('{'))
      return {
        kind: 'skip',
        reason: 'a CloudWatch Logs entry whose message is not a whole JSON event (cut or damaged)',
      };
  }
  for (const key of WRAPPER_KEYS) {
    const w = v[key];
    let inner: Obj | null = null;
    let text: string | undefined;
    if (typeof w === 'string') {
      inner = parseObj(w);
      text = w;
    } else if (isObj(w)) {
      inner = w;
    }
    if (!inner) continue;
    const r = unwrapObj(inner, depth + 1);
    if (r.kind === 'event') {
      const direct = r.wrapping === 'bare';
      return {
        kind: 'event',
        record: r.record,
        wrapping: r.wrapping === 'bare' ? 'siem' : r.wrapping,
        text: direct ? (text ?? r.text) : r.text,
        ...(r.rebuiltFromSummary ? { rebuiltFromSummary: true as const } : {}),
        ...(r.summaryOnly ? { summaryOnly: true as const } : {}),
        ...(r.entryId !== undefined ? { entryId: r.entryId } : {}),
      };
    }
    if (r.kind === 'skip' && depth === 0 && key !== 'event') return r;
  }
  if ('@timestamp' in v && isObj(v.event) && ('aws' in v || 'ecs' in v || 'action' in v.event))
    return {
      kind: 'skip',
      reason:
        "an ECS document (Elastic) without the original CloudTrail record: keep it with the integration's preserve_original_event (event.original), or export the raw logs",
    };
  return { kind: 'skip', reason: `${describeKeys(v)}, not a CloudTrail event` };
}

/**
 * The documents of an Elasticsearch / OpenSearch search response that came as one item (an array
 * of responses, `_msearch`'s `{"responses":[…]}`, Kibana's `{"rawResponse":…}`); null when the
 * item is none of those. A response at the top of a file is split by the JSON splitter instead.
 */
export function searchHits(v: unknown): unknown[] | null {
  const hitsOf = (o: unknown): unknown[] | null =>
    isObj(o) && isObj(o.hits) && Array.isArray(o.hits.hits) ? o.hits.hits : null;
  if (!isObj(v)) return null;
  const direct = hitsOf(v) ?? hitsOf(v.rawResponse);
  if (direct) return direct;
  if (Array.isArray(v.responses) && v.responses.some((r) => hitsOf(r) !== null))
    return v.responses.flatMap((r) => hitsOf(r) ?? []);
  return null;
}

/** Find the CloudTrail event in one item of a file (whatever wraps it). */
export function unwrapItem(value: unknown, container: Container): Unwrapped {
  if (!isObj(value)) {
    return {
      kind: 'skip',
      reason: Array.isArray(value)
        ? 'a nested array, not a CloudTrail event'
        : `a JSON ${value === null ? 'null' : typeof value}, not a CloudTrail event`,
    };
  }
  if ((container === 'events' || container === 'logEvents') && typeof value.message === 'string') {
    const inner = parseObj(value.message);
    if (inner && looksLikeCloudTrail(inner))
      return { kind: 'event', record: inner, wrapping: 'cloudwatch', text: value.message };
  }
  return unwrapObj(value, 0);
}

/** The file's shape, from the container of its first event and how that event was wrapped. */
export function shapeOf(
  container: Container,
  wrapping: Wrapping,
  record: Obj,
  topItems: number,
): Shape {
  switch (wrapping) {
    case 'lookup':
      return 'lookup-events';
    case 'cloudwatch':
      return 'cloudwatch-logs';
    case 'eventbridge':
      return 'eventbridge';
    case 'siem':
      return 'siem-wrapper';
    case 'ocsf':
      return 'security-lake-ocsf';
    case 'athena-row':
      return 'athena-parquet';
    case 'bare':
      break;
  }
  if (container === 'Records')
    return record.eventType === 'AwsCloudTrailInsight' ? 'insights' : 's3-delivery';
  if (container === 'hits') return 'siem-wrapper';
  if (container === 'array') return 'json-array';
  if (container === 'top') return topItems > 1 ? 'json-lines' : 'single-event';
  return 's3-delivery';
}
