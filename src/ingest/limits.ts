import type { CarveSpec } from './carve.js';
import type { WorkerRules } from '../domain/sigma/types.js';

/**
 * Size thresholds of the ingest pipeline. Defaults suit real evidence; tests lower them to exercise
 * the streaming and cap paths with small files.
 */
export interface IngestLimits {
  /**
   * Decompressed files up to this size are parsed with one JSON.parse; larger ones go through the
   * streaming splitter. A whole parse holds the document, its string and every parsed record at
   * once (a 49 MB document took ~450 MB per worker), while streaming is as fast from about 1 MB up
   * (measured: 250 KB S3 delivery files parse at the same speed either way; 2-6 MB documents 10-35%
   * faster streamed). So only typical delivery files (tens to hundreds of KB) take the whole parse.
   */
  wholeParseMax: number;
  /**
   * Files whose content is at most this size are read into memory whole (one read, one inflate)
   * and kept as their evidence bytes, so their records are located there instead of copied; larger
   * ones stream. Records are split out of the content either way (only up to wholeParseMax is a
   * document parsed whole), so this costs the content's size in memory per worker, not a parse.
   */
  wholeReadMax: number;
  /**
   * A single record (or a non-envelope top-level value) larger than this is passed over without
   * being held; the records after it are read, and the file fails with the count.
   */
  maxItemBytes: number;
  /** Decompressed bytes allowed per compressed byte before a file is treated as a decompression bomb… */
  maxRatio: number;
  /** …once at least this many bytes came out (small files may compress very well). */
  ratioFloor: number;
  /** Never decompress more than this from one file or archive member. */
  maxDecompressed: number;
  /** Events per batch (one raw chunk, one transaction)… */
  batchSize: number;
  /**
   * …or fewer when their original records reach this many bytes: a batch is held in memory in
   * several copies (worker, in flight, writer), so large records must not make 500-event batches.
   */
  batchBytes: number;
  /**
   * Heap (old generation, MB) of each parse worker. V8 grows a heap lazily, so without a cap two
   * workers normalising near-maxItemBytes records reached 640 MB RSS; with it they stay under
   * 400 MB. A record that cannot be parsed within it fails its file (the run goes on).
   */
  workerHeapMb: number;
  /** Which events this run keeps (carving; not a size threshold, but it travels to the parse workers with these). */
  carve?: CarveSpec;
  /** Sigma detections evaluated on each record as it is read (src/ingest/worker-rules.ts). */
  sigma?: WorkerRules;
}

export const DEFAULT_LIMITS: IngestLimits = {
  wholeParseMax: 1024 * 1024,
  wholeReadMax: 16 * 1024 * 1024,
  maxItemBytes: 8 * 1024 * 1024,
  maxRatio: 200,
  ratioFloor: 256 * 1024 * 1024,
  maxDecompressed: 64 * 1024 * 1024 * 1024,
  batchSize: 500,
  batchBytes: 4 * 1024 * 1024,
  workerHeapMb: 160,
};

type NumericLimit = Exclude<keyof IngestLimits, 'carve' | 'sigma'>;

/** Limits from defaults, then TRAILSCOPE_INGEST_LIMITS (JSON, for tests and unusual evidence), then overrides. */
export function resolveLimits(
  overrides: Partial<IngestLimits> = {},
  env: NodeJS.ProcessEnv = process.env,
): IngestLimits {
  let fromEnv: Partial<IngestLimits> = {};
  if (env.TRAILSCOPE_INGEST_LIMITS) {
    try {
      const v = JSON.parse(env.TRAILSCOPE_INGEST_LIMITS) as unknown;
      if (v && typeof v === 'object') fromEnv = v as Partial<IngestLimits>;
    } catch {
      // ignored: a malformed override must not stop indexing
    }
  }
  const out = { ...DEFAULT_LIMITS };
  for (const src of [fromEnv, overrides]) {
    for (const k of Object.keys(DEFAULT_LIMITS) as NumericLimit[]) {
      const v = src[k];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
    }
  }
  return out;
}

/** The decompressed-size cap for a stream whose compressed size is `compressed` bytes. */
export function decompressedCap(limits: IngestLimits, compressed: number): number {
  return Math.min(
    limits.maxDecompressed,
    Math.max(limits.ratioFloor, compressed * limits.maxRatio),
  );
}
