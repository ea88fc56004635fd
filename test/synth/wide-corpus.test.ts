import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWideCorpus, type WideManifest } from '../../src/synth/wide/generate.js';
import { deliveryOf, DELIVERY_MARGIN_MS } from '../../src/ingest/carve.js';

// One small wide corpus, checked for what makes it a benchmark: S3 delivery paths the carve reads,
// digests whose hashes and chain hold, no event later than the carve margin, the cardinality it
// claims counted again from its files, and one record of several MiB.
let dir: string;
let manifest: WideManifest;
let files: string[];

function walk(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wide-corpus-'));
  manifest = await generateWideCorpus({ dir, events: 6000 });
  files = walk(join(dir, 'AWSLogs')).map((p) => relative(dir, p));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const content = (path: string): string => gunzipSync(readFileSync(join(dir, path))).toString();
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('wide corpus', () => {
  it('is an organisation trail tree: every file a dated S3 delivery path, logs and digests', () => {
    const logs = files.filter((f) => f.includes('/CloudTrail/'));
    const digests = files.filter((f) => f.includes('/CloudTrail-Digest/'));
    expect(logs.length).toBe(manifest.files);
    expect(digests.length).toBe(manifest.digestFiles);
    expect(logs.length + digests.length).toBe(files.length);
    for (const f of files) {
      expect(f).toMatch(/^AWSLogs\/o-[a-z0-9]{10}\/\d{12}\/CloudTrail(-Digest)?\//);
      expect(deliveryOf(f), f).not.toBeNull();
    }
    expect(new Set(logs.map((f) => f.split('/')[2])).size).toBe(12);
  });

  it('delivers every event before its file is stamped and within the carve margin', () => {
    let records = 0;
    for (const f of files.filter((x) => x.includes('/CloudTrail/'))) {
      const stamp = deliveryOf(f)!.stampMs;
      for (const r of JSON.parse(content(f)).Records as { eventTime: string }[]) {
        const t = Date.parse(r.eventTime);
        expect(t).toBeLessThan(stamp);
        expect(stamp - t).toBeLessThanOrEqual(DELIVERY_MARGIN_MS);
        records++;
      }
    }
    expect(records).toBe(manifest.records);
  });

  it('digests hash each log file and chain to the previous digest', () => {
    const digests = files.filter((f) => f.includes('/CloudTrail-Digest/')).sort();
    const byPair = new Map<string, string[]>();
    for (const d of digests) {
      const pair = d.split('/').slice(0, 5).join('/');
      byPair.set(pair, [...(byPair.get(pair) ?? []), d]);
    }
    let listed = 0;
    for (const chain of byPair.values()) {
      let previous: string | null = null;
      for (const d of chain) {
        const text = content(d);
        const body = JSON.parse(text);
        expect(body.digestS3Object).toBe(d);
        expect(body.previousDigestHashValue).toBe(previous ? sha(previous) : null);
        for (const l of body.logFiles) {
          expect(sha(content(l.s3Object))).toBe(l.hashValue);
          listed++;
        }
        previous = text;
      }
    }
    // the last period's files are vouched for by the last digest: every log file is listed once
    expect(listed).toBe(manifest.files);
  });

  it('has the cardinality it reports, counted again from its files, near the issue figures', () => {
    const keys = new Set<string>();
    const arns = new Set<string>();
    const objects = new Set<string>();
    let largest = 0;
    for (const f of files.filter((x) => x.includes('/CloudTrail/'))) {
      for (const r of JSON.parse(content(f)).Records) {
        if (r.userIdentity.accessKeyId) keys.add(r.userIdentity.accessKeyId);
        if (r.userIdentity.arn) arns.add(r.userIdentity.arn);
        if (typeof r.requestParameters?.key === 'string')
          objects.add(`${r.requestParameters.bucketName}/${r.requestParameters.key}`);
        largest = Math.max(largest, JSON.stringify(r).length);
      }
    }
    const k = manifest.cardinality;
    expect([keys.size, arns.size, objects.size]).toEqual([
      k.accessKeys,
      k.identityArns,
      k.s3Objects,
    ]);
    const per1M = (n: number): number => (n / manifest.records) * 1e6;
    // the tree: ~160k keys, ~80k ARNs, ~64k objects per 1M events (small corpora run high)
    expect(per1M(keys.size)).toBeGreaterThan(120_000);
    expect(per1M(keys.size)).toBeLessThan(260_000);
    expect(per1M(arns.size)).toBeGreaterThan(60_000);
    expect(per1M(arns.size)).toBeLessThan(140_000);
    expect(per1M(objects.size)).toBeGreaterThan(45_000);
    expect(per1M(objects.size)).toBeLessThan(90_000);
    expect(largest).toBe(k.largestRecordBytes);
    expect(largest).toBeGreaterThan(3.5 * 2 ** 20);
  });

  it('the keys profile: issue #10 memory case, ~400k keys and over 100k ARNs per 1M, records near 8 MiB', async () => {
    const kdir = mkdtempSync(join(tmpdir(), 'keys-corpus-'));
    try {
      const m = await generateWideCorpus({ dir: kdir, events: 20_000, profile: 'keys' });
      expect(m.profile).toBe('keys');
      const per1M = (n: number): number => (n / m.records) * 1e6;
      expect(m.records).toBeGreaterThan(19_000);
      expect(m.records).toBeLessThan(21_000);
      expect(per1M(m.cardinality.accessKeys)).toBeGreaterThan(380_000);
      expect(per1M(m.cardinality.identityArns)).toBeGreaterThan(100_000);
      // as large as the per-record limit lets a record be indexed (DEFAULT_LIMITS.maxItemBytes)
      expect(m.cardinality.largestRecordBytes).toBeGreaterThan(7.5 * 2 ** 20);
      expect(m.cardinality.largestRecordBytes).toBeLessThan(8 * 2 ** 20);
    } finally {
      rmSync(kdir, { recursive: true, force: true });
    }
  }, 120_000);

  it('is the same corpus for the same seed and size', async () => {
    const again = mkdtempSync(join(tmpdir(), 'wide-corpus-'));
    try {
      const m = await generateWideCorpus({ dir: again, events: 6000 });
      const strip = (x: WideManifest) => ({ ...x, gzBytes: 0 });
      expect(strip(m)).toEqual(strip(manifest));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 120_000);
});
