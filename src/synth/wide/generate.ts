/**
 * The wide corpus: a month of an organisation trail over twelve accounts, with the cardinality of
 * large estates (~160k distinct access keys, ~80k identity ARNs and ~64k S3 object names per 1M
 * events), a few records of several MiB, and the digest files of the trail. Built independently of
 * the bench corpus (src/synth/bench/): time is cut into delivery windows per account and region,
 * and each call is drawn from a pool of short-lived workload sessions (sessions.ts), so figures
 * tuned to one generator's shape show up on the other.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Prng } from '../prng.js';
import { buildOrg, type Account } from './org.js';
import { SessionPools, type SessionBudget } from './sessions.js';
import { callRecord, issuanceRecord, largeRecord, ObjectNames, type CtRecord } from './calls.js';
import {
  digestBody,
  digestPath,
  logPath,
  sha256Hex,
  type DigestChain,
  type LoggedFile,
} from './delivery.js';

const gzipAsync = promisify(gzip);

/** Bump when the output changes, so cached corpora are regenerated. */
export const WIDE_GENERATOR_VERSION = 1;
export const WIDE_DEFAULT_SEED = 'trailscope-wide';
export const WIDE_START_MS = Date.UTC(2026, 1, 2);
export const WIDE_DAYS = 30;
/**
 * One file per account and region every 90 minutes when it made calls: with a delivery delay of
 * at most 12 minutes, and late calls only from a window's last quarter hour, no event is delivered
 * more than ~2 h after it happened (the carve margin, src/ingest/carve.ts).
 */
const WINDOW_MS = 90 * 60_000;
const DIGEST_EVERY = 4;
const LATE_SHARE = 0.003;
const LATE_FROM_MS = 15 * 60_000;
/** One very large record per this many calls on average (the first is the largest). */
const LARGE_EVERY = 25_000;
const LARGE_MIN = 256 * 2 ** 10;

/**
 * How the estate is drawn. `wide` is the default month. `keys` is issue #10's memory case: most
 * sessions make one or two calls, so ~400k access keys and ~180k identity ARNs per 1M events, and
 * the largest record is just under 8 MiB (the per-record limit). Each profile is cached in its own folder.
 */
export interface WideProfile {
  name: 'wide' | 'keys';
  /** Share of the records that are calls (the rest are logged issuances): records ≈ the size asked. */
  callShare: number;
  largeMax: number;
  /** No record is larger than this (bytes of its JSON text). */
  recordLimit: number;
  /** Changes what the profile generates: part of its cache folder's name (cache.ts). */
  revision: number;
  session: SessionBudget;
}

export const WIDE_PROFILES: Record<WideProfile['name'], WideProfile> = {
  wide: {
    name: 'wide',
    callShare: 0.9,
    largeMax: 4 * 2 ** 20,
    recordLimit: Infinity,
    revision: 1,
    session: { longShare: 0.03, meanCalls: 4 },
  },
  keys: {
    name: 'keys',
    callShare: 0.72,
    largeMax: 8 * 2 ** 20,
    // the index's per-record limit (DEFAULT_LIMITS.maxItemBytes): every record can be indexed
    recordLimit: 8 * 2 ** 20 - 1,
    revision: 2,
    session: { longShare: 0.008, meanCalls: 0.9 },
  },
};
const MAX_IN_FLIGHT = 4;

export interface WideManifest {
  generatorVersion: number;
  kind: 'wide';
  /** Absent in corpora generated before profiles: `wide`. */
  profile?: WideProfile['name'];
  seed: string;
  /** Distinct events (every record is one event: the organisation trail has no duplicates here). */
  events: number;
  records: number;
  /** Log files (digests apart). */
  files: number;
  digestFiles: number;
  gzBytes: number;
  jsonBytes: number;
  startMs: number;
  endMs: number;
  accounts: number;
  accountRegions: number;
  /** Records per eventName: what `zcat | jq` must also count. */
  eventNames: Record<string, number>;
  /** What the generator wrote, counted as it wrote it (the bench also counts the case file). */
  cardinality: {
    accessKeys: number;
    identityArns: number;
    s3Objects: number;
    sourceIps: number;
    sessions: number;
    issuancesLogged: number;
    largeRecords: number;
    largestRecordBytes: number;
    lateRecords: number;
  };
  /** Filters that select something in this corpus (the query benchmark's probes). */
  probes: { single: string[]; combined: string[] };
}

export interface WideOptions {
  dir: string;
  events: number;
  seed?: string;
  /** Default `wide`. */
  profile?: WideProfile['name'];
  onProgress?: (records: number, files: number) => void;
}

/** Calls by hour of day (UTC): a business day over two continents, quieter weekends. */
function activity(ms: number): number {
  const d = new Date(ms);
  const h = d.getUTCHours() + d.getUTCMinutes() / 60;
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.4 : 1;
  return (
    weekend * (0.35 + Math.exp(-(((h - 10) / 4) ** 2)) + 0.7 * Math.exp(-(((h - 17) / 3) ** 2)))
  );
}

interface Pair {
  account: Account;
  region: string;
  weight: number;
  files: LoggedFile[];
  chain: DigestChain | null;
  lastDigestMs: number;
  late: CtRecord[];
}

export async function generateWideCorpus(opts: WideOptions): Promise<WideManifest> {
  const seed = opts.seed ?? WIDE_DEFAULT_SEED;
  const profile = WIDE_PROFILES[opts.profile ?? 'wide'];
  const LARGE_MAX = profile.largeMax;
  const org = buildOrg(seed);
  const rng = new Prng(seed).fork('calls');
  const fileRng = new Prng(seed).fork('files');
  const objects = new ObjectNames(rng.fork('objects'));
  const bucket = `aws-cloudtrail-logs-${org.orgId}`;
  const fingerprint = fileRng.hex(32);

  const pairs: Pair[] = [];
  for (const a of org.accounts) {
    const sum = a.regions.reduce((x, r) => x + r.weight, 0);
    for (const r of a.regions)
      pairs.push({
        account: a,
        region: r.region,
        weight: (a.weight * r.weight) / sum,
        files: [],
        chain: null,
        lastDigestMs: WIDE_START_MS,
        late: [],
      });
  }
  const windows = Math.round((WIDE_DAYS * 86_400_000) / WINDOW_MS);
  const pairTotal = pairs.reduce((x, p) => x + p.weight, 0);
  let activityTotal = 0;
  for (let w = 0; w < windows; w++)
    activityTotal += activity(WIDE_START_MS + (w + 0.5) * WINDOW_MS);
  const calls = Math.max(1, Math.round(opts.events * profile.callShare));
  const weightOf = new Map<string, number>();
  for (const p of pairs) weightOf.set(p.account.id, (weightOf.get(p.account.id) ?? 0) + p.weight);
  const perHour = new Map(
    [...weightOf].map(([id, wt]) => [id, (calls * (wt / pairTotal)) / (WIDE_DAYS * 24)]),
  );
  const pools = new SessionPools(rng.fork('sessions'), org.accounts, perHour, profile.session);

  const m: WideManifest = {
    generatorVersion: WIDE_GENERATOR_VERSION,
    kind: 'wide',
    profile: profile.name,
    seed,
    events: 0,
    records: 0,
    files: 0,
    digestFiles: 0,
    gzBytes: 0,
    jsonBytes: 0,
    startMs: Infinity,
    endMs: -Infinity,
    accounts: org.accounts.length,
    accountRegions: pairs.length,
    eventNames: {},
    cardinality: {
      accessKeys: 0,
      identityArns: 0,
      s3Objects: 0,
      sourceIps: 0,
      sessions: 0,
      issuancesLogged: 0,
      largeRecords: 0,
      largestRecordBytes: 0,
      lateRecords: 0,
    },
    probes: { single: [], combined: [] },
  };
  const keys = new Set<string>();
  const arns = new Set<string>();
  const objectNames = new Set<string>();
  const ips = new Set<string>();
  const count = (r: CtRecord): void => {
    const id = r.userIdentity as { accessKeyId?: string; arn?: string };
    if (id.accessKeyId) keys.add(id.accessKeyId);
    if (id.arn) arns.add(id.arn);
    ips.add(r.sourceIPAddress as string);
    const key = (r.requestParameters as { key?: unknown } | null)?.key;
    if (typeof key === 'string')
      objectNames.add(`${(r.requestParameters as { bucketName: string }).bucketName}/${key}`);
    const name = r.eventName as string;
    m.eventNames[name] = (m.eventNames[name] ?? 0) + 1;
  };

  const inFlight = new Set<Promise<void>>();
  const write = async (path: string, text: string): Promise<void> => {
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const full = join(opts.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const p = gzipAsync(text, { level: 6 }).then(async (gz) => {
      await writeFile(full, gz);
      m.gzBytes += gz.length;
    });
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let carry = 0;
  // the largest record comes early, so that every corpus size holds one
  let nextLarge = Math.max(1, Math.min(Math.floor(LARGE_EVERY / 4), Math.floor(calls / 2)));
  let firstLarge = true;
  for (let w = 0; w < windows; w++) {
    const start = WIDE_START_MS + w * WINDOW_MS;
    const end = start + WINDOW_MS;
    const share = activity(start + WINDOW_MS / 2) / activityTotal;
    const batches = new Map<Pair, CtRecord[]>();
    const batchOf = (p: Pair): CtRecord[] => {
      let b = batches.get(p);
      if (!b) batches.set(p, (b = []));
      return b;
    };
    for (const p of pairs) {
      if (p.late.length) batchOf(p).push(...p.late.splice(0));
      const exact = calls * share * (p.weight / pairTotal) + carry;
      const n = Math.floor(exact);
      carry = exact - n;
      for (let i = 0; i < n; i++) {
        const ms = start + rng.int(WINDOW_MS);
        const s = pools.caller(p.account, ms);
        let r: CtRecord;
        if (--nextLarge <= 0) {
          const bytes = firstLarge
            ? LARGE_MAX
            : Math.round(LARGE_MIN * (LARGE_MAX / LARGE_MIN) ** rng.next());
          firstLarge = false;
          r = largeRecord(rng, s, p.account, p.region, ms, bytes);
          let size = JSON.stringify(r).length;
          // the record as written (escaped text, its other fields) can exceed what was asked for:
          // drawn again smaller until it fits under the profile's limit
          for (let ask = bytes; size > profile.recordLimit; size = JSON.stringify(r).length) {
            ask = Math.floor((ask * profile.recordLimit * 0.97) / size);
            r = largeRecord(rng, s, p.account, p.region, ms, ask);
          }
          m.cardinality.largeRecords++;
          if (size > m.cardinality.largestRecordBytes) m.cardinality.largestRecordBytes = size;
          nextLarge = 1 + rng.int(2 * LARGE_EVERY);
        } else {
          r = callRecord(rng, s, p.account, p.region, ms, objects);
        }
        if (w < windows - 1 && ms >= end - LATE_FROM_MS && rng.chance(LATE_SHARE)) {
          // delivered with the next window's file: a file can hold events from before its window
          p.late.push(r);
          m.cardinality.lateRecords++;
        } else batchOf(p).push(r);
      }
      // STS logs issuances in the role's account, at its global endpoint (us-east-1)
      for (const s of pools.issued.splice(0)) {
        const home =
          pairs.find((q) => q.account.id === s.workload.account && q.region === 'us-east-1') ?? p;
        batchOf(home).push(issuanceRecord(rng, s, home.region));
        m.cardinality.issuancesLogged++;
      }
    }
    for (const [p, records] of batches) {
      if (!records.length) continue;
      records.sort((a, b) => (a.eventTime as string).localeCompare(b.eventTime as string));
      let oldest = Infinity;
      let newest = -Infinity;
      for (const r of records) {
        count(r);
        const t = Date.parse(r.eventTime as string);
        oldest = Math.min(oldest, t);
        newest = Math.max(newest, t);
      }
      const stamp = end + 60_000 * (1 + fileRng.int(12));
      const path = logPath(org.orgId, p.account.id, p.region, stamp, fileRng);
      const text = JSON.stringify({ Records: records });
      p.files.push({ path, contentSha256: sha256Hex(text), oldestMs: oldest, newestMs: newest });
      m.records += records.length;
      m.files++;
      m.jsonBytes += Buffer.byteLength(text);
      m.startMs = Math.min(m.startMs, oldest);
      m.endMs = Math.max(m.endMs, newest);
      await write(path, text);
    }
    if ((w + 1) % DIGEST_EVERY === 0 || w === windows - 1) {
      // CloudTrail writes a digest every hour with or without log files; here one per period
      // with files, and an empty one once a day, so a small corpus is not mostly digests
      const digestEnd = end + 20 * 60_000;
      const daily = (w + 1) % (DIGEST_EVERY * 4) === 0;
      for (const p of pairs) {
        if (p.files.length === 0 && !daily) continue;
        const path = digestPath(
          org.orgId,
          p.account.id,
          p.region,
          org.trailName,
          org.homeRegion,
          digestEnd,
        );
        const text = digestBody({
          bucket,
          account: p.account.id,
          path,
          startMs: p.lastDigestMs,
          endMs: digestEnd,
          fingerprint,
          previous: p.chain,
          files: p.files,
        });
        p.chain = { path, sha256: sha256Hex(text), signature: fileRng.hex(512), endMs: digestEnd };
        p.lastDigestMs = digestEnd;
        p.files = [];
        m.digestFiles++;
        await write(path, text);
      }
    }
    opts.onProgress?.(m.records, m.files);
  }
  await Promise.all(inFlight);
  m.events = m.records;
  m.cardinality.accessKeys = keys.size;
  m.cardinality.identityArns = arns.size;
  m.cardinality.s3Objects = objectNames.size;
  m.cardinality.sourceIps = ips.size;
  m.cardinality.sessions = pools.started;
  m.probes = probes(org.accounts, [...keys].slice(0, 3), [...arns].slice(0, 2));
  writeFileSync(join(opts.dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
  return m;
}

/** Filters that select events of this corpus, popular and rare, for the query benchmark. */
function probes(
  accounts: readonly Account[],
  keys: string[],
  arns: string[],
): WideManifest['probes'] {
  const a = accounts[0];
  const small = accounts[accounts.length - 1];
  const single = [
    'name:GetObject',
    'name:AssumeRole',
    'name:StopLogging',
    'name:Describe*',
    'source:kms.amazonaws.com',
    `key:${keys[0]}`,
    `key:${keys[keys.length - 1]}`,
    `arn:${arns[0]}`,
    'ip:10.0.0.0/8',
    'region:eu-west-1',
    `account:${a.id}`,
    `recipient:${small.id}`,
    'type:AssumedRole',
    'type:SAMLUser',
    'error:AccessDenied',
    'category:data',
    'readOnly:false',
    `resource:*${a.buckets[0]}*`,
  ];
  const combined = [
    `name:GetObject account:${a.id} after:2026-02-10 before:2026-02-12`,
    `type:AssumedRole error:* region:us-east-1 after:2026-02-20`,
    `name:AssumeRole,AssumeRoleWithSAML recipient:${small.id}`,
  ];
  return { single, combined };
}
