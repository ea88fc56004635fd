import { createHash } from 'node:crypto';
import { utcInstant } from '../time.js';
import { chainKey, isBackfill, parseDigest } from '../verify/digest.js';
import { verifyEvidence } from '../verify/verify.js';
import type { CoverageGap, EvidenceFile } from './types.js';

/** Where a digest says the trail delivered: one window per digest (its start to its end). */
export interface DigestWindow {
  path: string;
  account: string;
  region: string;
  bucket: string;
  from: number;
  to: number;
  backfill: boolean;
  /** Paths (S3 keys) of the log files it lists. */
  logKeys: string[];
}

/** A delivered log file's place, from its name: `ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_….json.gz`. */
export function logFilePlace(
  path: string,
): { account: string; region: string; delivered: number } | null {
  const name = path.replace(/\\/g, '/').split('/').pop() ?? '';
  const m =
    /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*\.json(?:\.gz)?$/.exec(
      name,
    );
  if (!m) return null;
  // an impossible stamp (month 13, hour 99) places the file nowhere rather than rolling over
  const t = utcInstant(+m[3], +m[4], +m[5], +m[6], +m[7]);
  return t === null ? null : { account: m[1], region: m[2], delivered: t };
}

/** The digests among the case file's files (status `digest`, with their JSON), parsed; malformed ones skipped. */
export function digestWindows(files: readonly EvidenceFile[]): DigestWindow[] {
  const out: DigestWindow[] = [];
  for (const f of files) {
    if (!f.digest) continue;
    const d = parseDigest(f.digest);
    if (typeof d === 'string') continue;
    const from = Date.parse(d.digestStartTime);
    const to = Date.parse(d.digestEndTime);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) continue;
    const [account, region] = chainKey(d).split('/');
    out.push({
      path: f.path,
      account: account || d.awsAccountId,
      region: region && region !== '?' ? region : '(unknown)',
      bucket: d.digestS3Bucket,
      from,
      to,
      backfill: isBackfill(d),
      logKeys: d.logFiles.map((l) => l.s3Object),
    });
  }
  return out.sort((a, b) => a.from - b.from || a.path.localeCompare(b.path));
}

/**
 * Windows the chains of digests say are missing, with verify's reasons: the chain logic is
 * verify's own (domain/verify), run on the digest JSON the case file kept.
 */
export function digestGaps(files: readonly EvidenceFile[]): CoverageGap[] {
  const inputs = files
    .filter((f) => f.digest)
    .map((f) => {
      const content = Buffer.from(f.digest!, 'utf8');
      return { path: f.path, content, sha256: createHash('sha256').update(content).digest('hex') };
    });
  if (inputs.length === 0) return [];
  const report = verifyEvidence(inputs, [], null, new Map());
  const gaps: CoverageGap[] = [];
  for (const c of report.chains) {
    const [account = '(unknown)', region = '(unknown)'] = c.chain.split('/');
    for (const g of c.gaps) {
      const from = Date.parse(g.from);
      const to = Date.parse(g.to);
      if (!Number.isFinite(to)) continue;
      gaps.push({
        chain: c.chain,
        account,
        region,
        from: Number.isFinite(from) ? from : null,
        to,
        reason: g.reason,
      });
    }
  }
  return gaps.sort((a, b) => a.to - b.to || a.chain.localeCompare(b.chain));
}
