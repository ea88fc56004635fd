/**
 * The benchmark corpus: a deterministic S3-delivery tree of CloudTrail files (an organization trail
 * over a dozen accounts, plus one account's own trail that duplicates its events), with the variety
 * and skew of real evidence: popular read-only calls, rare security-relevant writes, errors,
 * bursts of failed reconnaissance, sessions chained several roles deep across accounts, and
 * issuances delivered in a different file (often a later one) than the calls that use their keys.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Prng } from '../prng.js';
import {
  apiCall,
  awsService,
  deliveryBody,
  deliveryPath,
  iamUser,
  type CtRecord,
  type UserIdentity,
} from '../records.js';
import { catalogPicker, pickError, CATALOG, type CatalogEntry } from './catalog.js';
import { callDetail } from './params.js';
import { SessionFactory, type Session } from './sessions.js';
import { buildWorld, type World } from './world.js';

const gzipAsync = promisify(gzip);

/** Bump when the generator's output changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 4;
export const DEFAULT_SEED = 'trailscope-bench';
export const CORPUS_START_MS = Date.UTC(2024, 3, 1, 0, 0, 0);
/** Seven days of activity at the default size; smaller corpora keep the same density. */
const EVENTS_PER_MS = 1_000_000 / (7 * 86_400_000);
/** Mean of rateFactor over a week, so the default corpus spans seven days. */
const MEAN_RATE = 0.705;

export interface CorpusOptions {
  dir: string;
  events: number;
  seed?: string;
  gzipLevel?: number;
  onProgress?: (eventsDone: number, files: number) => void;
}

export interface CorpusManifest {
  generatorVersion: number;
  seed: string;
  /** Distinct events generated (distinct eventIDs). */
  events: number;
  /** Records written, duplicates included (the account trail repeats one account's events). */
  records: number;
  files: number;
  gzBytes: number;
  jsonBytes: number;
  startMs: number;
  endMs: number;
  stsIssuances: number;
  maxChainDepth: number;
  /** Records per eventName over all files (duplicates included): what `zcat | jq` must also count. */
  eventNames: Record<string, number>;
}

interface Buffer_ {
  account: string;
  region: string;
  records: CtRecord[];
  firstMs: number;
  lastMs: number;
  target: number;
}

const RECON: readonly string[] = [
  'ListBuckets',
  'GetCallerIdentity',
  'DescribeInstances',
  'ListUsers',
  'ListRoles',
  'GetAccountAuthorizationDetails',
  'ListSecrets',
  'DescribeDBInstances',
  'ListFunctions20150331',
  'DescribeTrails',
  'ListAccessKeys',
];
const SERVICE_CALLERS = [
  'cloudformation.amazonaws.com',
  'autoscaling.amazonaws.com',
  'elasticloadbalancing.amazonaws.com',
  'config.amazonaws.com',
  'access-analyzer.amazonaws.com',
  'backup.amazonaws.com',
  'ssm.amazonaws.com',
];
// Real trails deliver every ~5 minutes per account and region; at benchmark density that would make
// tens of thousands of tiny files, so quiet pairs are held for up to a day (~5.7k files per 1M events).
const MAX_FILE_AGE_MS = 24 * 3600_000;
const MAX_IN_FLIGHT = 6;

/** Diurnal, weekday-heavy activity: more calls in working hours. */
function rateFactor(ms: number): number {
  const d = new Date(ms);
  const hour = d.getUTCHours() + d.getUTCMinutes() / 60;
  const day = d.getUTCDay();
  const weekend = day === 0 || day === 6 ? 0.45 : 1;
  return weekend * (0.55 + 0.9 * Math.max(0, Math.sin(((hour - 7) / 24) * 2 * Math.PI)));
}

export async function generateCorpus(opts: CorpusOptions): Promise<CorpusManifest> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const world = buildWorld(seed);
  const rng = new Prng(seed).fork('events');
  const fileRng = new Prng(seed).fork('files');
  const factory = new SessionFactory(rng.fork('sessions'), world);
  const catalog = catalogPicker();
  const byName = new Map(CATALOG.map((e) => [e.name, e]));
  const accountNames = new Map(world.accounts.map((a) => [a.id, a.name]));
  const dupAccount = world.accounts.find((a) => a.name === 'security')?.id;
  const level = opts.gzipLevel ?? 6;

  const m: CorpusManifest = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    events: 0,
    records: 0,
    files: 0,
    gzBytes: 0,
    jsonBytes: 0,
    startMs: CORPUS_START_MS,
    endMs: CORPUS_START_MS,
    stsIssuances: 0,
    maxChainDepth: 0,
    eventNames: {},
  };
  const buffers = new Map<string, Buffer_>();
  const inFlight = new Set<Promise<void>>();
  let active: Session[] = [];
  let t = CORPUS_START_MS;
  let burstLeft = 0;
  let burst: { identity: UserIdentity; account: string; ip: string; ua: string } | null = null;

  const writeOne = async (rel: string, body: string): Promise<void> => {
    const path = join(opts.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    const gz = await gzipAsync(body, { level });
    await writeFile(path, gz);
    m.gzBytes += gz.length;
  };

  const queue = async (rel: string, body: string, count: number): Promise<void> => {
    m.files++;
    m.records += count;
    m.jsonBytes += Buffer.byteLength(body);
    const p = writeOne(rel, body).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
  };

  const flush = async (key: string, b: Buffer_): Promise<void> => {
    buffers.delete(key);
    const body = deliveryBody(b.records);
    const deliveredMs = b.lastMs + fileRng.range(1, 5) * 60_000;
    for (const r of b.records) {
      const n = r.eventName as string;
      m.eventNames[n] = (m.eventNames[n] ?? 0) + (b.account === dupAccount ? 2 : 1);
    }
    await queue(
      deliveryPath(fileRng, {
        account: b.account,
        region: b.region,
        timeMs: deliveredMs,
        orgId: world.orgId,
      }),
      body,
      b.records.length,
    );
    if (b.account === dupAccount) {
      // The security account also runs its own trail: every event arrives twice.
      await queue(
        deliveryPath(fileRng, {
          account: b.account,
          region: b.region,
          timeMs: deliveredMs + 60_000,
        }),
        body,
        b.records.length,
      );
    }
    opts.onProgress?.(m.events, m.files);
  };

  const push = async (r: CtRecord): Promise<void> => {
    const account = r.recipientAccountId as string;
    const region = r.awsRegion as string;
    const key = `${account}|${region}`;
    let b = buffers.get(key);
    if (!b) {
      b = { account, region, records: [], firstMs: t, lastMs: t, target: fileRng.range(140, 300) };
      buffers.set(key, b);
    }
    b.records.push(r);
    b.lastMs = Math.max(b.lastMs, t);
    m.events++;
    if (b.records.length >= b.target || t - b.firstMs > MAX_FILE_AGE_MS) await flush(key, b);
  };

  const call = (
    identity: UserIdentity,
    account: string,
    e: CatalogEntry,
    ip: string,
    ua: string,
    errorRate: number,
  ): CtRecord => {
    const region =
      e.source === 'iam.amazonaws.com' || e.source === 'organizations.amazonaws.com'
        ? 'us-east-1'
        : world.regions.pick(rng);
    const detail = callDetail(rng, e, account, accountNames.get(account) ?? 'external', region);
    const err = rng.chance(errorRate) ? pickError(rng, e) : null;
    return apiCall(rng, {
      identity,
      timeMs: t,
      eventSource: e.source,
      eventName: e.name,
      region,
      sourceIp: ip,
      userAgent: ua,
      recipientAccountId: account,
      requestParameters: detail.requestParameters,
      responseElements: detail.responseElements,
      resources: detail.resources,
      errorCode: err?.code,
      errorMessage: err?.message,
      category: e.category,
    });
  };

  let step = 0;
  while (m.events < opts.events) {
    t += Math.round((-Math.log(1 - rng.next()) * MEAN_RATE) / EVENTS_PER_MS / rateFactor(t));
    if (++step % 2000 === 0) {
      active = active.filter((s) => s.expiresMs > t);
      // Quiet account/region pairs still get their file delivered within a day.
      for (const [key, b] of [...buffers]) if (t - b.firstMs > MAX_FILE_AGE_MS) await flush(key, b);
    }

    if (burstLeft > 0 && burst) {
      burstLeft--;
      t += rng.range(100, 1500);
      const e = byName.get(rng.pick(RECON)) as CatalogEntry;
      await push(call(burst.identity, burst.account, e, burst.ip, burst.ua, 0.7));
      continue;
    }

    const roll = rng.next();
    if (roll < 0.02) {
      const start = factory.start(t, world.regions.pick(rng), active);
      for (const r of start.records) {
        if ((r.eventSource as string) === 'sts.amazonaws.com' && r.responseElements)
          m.stsIssuances++;
        await push(r);
      }
      if (start.session) {
        active.push(start.session);
        m.maxChainDepth = Math.max(m.maxChainDepth, start.session.depth);
      }
      continue;
    }
    if (roll < 0.02007) {
      // Someone enumerates with one identity from an unfamiliar IP: a burst of mostly failed calls.
      const stolen = active.length > 0 && rng.chance(0.5) ? rng.pick(active) : null;
      const user = world.userPicker.pick(rng);
      burst = stolen
        ? {
            identity: stolen.identity,
            account: stolen.account,
            ip: rng.pick(world.internetIps),
            ua: rng.pick([
              'python-requests/2.31.0',
              'Boto3/1.34.0 md/Botocore#1.34.0',
              'aws-cli/1.16.0',
            ]),
          }
        : {
            identity: iamUser({
              account: user.account,
              userName: user.userName,
              userId: user.userId,
              accessKeyId: rng.pick(user.keys),
            }),
            account: user.account,
            ip: rng.pick(world.internetIps),
            ua: 'aws-cli/1.18.69 Python/3.8.0 Linux/5.4.0 botocore/1.17.0',
          };
      burstLeft = rng.range(40, 250);
      continue;
    }

    const e = catalog.pick(rng);
    let ua: string;
    // Organisations mostly work through roles: long-term user keys make a minority of calls.
    if (roll < 0.14) {
      const user = world.userPicker.pick(rng);
      const identity = iamUser({
        account: user.account,
        userName: user.userName,
        userId: user.userId,
        accessKeyId: rng.pick(user.keys),
      });
      const ip = rng.chance(0.03) ? rng.pick(world.internetIps) : rng.pick(user.ips);
      ua = rng.chance(0.00002) ? rng.pick(world.hostileUserAgents) : rng.pick(user.userAgents);
      await push(call(identity, user.account, e, ip, ua, user.human ? 0.05 : 0.02));
    } else if (roll < 0.91 && active.length > 0) {
      // Sessions do most of their work soon after they start: favour the newest.
      const s = active[active.length - 1 - rng.zipfIndex(active.length, 0.8)] as Session;
      ua = rng.chance(0.00002) ? rng.pick(world.hostileUserAgents) : rng.pick(s.userAgents);
      await push(call(s.identity, s.account, e, rng.pick(s.ips), ua, 0.035));
    } else {
      const svc = rng.pick(SERVICE_CALLERS);
      await push(call(awsService(svc), world.accountPicker.pick(rng).id, e, svc, svc, 0.01));
    }
  }

  for (const [key, b] of [...buffers]) await flush(key, b);
  await Promise.all(inFlight);
  m.endMs = t;
  writeFileSync(join(opts.dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
  return m;
}

export type { World };
