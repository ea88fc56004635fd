import type { ValueCond } from './plan.js';

/**
 * The resource normal form (resource-form.ts) in SQL, for the compiler and the facets: one
 * definition, so a `resource:` value selects exactly the events its facet row counts.
 */

/**
 * The stored resources with what their normal form needs, one row per `event_resources` row:
 * `r` the row, `rn` / `rt` its name and type, `ev` the event (named `eventAlias`), `rg` its region.
 */
export const resourceRowsSql = (eventAlias: string): string =>
  `event_resources r JOIN dict rn ON rn.id = r.name_ref LEFT JOIN dict rt ON rt.id = r.type_ref ` +
  `JOIN events ${eventAlias} ON ${eventAlias}.id = r.event_rowid LEFT JOIN dict rg ON rg.id = ${eventAlias}.aws_region_ref`;

/**
 * The normal form of the row `r` of `resourceRowsSql`: from the resource alone (an ARN, a bucket),
 * else NULL when an ARN of the same event stands for the name (a seek on the event's own rows),
 * else the name. Rows whose form is NULL add no value to their event.
 */
export const RESOURCE_KEY_SQL =
  `COALESCE(ts_resource_alone(rn.value, rt.value, rg.value), ` +
  `CASE WHEN EXISTS (SELECT 1 FROM event_resources r2 JOIN dict n2 ON n2.id = r2.name_ref LEFT JOIN dict t2 ON t2.id = r2.type_ref ` +
  `WHERE r2.event_rowid = r.event_rowid AND ts_arn_names(n2.value, t2.value, rn.value, rt.value) = 1) THEN NULL ELSE rn.value END)`;

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
    return `(${itself} OR ts_bucket_arn_like(value, ${p(c.like)}) = 1)`;
  }
  throw new Error('resource values are compared as text, never as addresses');
}
