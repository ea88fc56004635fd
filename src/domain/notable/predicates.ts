import type { EventFacts } from './types.js';

/** Small predicates rules are built from. Pure; they read only the event's facts. */

/**
 * The event's request parameters from the stored record, read once per event however many rules
 * ask (reading a record back means inflating its block).
 */
export function requestOf(f: EventFacts): unknown {
  if (!f.request) return undefined;
  if (requests.has(f)) return requests.get(f);
  const req = f.request();
  requests.set(f, req);
  return req;
}

const requests = new WeakMap<EventFacts, unknown>();

export function succeeded(f: Pick<EventFacts, 'errorCode' | 'errorMessage'>): boolean {
  return f.errorCode === null && f.errorMessage === null;
}

export function failed(f: Pick<EventFacts, 'errorCode' | 'errorMessage'>): boolean {
  return !succeeded(f);
}

/** The request parameter lines ("key=value"), lower-cased keys kept as written. */
function paramLines(f: EventFacts): string[] {
  return f.reqText ? f.reqText.split('\n') : [];
}

/** True when some request parameter `key` (any depth) has a value matching `value`. */
export function paramIs(f: EventFacts, key: string, value: RegExp): boolean {
  const prefix = key + '=';
  return paramLines(f).some((l) => l.startsWith(prefix) && value.test(l.slice(prefix.length)));
}

/** True when some request parameter, whatever its key, has a value matching `value`. */
export function anyParam(f: EventFacts, value: RegExp): boolean {
  return paramLines(f).some((l) => value.test(l.slice(l.indexOf('=') + 1)));
}

export function hasParam(f: EventFacts, key: string): boolean {
  const prefix = key + '=';
  return paramLines(f).some((l) => l.startsWith(prefix));
}

/**
 * A CIDR with prefix length 0 is the whole internet whatever address precedes it: AWS accepts
 * `208.236.235.254/0` and canonicalises it to `0.0.0.0/0`, and IPv6 can be written `::/0`,
 * `0::/0`, `0:0:0:0:0:0:0:0/0` or with leading zeros in the prefix (`/00`).
 */
const WHOLE_INTERNET = /^\s*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]*)\s*\/\s*0+\s*$/i;

export function isWholeInternet(cidr: string): boolean {
  return WHOLE_INTERNET.test(cidr);
}

/** Security group calls that add a rule; egress rules let traffic out, they expose nothing. */
const SG_INGRESS_GRANTS = new Set(['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules']);

/**
 * A grant that lets the whole internet in: an ingress rule (ModifySecurityGroupRules does not say
 * which direction it edits, so it counts as one) naming a /0 range. Egress to 0.0.0.0/0 is every
 * security group's default rule, not exposure.
 */
export function opensToWorld(f: EventFacts): boolean {
  if (!SG_INGRESS_GRANTS.has(f.eventName ?? '')) return false;
  return paramLines(f).some((l) => isWholeInternet(l.slice(l.indexOf('=') + 1)));
}

/** CloudTrail calls that change what a trail records (stop, delete, redirect, select less or more). */
export const LOGGING_CHANGES: readonly string[] = [
  'StopLogging',
  'DeleteTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
  'StartLogging',
  'CreateTrail',
];

/** A call that changed a trail's logging and succeeded (issue 15's coverage reads the same answer). */
export function loggingChangeSucceeded(
  f: Pick<EventFacts, 'eventName' | 'eventSource' | 'errorCode' | 'errorMessage'>,
): boolean {
  return (
    f.eventSource === 'cloudtrail.amazonaws.com' &&
    LOGGING_CHANGES.includes(f.eventName ?? '') &&
    succeeded(f)
  );
}

/** Policy documents arrive as JSON text, sometimes URL-encoded. */
function decodedParamValues(f: EventFacts): string[] {
  return paramLines(f).map((l) => {
    const v = l.slice(l.indexOf('=') + 1);
    if (!v.includes('%')) return v;
    try {
      return decodeURIComponent(v);
    } catch {
      return v;
    }
  });
}

const ALL_ACTIONS = /"Action"\s*:\s*(\[\s*)?"(\*|iam:\*)"/;
const ALLOW = /"Effect"\s*:\s*"Allow"/;
const ADMIN_MANAGED = /:policy\/(AdministratorAccess|IAMFullAccess)$/;

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** A policy document that allows every action (or every IAM action): parsed when it parses. */
export function allowsEverything(doc: string): boolean {
  try {
    const parsed = JSON.parse(doc) as { Statement?: unknown };
    return asList(parsed.Statement).some((st) => {
      if (!st || typeof st !== 'object') return false;
      const { Effect, Action } = st as { Effect?: unknown; Action?: unknown };
      return Effect === 'Allow' && asList(Action).some((a) => a === '*' || a === 'iam:*');
    });
  } catch {
    // truncated or odd text: the same test on the text (a deny-everything policy is not admin)
    return ALL_ACTIONS.test(doc) && ALLOW.test(doc);
  }
}

/** A managed admin policy, or an inline/versioned document that allows every action. */
export function grantsAdmin(f: EventFacts): boolean {
  if (paramIs(f, 'policyArn', ADMIN_MANAGED)) return true;
  return decodedParamValues(f).some((v) => v.includes('"Action"') && allowsEverything(v));
}

const PUBLIC_GRANTEE = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;
const PUBLIC_CANNED = /^(public-read|public-read-write|authenticated-read)$/;

type Obj = Record<string, unknown>;

function objectOf(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Policies arrive as objects, or as JSON text (sometimes URL-encoded). */
function policyDocument(v: unknown): Obj | undefined {
  if (typeof v !== 'string') return objectOf(v);
  for (const text of [v, safeDecode(v)]) {
    try {
      return objectOf(JSON.parse(text));
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function principalIsEveryone(p: unknown): boolean {
  if (p === '*') return true;
  const o = objectOf(p);
  return !!o && asList(o.AWS).includes('*');
}

/**
 * Condition keys that pin a grant to known accounts, networks or an organisation: a statement for
 * "*" restricted by one of them is not public (the keys S3 Block Public Access accepts as such).
 */
const RESTRICTING_KEYS =
  /^(aws:(SourceIp|SourceVpc|SourceVpce|SourceAccount|SourceArn|SourceOwner|PrincipalOrgID|PrincipalOrgPaths|PrincipalAccount|PrincipalArn|PrincipalServiceName|userid)|s3:DataAccessPoint(Arn|Account))$/i;

function restrictedByCondition(condition: unknown): boolean {
  const ops = objectOf(condition);
  if (!ops) return false;
  return Object.values(ops).some((keys) =>
    Object.keys(objectOf(keys) ?? {}).some((k) => RESTRICTING_KEYS.test(k)),
  );
}

/**
 * Whether a policy document has a statement that allows everyone, judged statement by statement
 * (a TLS-only Deny for "*" beside an Allow for one role is not public). Null when it is not a
 * policy document this can read.
 */
export function policyGrantsEveryone(policy: unknown): boolean | null {
  const doc = policyDocument(policy);
  if (!doc || doc.Statement === undefined) return null;
  return asList(doc.Statement).some((raw) => {
    const st = objectOf(raw);
    return (
      !!st &&
      st.Effect === 'Allow' &&
      principalIsEveryone(st.Principal) &&
      !restrictedByCondition(st.Condition)
    );
  });
}

/** A bucket policy or ACL that grants everyone, or a public access block being switched off. */
export function exposesBucket(f: EventFacts): boolean {
  switch (f.eventName) {
    case 'PutBucketPolicy': {
      const verdict = policyGrantsEveryone(objectOf(requestOf(f))?.bucketPolicy);
      if (verdict !== null) return verdict;
      // no structured policy: principals flatten to "Principal=*" or "AWS=*"
      return (
        paramIs(f, 'Effect', /^Allow$/) &&
        (paramIs(f, 'Principal', /^\*$/) || paramIs(f, 'AWS', /^\*$/))
      );
    }
    case 'PutBucketAcl':
      return anyParam(f, PUBLIC_GRANTEE) || paramIs(f, 'x-amz-acl', PUBLIC_CANNED);
    case 'PutBucketPublicAccessBlock':
    case 'PutPublicAccessBlock':
    case 'PutAccountPublicAccessBlock':
      return /^(BlockPublicAcls|IgnorePublicAcls|BlockPublicPolicy|RestrictPublicBuckets)=false$/m.test(
        f.reqText ?? '',
      );
    case 'DeleteBucketPublicAccessBlock':
    case 'DeletePublicAccessBlock':
    case 'DeleteAccountPublicAccessBlock':
      return true;
    default:
      return false;
  }
}

/**
 * Advanced selectors still record every management event when one selector takes the Management
 * category with no other condition (a readOnly or eventSource condition on it drops some). Other
 * selectors (data events) only add to what is recorded.
 */
function recordsAllManagementEvents(selectors: readonly unknown[]): boolean {
  return selectors.some((raw) => {
    const fields = asList(objectOf(raw)?.fieldSelectors).map(objectOf);
    const category = fields.find((fs) => fs?.field === 'eventCategory');
    if (!category || !asList(category.Equals ?? category.equals).includes('Management'))
      return false;
    return fields.every((fs) => fs === category);
  });
}

/** Event selectors that stop recording something (management events, reads or writes, Insights). */
export function reducesLogging(f: EventFacts): boolean {
  if (f.eventName === 'PutInsightSelectors')
    return !hasParam(f, 'insightType') && !hasParam(f, 'InsightType');
  if (f.eventName !== 'PutEventSelectors') return false;
  const advanced = objectOf(requestOf(f))?.advancedEventSelectors;
  if (Array.isArray(advanced)) return !recordsAllManagementEvents(advanced);
  if (hasParam(f, 'field')) {
    // (no structured selectors) keeping only reads or only writes, or no longer selecting management events
    return paramIs(f, 'equals', /^(true|false)$/) || !paramIs(f, 'equals', /^Management$/);
  }
  if (!hasParam(f, 'readWriteType') && !hasParam(f, 'includeManagementEvents')) return true; // selectors emptied
  return (
    paramIs(f, 'includeManagementEvents', /^false$/i) ||
    paramIs(f, 'readWriteType', /^(ReadOnly|WriteOnly)$/) ||
    hasParam(f, 'excludeManagementEventSources')
  );
}
