import {
  loggingChangeSucceeded,
  paramIs,
  reducesLogging,
  succeeded,
} from '../notable/predicates.js';
import type { EventFacts } from '../notable/types.js';
import type { BlindKind, BlindWindow, LoggingChangeEvent } from './types.js';

/**
 * Blind windows: only where a logging change that succeeded says so. "A logging change that
 * succeeded" (trail calls, from cloudtrail.amazonaws.com), "succeeded" (bucket calls) and "reduces
 * logging" are the notable rules' predicates (domain/notable/predicates.ts), reused so coverage and
 * the findings cannot disagree about which change took effect.
 */

export const TRAIL_NAMES = [
  'StopLogging',
  'StartLogging',
  'DeleteTrail',
  'CreateTrail',
  'UpdateTrail',
  'PutEventSelectors',
] as const;
export const BUCKET_LIFECYCLE_NAMES = [
  'PutBucketLifecycle',
  'PutBucketLifecycleConfiguration',
  'DeleteBucketLifecycle',
] as const;
export const BUCKET_POLICY_NAMES = ['PutBucketPolicy', 'DeleteBucketPolicy'] as const;
/** Every event name coverage reads to find blind windows (the store selects these through the name index). */
export const LOGGING_CHANGE_NAMES: readonly string[] = [
  ...TRAIL_NAMES,
  ...BUCKET_LIFECYCLE_NAMES,
  ...BUCKET_POLICY_NAMES,
];

/** Strength order: a stopped trail hides everything, a bucket change only puts deliveries at risk. */
export const BLIND_ORDER: readonly BlindKind[] = [
  'logging-stopped',
  'trail-deleted',
  'selectors-reduced',
  'bucket-lifecycle',
  'bucket-policy',
];

const facts = (e: LoggingChangeEvent): EventFacts => ({
  eventName: e.eventName,
  eventSource: e.eventSource,
  identityType: null,
  invokedBy: null,
  eventType: null,
  errorCode: e.errorCode,
  errorMessage: e.errorMessage,
  mfa: null,
  reqText: e.reqText,
  request: e.request,
});

/** The first value of a top-level request parameter (flattened "key=value" lines). */
function param(e: LoggingChangeEvent, key: string): string | null {
  const prefix = key + '=';
  for (const line of (e.reqText ?? '').split('\n'))
    if (line.startsWith(prefix)) return line.slice(prefix.length);
  return null;
}

interface TrailRef {
  name: string;
  /** Home region when the trail was named by ARN. */
  region: string | null;
  account: string | null;
}

/** `name` (or `trailName`) may be a bare name or an ARN `arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`. */
function trailOf(e: LoggingChangeEvent): TrailRef | null {
  const v = param(e, 'name') ?? param(e, 'trailName');
  if (!v) return null;
  const arn = /^arn:[^:]+:cloudtrail:([^:]*):(\d*):trail\/(.+)$/.exec(v);
  return arn
    ? { name: arn[3], region: arn[1] || null, account: arn[2] || null }
    : { name: v, region: null, account: null };
}

const trailKey = (account: string, t: TrailRef): string => `${t.account ?? account}\u0000${t.name}`;

export interface BlindInputs {
  events: readonly LoggingChangeEvent[];
  /** Regions of the grid per account: where a multi-region trail's windows are drawn. */
  regionsOf: (account: string) => string[];
  /** Buckets known to hold trail deliveries (digests' buckets), with the accounts delivering there. */
  trailBuckets: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Blind windows, ordered by start, then kind, then target. Pure. */
export function blindWindows(input: BlindInputs): BlindWindow[] {
  const events = [...input.events].sort(
    (a, b) => a.time - b.time || a.eventId.localeCompare(b.eventId),
  );
  const ok = events.filter((e) =>
    (TRAIL_NAMES as readonly string[]).includes(e.eventName ?? '')
      ? loggingChangeSucceeded(facts(e))
      : succeeded(facts(e)),
  );
  const multiRegion = new Set<string>();
  const buckets = new Map<string, Set<string>>();
  for (const [b, accts] of input.trailBuckets) buckets.set(b, new Set(accts));
  // what the evidence says about trails: multi-region ones, and the buckets they deliver to
  for (const e of ok) {
    if (e.eventName !== 'CreateTrail' && e.eventName !== 'UpdateTrail') continue;
    const t = trailOf(e);
    const account = e.account ?? '(unknown)';
    if (t && paramIs(facts(e), 'isMultiRegionTrail', /^true$/i))
      multiRegion.add(trailKey(account, t));
    const bucket = param(e, 's3BucketName');
    if (bucket) {
      const set = buckets.get(bucket) ?? new Set<string>();
      set.add(t?.account ?? account);
      buckets.set(bucket, set);
    }
  }

  const out: BlindWindow[] = [];
  const open = (
    kind: BlindKind,
    e: LoggingChangeEvent,
    account: string,
    regions: string[],
    target: string,
    reason: string,
    end: (n: LoggingChangeEvent) => boolean,
  ) => {
    const closer = ok.find((n) => n.time >= e.time && n !== e && end(n)) ?? null;
    out.push({
      kind,
      account,
      regions: [...new Set(regions)].sort(),
      target,
      from: e.time,
      to: closer ? closer.time : null,
      fromEventId: e.eventId,
      toEventId: closer ? closer.eventId : null,
      reason,
    });
  };
  const sameTrail =
    (e: LoggingChangeEvent, t: TrailRef, account: string) =>
    (n: LoggingChangeEvent): boolean => {
      const nt = trailOf(n);
      return !!nt && trailKey(n.account ?? '(unknown)', nt) === trailKey(account, t);
    };

  for (const e of ok) {
    const account = e.account ?? '(unknown)';
    const name = e.eventName ?? '';
    if (
      name === 'StopLogging' ||
      name === 'DeleteTrail' ||
      (name === 'PutEventSelectors' && reducesLogging(facts(e)))
    ) {
      const t = trailOf(e);
      if (!t) continue;
      const acct = t.account ?? account;
      const home = t.region ?? e.region ?? '(unknown)';
      const regions = multiRegion.has(trailKey(account, t))
        ? input.regionsOf(acct).concat(home)
        : [home];
      const matches = sameTrail(e, t, account);
      if (name === 'StopLogging') {
        open(
          'logging-stopped',
          e,
          acct,
          regions,
          t.name,
          `StopLogging on trail ${t.name} succeeded: the trail records nothing until it is started again`,
          (n) => n.eventName === 'StartLogging' && matches(n),
        );
      } else if (name === 'DeleteTrail') {
        open(
          'trail-deleted',
          e,
          acct,
          regions,
          t.name,
          `DeleteTrail on trail ${t.name} succeeded: nothing is recorded by it until a trail of that name is created and started`,
          (n) => n.eventName === 'StartLogging' && matches(n),
        );
      } else {
        open(
          'selectors-reduced',
          e,
          acct,
          regions,
          t.name,
          `PutEventSelectors on trail ${t.name} reduced what it records (management events, reads or writes)`,
          (n) => n.eventName === 'PutEventSelectors' && matches(n) && !reducesLogging(facts(n)),
        );
      }
      continue;
    }
    const isLifecycle = (BUCKET_LIFECYCLE_NAMES as readonly string[]).includes(name);
    const isPolicy = (BUCKET_POLICY_NAMES as readonly string[]).includes(name);
    if (!isLifecycle && !isPolicy) continue;
    const bucket = param(e, 'bucketName');
    const delivering = bucket ? buckets.get(bucket) : undefined;
    if (!bucket || !delivering) continue; // not a bucket the evidence shows a trail delivering to
    const sameBucket = (n: LoggingChangeEvent) => param(n, 'bucketName') === bucket;
    for (const acct of [...delivering].sort()) {
      const regions = input.regionsOf(acct);
      if (isLifecycle && name !== 'DeleteBucketLifecycle') {
        open(
          'bucket-lifecycle',
          e,
          acct,
          regions,
          bucket,
          `${name} on the trail's bucket ${bucket} succeeded: delivered log files may expire or move from then on`,
          (n) => n.eventName === 'DeleteBucketLifecycle' && sameBucket(n),
        );
      } else if (isPolicy) {
        open(
          'bucket-policy',
          e,
          acct,
          regions,
          bucket,
          `${name} on the trail's bucket ${bucket} succeeded: CloudTrail may be refused delivery until the next policy change`,
          (n) =>
            (BUCKET_POLICY_NAMES as readonly string[]).includes(n.eventName ?? '') && sameBucket(n),
        );
      }
    }
  }
  return out.sort(
    (a, b) =>
      a.from - b.from ||
      BLIND_ORDER.indexOf(a.kind) - BLIND_ORDER.indexOf(b.kind) ||
      a.target.localeCompare(b.target) ||
      a.account.localeCompare(b.account),
  );
}
