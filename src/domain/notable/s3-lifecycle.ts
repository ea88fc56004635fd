/**
 * S3 request shapes the impact rules read: lifecycle configurations (as CloudTrail records
 * PutBucketLifecycle: `LifecycleConfiguration.Rule`, one object or a list) and KMS key ARNs.
 */

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** A rule whose scope is the whole bucket: no prefix, no tag, no size condition. */
function coversWholeBucket(rule: Obj): boolean {
  if (!blank(rule.Prefix)) return false;
  const filter = obj(rule.Filter);
  if (!filter) return true;
  return Object.entries(filter).every(([k, v]) => k === 'Prefix' && blank(v));
}

function within(days: unknown, limit: number): boolean {
  const n = Number(days);
  return Number.isFinite(n) && n <= limit;
}

/**
 * A lifecycle configuration with an enabled whole-bucket rule that expires current objects
 * (within `days`, or on a date) or their previous versions (within `days`).
 */
export function expiresEverything(request: unknown, days: number): boolean {
  const config = obj(obj(request)?.LifecycleConfiguration);
  return list(config?.Rule).some((raw) => {
    const rule = obj(raw);
    if (!rule || rule.Status !== 'Enabled' || !coversWholeBucket(rule)) return false;
    const exp = obj(rule.Expiration);
    const old = obj(rule.NoncurrentVersionExpiration);
    return (
      (exp !== undefined && (within(exp.Days, days) || !blank(exp.Date))) ||
      (old !== undefined && within(old.NoncurrentDays, days))
    );
  });
}

/** The account of a KMS key ARN (`arn:aws:kms:REGION:ACCOUNT:key/…`); null for a bare key ID or alias. */
export function accountOfKey(keyId: string): string | null {
  const m = /^arn:[^:]+:kms:[^:]*:(\d{12}):/.exec(keyId.trim());
  return m ? m[1] : null;
}
