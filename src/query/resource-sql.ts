import { PARTITIONS } from './resource-form.js';
import type { ValueCond } from './plan.js';

/**
 * The resource normal form (resource-form.ts) in SQL, for the compiler and the facets: one
 * definition, so a `resource:` value selects exactly the events its facet row counts.
 */

/**
 * The stored resources with what their normal form needs, one row per `event_resources` row: `r`
 * the row, `rn` / `rt` its name and type. The event's region is read only for bucket names, so a
 * filter that finds object ARNs never reads the events table.
 */
export const RESOURCE_ROWS_SQL =
  'event_resources r JOIN dict rn ON rn.id = r.name_ref LEFT JOIN dict rt ON rt.id = r.type_ref';

/** `partitionOf` (resource-form.ts) of the region of the row's event. */
const PARTITION_SQL = `(SELECT CASE ${PARTITIONS.map(([prefix, part]) => `WHEN rg.value LIKE '${prefix}%' THEN '${part}'`).join(' ')} ELSE 'aws' END FROM events ev LEFT JOIN dict rg ON rg.id = ev.aws_region_ref WHERE ev.id = r.event_rowid)`;

/** `derivableBucket` (resource-form.ts) of the row's name and type; LIKE folds ASCII case as asciiLower does. */
const BUCKET_SQL =
  "(rt.value LIKE 'aws::s3::bucket' AND instr(rn.value, ':') = 0 AND instr(rn.value, '/') = 0 AND rn.value NOT LIKE '%--x-s3')";

/**
 * `arnNamesResource` (resource-form.ts): another row of the same event is an ARN ending in `:NAME`
 * or `/NAME` with a compatible type (`substr` and `length` count characters, as the suffix test does).
 */
const NAMED_BY_ARN_SQL =
  `EXISTS (SELECT 1 FROM event_resources r2 JOIN dict n2 ON n2.id = r2.name_ref LEFT JOIN dict t2 ON t2.id = r2.type_ref ` +
  `WHERE r2.event_rowid = r.event_rowid AND n2.value LIKE 'arn:%' ` +
  `AND lower(substr(n2.value, -length(rn.value) - 1)) IN (lower(':' || rn.value), lower('/' || rn.value)) ` +
  `AND (t2.value IS NULL OR rt.value IS NULL OR lower(t2.value) = lower(rt.value)))`;

/**
 * The normal form of the row `r` of `RESOURCE_ROWS_SQL` (`resourceKeys` in resource-form.ts): an
 * ARN as is, a bucket name as its ARN, NULL for a name an ARN of its event stands for (that row
 * adds no value to its event), else the name.
 */
export const RESOURCE_KEY_SQL =
  `CASE WHEN rn.value LIKE 'arn:%' THEN rn.value ` +
  `WHEN ${BUCKET_SQL} THEN 'arn:' || ${PARTITION_SQL} || ':s3:::' || rn.value ` +
  `WHEN ${NAMED_BY_ARN_SQL} THEN NULL ELSE rn.value END`;

const S3_BUCKET_ARN = /^arn:[^:]*:s3:::([^:/]+)$/i;

/**
 * Stored names (`dict.value` of `resource_name`) that can have a normal form meeting `c`, so the
 * compiler reads only those rows through the name index: the value itself, or the bucket name of
 * an S3 bucket ARN. A name that takes the ARN of its event is found through that ARN's own row.
 * `p` adds a parameter and returns its placeholder.
 */
export function resourceNamePrefilter(c: ValueCond, p: (v: unknown) => string): string {
  if ('eq' in c) {
    const bucket = S3_BUCKET_ARN.exec(c.eq)?.[1];
    return bucket === undefined
      ? `value = ${p(c.eq)} COLLATE NOCASE`
      : `value COLLATE NOCASE IN (${p(c.eq)}, ${p(bucket)})`;
  }
  if ('like' in c) {
    // placeholders are positional: made in the order they appear in the text
    const itself = `value LIKE ${p(c.like)} ESCAPE '\\'`;
    // only a name that can be a bucket is tried as a bucket ARN (a JavaScript call per name)
    return `(${itself} OR (value NOT LIKE 'arn:%' AND instr(value, ':') = 0 AND instr(value, '/') = 0 AND ts_bucket_arn_like(value, ${p(c.like)}) = 1))`;
  }
  throw new Error('resource values are compared as text, never as addresses');
}
