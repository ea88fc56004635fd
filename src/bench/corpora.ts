/**
 * The two corpora `npm run bench` measures, behind one shape: the bench corpus (a week of a
 * dozen people and their pipelines, src/synth/bench/) and the wide corpus (a month of a large
 * estate's short-lived workload sessions, src/synth/wide/). A figure tuned to one shape shows up on
 * the other.
 */
import { join } from 'node:path';
import { ensureCorpus } from '../synth/bench/corpus-cache.js';
import { DEFAULT_SEED } from '../synth/bench/generate.js';
import { buildWorld } from '../synth/bench/world.js';
import { ensureWideCorpus } from '../synth/wide/cache.js';
import { WIDE_DAYS, WIDE_START_MS, type WideManifest } from '../synth/wide/generate.js';
import { combinedFilters, singleFieldFilters } from './query-bench.js';
import type { CorpusName } from './options.js';

export interface Corpus {
  name: CorpusName;
  /** What `trailscope index` is given. */
  evidence: string;
  /** What `zcat | jq` reads (log files only, digests left out). */
  dir: string;
  reused: boolean;
  generateMs: number;
  manifest: {
    records: number;
    events: number;
    files: number;
    gzBytes: number;
    jsonBytes: number;
    startMs: number;
    endMs: number;
    eventNames: Record<string, number>;
  };
  /** One line on what the corpus is. */
  describe: string;
  filters: { single: string[]; combined: string[] };
  /** The carving run: two days out of thirty (the same share of a shorter corpus). */
  carve: {
    startMs: number;
    endMs: number;
    share: number;
    at: number;
    label: string;
    /** Why the corpus's delivery defeats carving, when it does (said beside a mismatch). */
    caveat?: string;
  };
  /** What the generator says it wrote, to set beside the case file's counts. */
  generated?: WideManifest['cardinality'];
}

const n = (v: number): string => v.toLocaleString('en-US');
const mb = (v: number): string => `${(v / 2 ** 20).toFixed(0)} MB`;

export async function openCorpus(o: {
  name: CorpusName;
  root: string;
  events: number;
  seed?: string;
  log: (line: string) => void;
}): Promise<Corpus> {
  let last = 0;
  const onProgress = (records: number): void => {
    const now = Date.now();
    if (now - last > 2000) {
      last = now;
      o.log(`  generating ${o.name}… ${n(records)} records`);
    }
  };
  if (o.name === 'bench') {
    const seed = o.seed ?? DEFAULT_SEED;
    const c = await ensureCorpus({ root: o.root, events: o.events, seed, onProgress });
    const m = c.manifest;
    const days = (m.endMs - m.startMs) / 86_400_000;
    const world = buildWorld(seed);
    return {
      name: 'bench',
      evidence: c.dir,
      dir: c.dir,
      reused: c.reused,
      generateMs: c.generateMs,
      manifest: m,
      describe:
        `${n(m.files)} .json.gz files, ${n(m.records)} records (${n(m.events)} unique events), ${mb(m.gzBytes)} gz / ${mb(m.jsonBytes)} JSON, ` +
        `${days.toFixed(1)} days, ${n(m.stsIssuances)} STS issuances, chains up to ${m.maxChainDepth} hops`,
      filters: { single: singleFieldFilters(world), combined: combinedFilters(world) },
      carve: {
        startMs: m.startMs,
        endMs: m.endMs,
        share: 2 / 30,
        at: 0.45,
        label: `${((days * 2) / 30).toFixed(1)} of ${days.toFixed(1)} days`,
        caveat:
          'this generator holds a quiet account-region for up to a day per file, beyond the 2 h delivery margin carving trusts',
      },
    };
  }
  const c = await ensureWideCorpus({
    root: o.root,
    events: o.events,
    seed: o.seed,
    profile: o.name,
    onProgress,
  });
  const m = c.manifest;
  const k = m.cardinality;
  return {
    name: o.name,
    evidence: join(c.dir, 'AWSLogs'),
    dir: c.dir,
    reused: c.reused,
    generateMs: c.generateMs,
    manifest: m,
    describe:
      `${n(m.files)} .json.gz log files + ${n(m.digestFiles)} digests, ${n(m.records)} events, ${mb(m.gzBytes)} gz / ${mb(m.jsonBytes)} JSON, ` +
      `30 days, ${m.accounts} accounts (${m.accountRegions} account-regions); generated ${n(k.accessKeys)} access keys, ` +
      `${n(k.identityArns)} identity ARNs, ${n(k.s3Objects)} S3 objects, ${n(k.sessions)} sessions, ` +
      `${k.largeRecords} records ≥ 256 KiB (largest ${(k.largestRecordBytes / 2 ** 20).toFixed(1)} MiB), ${n(k.lateRecords)} delivered late`,
    filters: m.probes,
    // two whole days in the middle of the month
    carve: {
      startMs: WIDE_START_MS,
      endMs: WIDE_START_MS + WIDE_DAYS * 86_400_000,
      share: 2 / WIDE_DAYS,
      at: 14 / WIDE_DAYS,
      label: `2 of ${WIDE_DAYS} days`,
    },
    generated: k,
  };
}
