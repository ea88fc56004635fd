import { parseTimeSpan } from '../query/time-values.js';
import { compilePredicate, parseFilter, FilterError, type FilterNode } from '../query/index.js';
import type { NormalizedEvent } from '../store/event-row.js';

/**
 * Carving: index only a window of a large tree. S3 delivery paths are pruned before a file is
 * opened (account, region, and the time stamped in the file name), then events are kept by their
 * eventTime exactly and by `--where`. Files whose names carry no date are always read.
 */
export interface CarveSpec {
  /** Inclusive start (UTC ms). */
  fromMs?: number;
  /** Exclusive end (UTC ms): `--to` is inclusive to its precision (a date covers the whole day). */
  toMs?: number;
  accounts?: string[];
  regions?: string[];
  /** Filter-language text; events it does not select are dropped at ingest. */
  where?: string;
}

/**
 * CloudTrail delivers a log file about every five minutes, typically within 5–15 minutes of the
 * calls in it, and the name carries the delivery stamp, so a file stamped T holds events from
 * before T only. Files stamped after `--to` by more than this margin cannot hold events from the
 * window; the margin is generous because delivery time is not guaranteed.
 */
export const DELIVERY_MARGIN_MS = 2 * 3600_000;
/** Stamps are to the minute: a file stamped a minute before `--from` may still hold its first second. */
const STAMP_SLACK_MS = 60_000;
/** A digest covers the hour before its stamp; its chain neighbours are kept too. */
const DIGEST_SLACK_MS = 2 * 3600_000;

const S3_PATH =
  /AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/(CloudTrail(?:-Digest|-Insight)?)\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/[^/]*?_(\d{8})T(\d{2})(\d{2})(\d{2})?Z/;

/** The account, region and stamp of an S3 delivery path, or null when the name does not say. */
export function deliveryOf(
  path: string,
): { account: string; kind: string; region: string; stampMs: number } | null {
  const m = S3_PATH.exec(path.replace(/\\/g, '/'));
  if (!m) return null;
  const [, account, kind, region, day, hh, mm, ss] = m;
  const ms = Date.UTC(
    Number(day.slice(0, 4)),
    Number(day.slice(4, 6)) - 1,
    Number(day.slice(6, 8)),
    Number(hh),
    Number(mm),
    Number(ss ?? 0),
  );
  return Number.isFinite(ms) ? { account, kind, region, stampMs: ms } : null;
}

/** Why a file is left out of this carve, or null to read it. */
export function pruneReason(path: string, spec: CarveSpec): string | null {
  const d = deliveryOf(path);
  if (!d) return null;
  if (spec.accounts?.length && !spec.accounts.includes(d.account))
    return `account ${d.account} is not in --account`;
  if (spec.regions?.length && !spec.regions.includes(d.region))
    return `region ${d.region} is not in --region`;
  const slack = d.kind === 'CloudTrail-Digest' ? DIGEST_SLACK_MS : 0;
  if (spec.fromMs !== undefined && d.stampMs < spec.fromMs - STAMP_SLACK_MS - slack)
    return 'delivered before --from: it holds no event of the window';
  if (spec.toMs !== undefined && d.stampMs > spec.toMs + DELIVERY_MARGIN_MS + slack)
    return 'delivered more than 2 h after --to: it holds no event of the window';
  return null;
}

/** `--from` / `--to` in the filter language's time forms; a date-only `--to` covers that day. */
export function carveTimes(
  from: string | undefined,
  to: string | undefined,
): { fromMs?: number; toMs?: number } | string {
  const out: { fromMs?: number; toMs?: number } = {};
  if (from !== undefined) {
    const s = parseTimeSpan(from);
    if (!s)
      return `--from: expected a UTC date or time (2024-04-11, 2024-04-11T13:00Z), not "${from}"`;
    out.fromMs = s.start;
  }
  if (to !== undefined) {
    const s = parseTimeSpan(to);
    if (!s) return `--to: expected a UTC date or time (2024-04-11, 2024-04-11T13:00Z), not "${to}"`;
    out.toMs = s.end;
  }
  if (out.fromMs !== undefined && out.toMs !== undefined && out.fromMs >= out.toMs)
    return '--from is not before --to: the window is empty';
  return out;
}

/** Problems with a `--where` filter that only make sense on a case file; null when it can run at ingest. */
export function whereProblem(text: string): string | null {
  let ast: FilterNode;
  try {
    ast = parseFilter(text);
  } catch (err) {
    if (err instanceof FilterError) return `--where: ${err.message}`;
    throw err;
  }
  const stack: FilterNode[] = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'and' || n.type === 'or') stack.push(...n.children);
    else if (n.type === 'not') stack.push(n.child);
    else if ((n.type === 'term' || n.type === 'has') && n.field.target.type === 'caseData')
      return `--where: ${n.field.name}: is case-file data (notes, tags, verdicts, caveats), not in the evidence`;
    else if (n.type === 'term' && n.field.target.type === 'time' && n.field.target.op === 'since')
      return '--where: since: counts back from the end of the evidence, unknown while indexing; use after:';
  }
  return null;
}

export type CarveDrop = 'window' | 'where';

/** The per-event test of a carve: why an event is dropped, or null to keep it. Unparsed times are kept. */
export function eventCarver(
  spec: CarveSpec | undefined,
): ((ev: NormalizedEvent) => CarveDrop | null) | null {
  if (!spec || (spec.fromMs === undefined && spec.toMs === undefined && !spec.where)) return null;
  const where = spec.where
    ? compilePredicate(parseFilter(spec.where), { evidenceEndMs: null })
    : null;
  return (ev) => {
    if (
      ev.timeValid &&
      ((spec.fromMs !== undefined && ev.timeMs < spec.fromMs) ||
        (spec.toMs !== undefined && ev.timeMs >= spec.toMs))
    )
      return 'window';
    if (where && !where(ev)) return 'where';
    return null;
  };
}

/** The carve as stored per file: what it was read under (null: read whole). */
export function carveKey(spec: CarveSpec | undefined): string | null {
  if (
    !spec ||
    (spec.fromMs === undefined &&
      spec.toMs === undefined &&
      !spec.where &&
      !spec.accounts?.length &&
      !spec.regions?.length)
  )
    return null;
  return JSON.stringify({
    from: spec.fromMs ?? null,
    to: spec.toMs ?? null,
    where: spec.where ?? null,
  });
}

/** Did a file read under `old` already read everything `next` asks for? (Then it need not be read again.) */
export function carveCovers(old: string | null, next: string | null): boolean {
  if (old === null) return true;
  if (next === null) return false;
  const o = JSON.parse(old) as { from: number | null; to: number | null; where: string | null };
  const n = JSON.parse(next) as { from: number | null; to: number | null; where: string | null };
  const fromOk = o.from === null || (n.from !== null && n.from >= o.from);
  const toOk = o.to === null || (n.to !== null && n.to <= o.to);
  return fromOk && toOk && (o.where === null || o.where === n.where);
}
