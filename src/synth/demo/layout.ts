/**
 * Where the demo's records land on disk, in the shapes responders receive: S3 delivery trees (one
 * organisation-trail prefix, two account trails), a console Event-history download (JSON and
 * CSV) and one page of `aws cloudtrail lookup-events` output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Prng } from '../prng.js';
import { type CtRecord, writeDeliveryFile } from '../records.js';
import { ACCOUNTS, BUCKETS, ORG_ID } from './cast.js';
import type { DemoRecord } from './timeline.js';

/**
 * Delivery window. CloudTrail writes a file per account and region every ~5 minutes; the demo uses
 * hourly files because many tiny gzip members would blow the bundle's 5 MB budget.
 */
const WINDOW_MS = 60 * 60_000;

/** Which trail (and bucket) delivers each account's events. */
export const TRAIL_BUCKETS = [BUCKETS.orgTrail, BUCKETS.devTrail, BUCKETS.securityTrail] as const;
const TRAIL_OF: Record<string, { bucket: string; orgId?: string }> = {
  [ACCOUNTS.prod]: { bucket: BUCKETS.orgTrail, orgId: ORG_ID },
  [ACCOUNTS.dev]: { bucket: BUCKETS.devTrail },
  [ACCOUNTS.security]: { bucket: BUCKETS.securityTrail },
};

export function byTime(a: DemoRecord, b: DemoRecord): number {
  return a.timeMs - b.timeMs || a.seq - b.seq;
}

/**
 * Write the S3 delivery trees as `aws s3 sync` leaves them, `<out>/<bucket>/AWSLogs/...`; returns
 * the relative paths. (The bucket folders sort before `cli/` and `console/`, so an index run reads
 * the complete S3 copies of duplicated events before the console's partial CSV rows.)
 */
export function writeS3Trees(out: string, rng: Prng, records: readonly DemoRecord[]): string[] {
  const groups = new Map<string, DemoRecord[]>();
  for (const r of records) {
    const key = `${r.recipient}|${r.region}|${Math.floor(r.timeMs / WINDOW_MS)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(r);
  }
  const written: string[] = [];
  const keys = [...groups.keys()].sort();
  for (const key of keys) {
    const [account, region, slot] = key.split('|') as [string, string, string];
    const trail = TRAIL_OF[account];
    if (!trail) throw new Error(`demo: no trail delivers account ${account}`);
    const group = (groups.get(key) as DemoRecord[]).sort(byTime);
    const deliveredMs = (Number(slot) + 1) * WINDOW_MS + rng.range(60, 420) * 1000;
    const root = join(out, trail.bucket);
    const path = writeDeliveryFile(
      root,
      rng,
      { account, region, timeMs: deliveredMs, orgId: trail.orgId },
      group.map((r) => r.record),
      9,
    );
    written.push(path.slice(out.length + 1));
  }
  return written;
}

/** The console's "Download events" JSON: `{"Records":[...]}`, newest first, one event per line. */
export function consoleJson(records: readonly CtRecord[]): string {
  return `{"Records":[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

const CSV_COLUMNS = [
  'Event ID',
  'Event time',
  'User name',
  'Event name',
  'Event source',
  'Resource type',
  'Resource name',
  'AWS access key',
  'AWS region',
  'Error code',
  'Source IP address',
  'Read-only',
] as const;

function userNameOf(r: CtRecord): string {
  const ui = (r.userIdentity ?? {}) as Record<string, unknown>;
  if (typeof ui.userName === 'string') return ui.userName;
  if (ui.type === 'Root') return 'root';
  const arn = typeof ui.arn === 'string' ? ui.arn : '';
  return arn.split('/').pop() ?? '';
}

function resourcesOf(r: CtRecord): { type: string; name: string }[] {
  const out: { type: string; name: string }[] = [];
  const res = Array.isArray(r.resources) ? (r.resources as Record<string, unknown>[]) : [];
  for (const x of res) out.push({ type: String(x.type ?? ''), name: String(x.ARN ?? '') });
  const req = (r.requestParameters ?? {}) as Record<string, unknown>;
  if (typeof req.userName === 'string') out.push({ type: 'AWS::IAM::User', name: req.userName });
  if (typeof req.policyArn === 'string')
    out.push({ type: 'AWS::IAM::Policy', name: req.policyArn });
  if (typeof req.bucketName === 'string')
    out.push({ type: 'AWS::S3::Bucket', name: req.bucketName });
  return out;
}

function accessKeyOf(r: CtRecord): string {
  const ui = (r.userIdentity ?? {}) as Record<string, unknown>;
  return typeof ui.accessKeyId === 'string' ? ui.accessKeyId : '';
}

/** The console's CSV download: the table's columns, comma-joined resource lists. */
export function consoleCsv(records: readonly CtRecord[]): string {
  const rows = records.map((r) => {
    const res = resourcesOf(r);
    return [
      String(r.eventID),
      String(r.eventTime),
      userNameOf(r),
      String(r.eventName),
      String(r.eventSource),
      res.map((x) => x.type).join(', '),
      res.map((x) => x.name).join(', '),
      accessKeyOf(r),
      String(r.awsRegion),
      typeof r.errorCode === 'string' ? r.errorCode : '',
      String(r.sourceIPAddress),
      String(r.readOnly),
    ];
  });
  return stringify([[...CSV_COLUMNS], ...rows]);
}

/** One page of `aws cloudtrail lookup-events --output json`, newest first, with a NextToken. */
export function lookupEventsPage(rng: Prng, records: readonly CtRecord[]): string {
  const events = records.map((r) => ({
    EventId: r.eventID,
    EventName: r.eventName,
    ReadOnly: String(r.readOnly),
    AccessKeyId: accessKeyOf(r) || undefined,
    EventTime: String(r.eventTime).replace('Z', '+00:00'),
    EventSource: r.eventSource,
    Username: userNameOf(r),
    Resources: resourcesOf(r).map((x) => ({ ResourceType: x.type, ResourceName: x.name })),
    CloudTrailEvent: JSON.stringify(r),
  }));
  const nextToken = `kbOt5LlZe++mErCebpy2TgaMgmDvF1kYGFcH64JSjIbZFjsuvrSqg66b5YGssKutDYIyII4lrP4IDbeQdiObkp9YAlju3oXd${rng.alnum(24)}`;
  return `${JSON.stringify({ Events: events, NextToken: nextToken }, null, 4)}\n`;
}

export function writeText(out: string, rel: string, text: string): string {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return rel;
}
