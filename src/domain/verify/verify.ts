import { createPublicKey, verify as rsaVerify, type KeyObject } from 'node:crypto';
import { chainKey, isBackfill, parseDigest, signingString, type Digest } from './digest.js';

/**
 * Offline CloudTrail integrity verification: log files against the hashes their digests list,
 * each chain of digests link by link, and signatures against saved public keys. Everything comes
 * in as bytes, hashes and the responder's saved AWS CLI outputs; no network, no clock.
 *
 * The verdicts are a fixed vocabulary (docs/evidence.md):
 *   log files: verified | modified | missing-from-evidence | not-in-any-digest | unreadable
 *   digests:   valid | invalid-signature | hash-mismatch | unknown-key | key-not-valid-then |
 *              signature-unchecked | malformed
 *   chains:    complete | gap | broken
 */

export type LogVerdict =
  'verified' | 'modified' | 'missing-from-evidence' | 'not-in-any-digest' | 'unreadable';
export type DigestVerdict =
  | 'valid'
  | 'invalid-signature'
  | 'hash-mismatch'
  | 'unknown-key'
  | 'key-not-valid-then'
  | 'signature-unchecked'
  | 'malformed';
export type ChainVerdict = 'complete' | 'gap' | 'broken';

export interface DigestInput {
  /** Where it came from (evidence path). */
  path: string;
  /** The digest's uncompressed bytes as delivered (never re-serialised JSON). */
  content: Buffer | null;
  /** Hex SHA-256 of `content`. */
  sha256: string | null;
  /** Why it could not be read, when content is null. */
  error?: string;
  /** Data follows the first gzip member: whatever the content says, not the file AWS delivered. */
  trailingData?: boolean;
}

export interface LogInput {
  path: string;
  /** `AWSLogs/…` key, as digests name it. */
  s3Key: string | null;
  /** Hex SHA-256 of the uncompressed content; null when unreadable. */
  sha256: string | null;
  error?: string;
  /** Data follows the first gzip member (see DigestInput). */
  trailingData?: boolean;
}

export interface PublicKey {
  fingerprint: string;
  key: KeyObject;
  validFrom: number;
  validTo: number;
}

export interface LogResult {
  path: string | null;
  s3Key: string;
  verdict: LogVerdict;
  /** The digest that lists it, when one does. */
  digest?: string;
  detail?: string;
}

export interface DigestResult {
  path: string;
  s3Key: string | null;
  chain: string | null;
  endTime: string | null;
  verdict: DigestVerdict;
  detail?: string;
}

export interface ChainResult {
  chain: string;
  digests: number;
  verdict: ChainVerdict;
  /** Windows (digestEndTime of the digest before → start of the next) that no digest covers. */
  gaps: { from: string; to: string; reason: string }[];
}

export interface VerifyReport {
  logs: LogResult[];
  digests: DigestResult[];
  chains: ChainResult[];
  /** True only when everything was verified (signatures included). */
  allVerified: boolean;
}

/** `aws cloudtrail list-public-keys` outputs, one or several concatenated (one per region). */
export function parsePublicKeys(text: string): PublicKey[] | string {
  const out: PublicKey[] = [];
  // concatenated JSON documents: split at each top-level object
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      try {
        docs.push(JSON.parse(text.slice(start, i + 1)));
      } catch (err) {
        return `not list-public-keys JSON: ${(err as Error).message}`;
      }
    }
  }
  for (const d of docs) {
    const list = (d as { PublicKeyList?: unknown }).PublicKeyList;
    if (!Array.isArray(list))
      return 'no PublicKeyList (save the output of aws cloudtrail list-public-keys)';
    for (const k of list as Record<string, unknown>[]) {
      if (typeof k.Value !== 'string' || typeof k.Fingerprint !== 'string') continue;
      try {
        const key = createPublicKey({
          key: Buffer.from(k.Value, 'base64'),
          format: 'der',
          type: 'pkcs1',
        });
        out.push({
          fingerprint: k.Fingerprint.toLowerCase(),
          key,
          validFrom: Date.parse(String(k.ValidityStartTime)) || -Infinity,
          validTo: Date.parse(String(k.ValidityEndTime)) || Infinity,
        });
      } catch {
        // a value that is not an RSA public key is skipped: a digest naming it stays unknown-key
      }
    }
  }
  return out;
}

/** The newest digest's signature, from saved `aws s3api head-object` output (Metadata.signature). */
export function signatureFromHeadObject(
  text: string,
): { signature: string; algorithm: string | null } | null {
  try {
    const o = JSON.parse(text) as { Metadata?: Record<string, string> };
    const m = o.Metadata ?? {};
    const sig = m.signature ?? m['x-amz-meta-signature'];
    return typeof sig === 'string' && /^[0-9a-f]+$/i.test(sig)
      ? { signature: sig.toLowerCase(), algorithm: m['signature-algorithm'] ?? null }
      : null;
  } catch {
    return null;
  }
}

interface Parsed {
  input: DigestInput;
  digest: Digest;
  chain: string;
}

/** Digests of a chain follow each other end to start; more than a minute between them is a window no digest covers. */
const GAP_TOLERANCE_MS = 60_000;

/**
 * Verify everything given. `signatures` maps a digest's S3 key (or its file name) to the signature
 * saved from its object metadata (needed for the newest digest of each chain; the others carry
 * their predecessor's signature).
 */
export function verifyEvidence(
  digests: readonly DigestInput[],
  logs: readonly LogInput[],
  keys: readonly PublicKey[] | null,
  signatures: ReadonlyMap<string, string>,
): VerifyReport {
  const digestResults: DigestResult[] = [];
  const parsed: Parsed[] = [];
  for (const input of digests) {
    if (!input.content || !input.sha256) {
      digestResults.push({
        path: input.path,
        s3Key: null,
        chain: null,
        endTime: null,
        verdict: 'malformed',
        detail: input.error ?? 'unreadable',
      });
      continue;
    }
    const d = parseDigest(input.content.toString('utf8'));
    if (typeof d === 'string') {
      digestResults.push({
        path: input.path,
        s3Key: null,
        chain: null,
        endTime: null,
        verdict: 'malformed',
        detail: d,
      });
      continue;
    }
    parsed.push({ input, digest: d, chain: chainKey(d) });
  }

  // chains: digests ordered by end time; backfill digests sit outside the hourly chain
  const chains = new Map<string, Parsed[]>();
  for (const p of parsed) {
    if (isBackfill(p.digest)) continue;
    const list = chains.get(p.chain) ?? [];
    list.push(p);
    chains.set(p.chain, list);
  }
  const bySha = new Map(parsed.map((p) => [p.input.sha256!, p]));
  const chainResults: ChainResult[] = [];
  /** For each digest, the signature found for it (in its successor, or saved from S3). */
  const signatureOf = new Map<Parsed, string>();
  const hashProblem = new Map<Parsed, string>();
  for (const [chain, list] of chains) {
    list.sort((a, b) => a.digest.digestEndTime.localeCompare(b.digest.digestEndTime));
    const gaps: ChainResult['gaps'] = [];
    let broken = false;
    for (let i = 0; i < list.length; i++) {
      const cur = list[i];
      const next = list[i + 1];
      if (!next) continue;
      const nd = next.digest;
      // the next digest names this one: same object, same hash
      const namesThis = nd.previousDigestS3Object === cur.digest.digestS3Object;
      if (!namesThis) {
        const named = nd.previousDigestS3Object
          ? `names ${nd.previousDigestS3Object}`
          : 'names no previous digest';
        gaps.push({
          from: cur.digest.digestEndTime,
          to: nd.digestStartTime,
          reason: `the next digest ${named}: a digest between them is missing from the evidence`,
        });
        continue;
      }
      if (nd.previousDigestHashValue !== cur.input.sha256) {
        hashProblem.set(
          cur,
          `its SHA-256 ${cur.input.sha256} is not the ${nd.previousDigestHashValue ?? '(none)'} its successor recorded: the file was modified`,
        );
        broken = true;
      }
      if (nd.previousDigestSignature) signatureOf.set(cur, nd.previousDigestSignature);
      const gapMs = Date.parse(nd.digestStartTime) - Date.parse(cur.digest.digestEndTime);
      if (gapMs > GAP_TOLERANCE_MS)
        gaps.push({
          from: cur.digest.digestEndTime,
          to: nd.digestStartTime,
          reason: 'no digest was delivered for this window (logging off, or validation disabled)',
        });
    }
    // a predecessor named by the first digest but absent from the evidence
    const first = list[0];
    if (
      first?.digest.previousDigestS3Object &&
      !bySha.has(first.digest.previousDigestHashValue ?? '')
    ) {
      gaps.push({
        from: '(before the evidence)',
        to: first.digest.digestStartTime,
        reason: `the earlier digest ${first.digest.previousDigestS3Object} is not in the evidence`,
      });
    }
    chainResults.push({
      chain,
      digests: list.length,
      verdict: broken ? 'broken' : gaps.length ? 'gap' : 'complete',
      gaps,
    });
  }

  for (const p of parsed) {
    const base = {
      path: p.input.path,
      s3Key: p.digest.digestS3Object,
      chain: p.chain,
      endTime: p.digest.digestEndTime,
    };
    const problem =
      hashProblem.get(p) ??
      (p.input.trailingData
        ? 'data follows the first gzip member: not the file AWS delivered'
        : undefined);
    if (problem) {
      digestResults.push({ ...base, verdict: 'hash-mismatch', detail: problem });
      continue;
    }
    const name = p.digest.digestS3Object.split('/').pop()!;
    const sig =
      signatureOf.get(p) ?? signatures.get(p.digest.digestS3Object) ?? signatures.get(name) ?? null;
    if (!keys || !sig) {
      digestResults.push({
        ...base,
        verdict: 'signature-unchecked',
        detail: !keys
          ? 'no public keys given (--public-keys)'
          : "no signature: the newest digest's signature is in its S3 object metadata (--signatures)",
      });
      continue;
    }
    const fp = p.digest.digestPublicKeyFingerprint?.toLowerCase();
    const candidates = keys.filter((k) => k.fingerprint === fp);
    if (candidates.length === 0) {
      digestResults.push({
        ...base,
        verdict: 'unknown-key',
        detail: `no public key with fingerprint ${fp ?? '(none)'} in the saved list`,
      });
      continue;
    }
    const at = Date.parse(p.digest.digestEndTime);
    const valid = candidates.filter((k) => at >= k.validFrom && at <= k.validTo);
    if (valid.length === 0) {
      digestResults.push({
        ...base,
        verdict: 'key-not-valid-then',
        detail: `the key ${fp} was not valid at ${p.digest.digestEndTime}`,
      });
      continue;
    }
    const data = Buffer.from(signingString(p.digest, p.input.sha256!), 'utf8');
    let ok = false;
    try {
      ok = valid.some((k) => rsaVerify('sha256', data, k.key, Buffer.from(sig, 'hex')));
    } catch {
      ok = false;
    }
    digestResults.push({
      ...base,
      verdict: ok ? 'valid' : 'invalid-signature',
      detail: ok
        ? `signed by ${fp}`
        : 'the signature does not match this content and its signing string',
    });
  }

  // log files: each listed one against what was indexed; each indexed one against the lists
  const listed = new Map<string, { hash: string; digest: string }>();
  for (const p of parsed)
    for (const lf of p.digest.logFiles)
      listed.set(lf.s3Object, { hash: lf.hashValue, digest: p.digest.digestS3Object });
  const logResults: LogResult[] = [];
  const seen = new Set<string>();
  for (const l of logs) {
    if (!l.s3Key) {
      logResults.push({
        path: l.path,
        s3Key: l.path,
        verdict: 'not-in-any-digest',
        detail: 'the path has no AWSLogs/ key to look up',
      });
      continue;
    }
    seen.add(l.s3Key);
    const entry = listed.get(l.s3Key);
    if (!l.sha256)
      logResults.push({
        path: l.path,
        s3Key: l.s3Key,
        verdict: 'unreadable',
        detail: l.error ?? 'cannot read the file',
        digest: entry?.digest,
      });
    else if (!entry)
      logResults.push({ path: l.path, s3Key: l.s3Key, verdict: 'not-in-any-digest' });
    else if (l.trailingData)
      logResults.push({
        path: l.path,
        s3Key: l.s3Key,
        verdict: 'modified',
        digest: entry.digest,
        detail:
          entry.hash === l.sha256
            ? 'its content matches the digest, but data follows the first gzip member: not the file AWS delivered'
            : `SHA-256 ${l.sha256}, the digest says ${entry.hash}; and data follows the first gzip member`,
      });
    else if (entry.hash !== l.sha256)
      logResults.push({
        path: l.path,
        s3Key: l.s3Key,
        verdict: 'modified',
        digest: entry.digest,
        detail: `SHA-256 ${l.sha256}, the digest says ${entry.hash}`,
      });
    else
      logResults.push({ path: l.path, s3Key: l.s3Key, verdict: 'verified', digest: entry.digest });
  }
  for (const [key, entry] of listed) {
    if (!seen.has(key))
      logResults.push({
        path: null,
        s3Key: key,
        verdict: 'missing-from-evidence',
        digest: entry.digest,
      });
  }

  const allVerified =
    digestResults.every((d) => d.verdict === 'valid') &&
    chainResults.every((c) => c.verdict === 'complete') &&
    logResults.every((l) => l.verdict === 'verified') &&
    digestResults.length > 0;
  return { logs: logResults, digests: digestResults, chains: chainResults, allVerified };
}
