import { asciiLower } from './field-norm.js';

/**
 * The normal form of a resource, so that one resource is one value of `resource:` in filters,
 * facets, fuzzy search and pivots, whether an event names it by ARN, by name or by both:
 *
 * 1. an ARN is kept as recorded;
 * 2. an S3 bucket name becomes its ARN, `arn:PARTITION:s3:::NAME`: bucket ARNs carry no account
 *    or region, so the ARN follows from the name (the partition from the event's region);
 * 3. another name that an ARN of the same event ends in (`:NAME` or `/NAME`), with the same type
 *    or no type, is that resource, already counted by its ARN: a KMS `keyId` beside the key's ARN,
 *    a trail name beside the trail's ARN;
 * 4. else the name as recorded: an IAM role or user name is not turned into an ARN, since the
 *    role's path and account are not in the name.
 *
 * Buckets come before rule 3 so that a bucket called `a` never merges into an object `…/a`.
 * SQLite computes the same in plain SQL (`RESOURCE_KEY_SQL` in resource-sql.ts, no JavaScript per
 * row, since a facet reads every resource row); the property tests check that the two agree.
 */

/** A resource as stored: `resources[]` entries and well-known request parameters (ingest/normalize.ts). */
export interface StoredResource {
  type: string | null;
  name: string;
}

/** ASCII case-insensitive, as SQLite's `LIKE 'arn:%'`. */
export const isArn = (s: string): boolean => /^arn:/i.test(s);

/** Partitions by region prefix (most specific first); every other region is in `aws`. */
export const PARTITIONS: readonly [prefix: string, partition: string][] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
  ['eusc-', 'aws-eusc'],
];

const ALL_PARTITIONS: readonly string[] = ['aws', ...PARTITIONS.map(([, p]) => p)];

export function partitionOf(region: string | null): string {
  const r = region === null ? '' : asciiLower(region);
  return PARTITIONS.find(([prefix]) => r.startsWith(prefix))?.[1] ?? 'aws';
}

/**
 * A bucket name whose ARN is `arn:P:s3:::NAME` (`BUCKET_SQL` in resource-sql.ts says the same). Directory buckets (`…--x-s3`) have regional
 * `s3express` ARNs with an account, which the name does not give, so they stay names.
 */
function derivableBucket(name: string, type: string | null): boolean {
  return (
    type !== null &&
    asciiLower(type) === 'aws::s3::bucket' &&
    !/[:/]/.test(name) &&
    !/--x-s3$/i.test(name)
  );
}

/**
 * Whether the name could be a bucket whose ARN, in some partition, meets `test`: the compiler's
 * prefilter for patterns (the event's region decides the partition; the exact form is compared after).
 */
export function bucketArnMayMatch(name: string, test: (arn: string) => boolean): boolean {
  return (
    derivableBucket(name, 'AWS::S3::Bucket') &&
    ALL_PARTITIONS.some((part) => test(`arn:${part}:s3:::${name}`))
  );
}

/** Rules 1 and 2: the form that follows from the resource alone; null when the event must be read. */
export function standaloneForm(
  name: string,
  type: string | null,
  region: string | null,
): string | null {
  if (isArn(name)) return name;
  return derivableBucket(name, type) ? `arn:${partitionOf(region)}:s3:::${name}` : null;
}

/** Rule 3: `arn` (of type `arnType`) is the ARN of the resource named `name` (of type `nameType`). */
export function arnNamesResource(
  arn: string,
  arnType: string | null,
  name: string,
  nameType: string | null,
): boolean {
  if (!isArn(arn) || isArn(name)) return false;
  if (arnType !== null && nameType !== null && asciiLower(arnType) !== asciiLower(nameType))
    return false;
  const a = asciiLower(arn);
  const n = asciiLower(name);
  return a.endsWith(':' + n) || a.endsWith('/' + n);
}

/**
 * The normal form of each stored resource of one event, in the order given; null for a name that
 * an ARN of the event already stands for (rule 3).
 */
export function resourceKeys(
  resources: readonly StoredResource[],
  region: string | null,
): (string | null)[] {
  return resources.map((r) => {
    const alone = standaloneForm(r.name, r.type, region);
    if (alone !== null) return alone;
    return resources.some((a) => arnNamesResource(a.name, a.type, r.name, r.type)) ? null : r.name;
  });
}

/**
 * The resources of one event, one entry per resource (ASCII case variants of one form are one
 * resource, as everywhere in filters), in the order stored. What a pivot offers.
 */
export function eventResourceValues(
  resources: readonly StoredResource[],
  region: string | null,
): { value: string; type: string | null }[] {
  const keys = resourceKeys(resources, region);
  const out = new Map<string, { value: string; type: string | null }>();
  keys.forEach((value, i) => {
    if (value === null) return;
    const k = asciiLower(value);
    const had = out.get(k);
    if (!had) out.set(k, { value, type: resources[i].type });
    else had.type ??= resources[i].type;
  });
  return [...out.values()];
}
