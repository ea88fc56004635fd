import { CORE_FIELDS, markRecord } from './import-marker.js';

/**
 * Security Lake keeps CloudTrail as OCSF: management events as API Activity (class_uid 6003),
 * console and other sign-ins as Authentication (3002). A row is mapped back to the CloudTrail
 * fields Security Lake took its attributes from; CloudTrail fields it keeps only in `unmapped`
 * (eventType, readOnly, sharedEventID…, keyed by their CloudTrail path) go back where they came
 * from; OCSF attributes with no CloudTrail field are kept under `trailscopeImport.engineFields`.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const OCSF_CLASSES = new Set([6003, 3002]);

/** An OCSF row Security Lake wrote from CloudTrail (API Activity or Authentication). */
export function isOcsfCloudTrail(v: Obj): boolean {
  const cls = typeof v.class_uid === 'string' ? Number(v.class_uid) : v.class_uid;
  if (typeof cls !== 'number' || !OCSF_CLASSES.has(cls)) return false;
  return isObj(v.metadata) || isObj(v.api) || isObj(v.actor) || isObj(v.user);
}

/** Removes and returns the value at `path` (so what is left over is what had no mapping). */
function take(o: Obj, path: string): unknown {
  const parts = path.split('.');
  let node: unknown = o;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isObj(node)) return undefined;
    node = node[parts[i]];
  }
  if (!isObj(node)) return undefined;
  const last = parts[parts.length - 1];
  const v = node[last];
  delete node[last];
  return v === null ? undefined : v;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A CloudTrail path an `unmapped` key may name: plain names only (never a prototype's). */
function safePath(k: string): boolean {
  const parts = k.split('.');
  return (
    parts.length <= 8 &&
    parts.every((p) => /^[A-Za-z][A-Za-z0-9_]{0,127}$/.test(p) && !UNSAFE_KEYS.has(p))
  );
}

function setPath(target: Obj, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    // own members only: a path never walks into an inherited object
    const next = Object.hasOwn(node, parts[i]) ? node[parts[i]] : undefined;
    if (isObj(next)) node = next;
    else {
      const created: Obj = {};
      node[parts[i]] = created;
      node = created;
    }
  }
  const last = parts[parts.length - 1];
  if (!Object.hasOwn(node, last))
    Object.defineProperty(node, last, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
}

/** Drop emptied objects left behind by `take`. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v;
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const p = prune(x);
    if (p === null || p === undefined || (isObj(p) && Object.keys(p).length === 0)) continue;
    // defined, not assigned: a "__proto__" member from JSON stays a member
    Object.defineProperty(out, k, {
      value: p,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

function jsonText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return v;
  }
}

function timeOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15)
    return new Date(v).toISOString().replace('.000Z', 'Z');
  if (typeof v === 'string' && /^\d{13}$/.test(v)) return timeOf(Number(v));
  if (typeof v === 'string' && v)
    return v.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T').replace(/(\.0+)?(Z| UTC)?$/, 'Z');
  return undefined;
}

/** Rebuild the CloudTrail record an OCSF row came from. */
export function fromOcsf(row: Obj): Obj {
  // a deep copy: mapped attributes are taken out of it, what is left had no mapping
  const o = JSON.parse(JSON.stringify(row)) as Obj;
  const r: Obj = {};
  const put = (field: string, v: unknown): void => {
    if (v !== undefined && v !== null && v !== '') setPath(r, field, v);
  };
  const cls = Number(take(o, 'class_uid'));
  // the actor of an API call; the signed-in user of an Authentication event
  const who = cls === 3002 && isObj(o.user) ? 'user' : 'actor.user';
  put('eventVersion', str(take(o, 'metadata.product.version')));
  put('eventID', str(take(o, 'metadata.uid')));
  put('eventCategory', str(take(o, 'metadata.product.feature.name')));
  put('eventTime', timeOf(take(o, 'time')) ?? timeOf(take(o, 'time_dt')));
  take(o, 'time_dt');
  put('eventName', str(take(o, 'api.operation')));
  put('eventSource', str(take(o, 'api.service.name')));
  put('apiVersion', str(take(o, 'api.version')));
  put('requestID', str(take(o, 'api.request.uid')));
  put('requestParameters', jsonText(take(o, 'api.request.data')));
  put('responseElements', jsonText(take(o, 'api.response.data')));
  put('errorCode', str(take(o, 'api.response.error')));
  put('errorMessage', str(take(o, 'api.response.message')));
  put('awsRegion', str(take(o, 'cloud.region')));
  put('recipientAccountId', str(take(o, 'cloud.account.uid')) ?? str(take(o, 'cloud.account_uid')));
  put('sourceIPAddress', str(take(o, 'src_endpoint.ip')) ?? str(take(o, 'src_endpoint.domain')));
  put('vpcEndpointId', str(take(o, 'src_endpoint.uid')));
  put('userAgent', str(take(o, 'http_request.user_agent')));
  put('userIdentity.type', str(take(o, `${who}.type`)));
  put('userIdentity.arn', str(take(o, `${who}.uid`)));
  put('userIdentity.principalId', str(take(o, `${who}.uid_alt`)));
  put('userIdentity.userName', str(take(o, `${who}.name`)));
  put(
    'userIdentity.accountId',
    str(take(o, `${who}.account.uid`)) ?? str(take(o, `${who}.account_uid`)),
  );
  put('userIdentity.accessKeyId', str(take(o, `${who}.credential_uid`)));
  put('userIdentity.invokedBy', str(take(o, 'actor.invoked_by')));
  put('userIdentity.sessionContext.sessionIssuer.arn', str(take(o, 'actor.session.issuer')));
  const mfa = take(o, 'actor.session.is_mfa') ?? take(o, 'is_mfa');
  if (typeof mfa === 'boolean') {
    if (cls === 3002) put('additionalEventData.MFAUsed', mfa ? 'Yes' : 'No');
    else put('userIdentity.sessionContext.attributes.mfaAuthenticated', String(mfa));
  }
  put(
    'userIdentity.sessionContext.attributes.creationDate',
    timeOf(take(o, 'actor.session.created_time')) ??
      timeOf(take(o, 'actor.session.created_time_dt')),
  );
  take(o, 'actor.session.created_time_dt');
  put('userIdentity.webIdFederationData.federatedProvider', str(take(o, 'actor.idp.name')));
  const resources = take(o, 'resources');
  if (Array.isArray(resources)) {
    put(
      'resources',
      resources.filter(isObj).map((x) => {
        const owner = isObj(x.owner) ? x.owner : {};
        return prune({
          ARN: str(x.uid),
          accountId:
            str(owner.account_uid) ?? str(isObj(owner.account) ? owner.account.uid : undefined),
          type: str(x.type),
        });
      }),
    );
  }
  if (cls === 3002) {
    const status = str(take(o, 'status'));
    if (status && r.responseElements === undefined)
      put('responseElements', { ConsoleLogin: status === 'Success' ? 'Success' : 'Failure' });
    if (status === 'Failure') put('errorMessage', str(take(o, 'status_detail')));
    put('eventName', str(take(o, 'metadata.event_code')));
  }
  // CloudTrail fields OCSF has no attribute for, keyed by their CloudTrail path
  const unmapped = take(o, 'unmapped');
  if (isObj(unmapped)) {
    for (const [k, v] of Object.entries(unmapped)) {
      if (!safePath(k)) {
        // kept as returned, under a key that cannot name a path
        const kept = isObj(o.unmappedKept) ? o.unmappedKept : (o.unmappedKept = {});
        Object.defineProperty(kept, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        continue;
      }
      const value =
        k === 'readOnly' && (v === 'true' || v === 'false') ? v === 'true' : jsonText(v);
      put(k, value);
    }
  }
  const missing = CORE_FIELDS.filter((f) => r[f] === undefined);
  // the OCSF classification says nothing CloudTrail did not; the rest is kept as returned
  for (const k of [
    'category_uid',
    'category_name',
    'class_name',
    'type_uid',
    'type_name',
    'activity_name',
    'severity',
    'severity_id',
    'metadata.version',
    'metadata.product.name',
    'metadata.product.vendor_name',
    'cloud.provider',
  ])
    take(o, k);
  const rest = prune(o) as Obj;
  markRecord(r, {
    engine: 'security-lake',
    fieldsMissingFromEngineResult: missing,
    engineFields: { class_uid: cls, ...rest },
  });
  return r;
}
