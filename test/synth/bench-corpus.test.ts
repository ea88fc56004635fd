import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { looksLikeCloudTrail, normalizeRecord } from '../../src/ingest/normalize.js';
import { generateCorpus } from '../../src/synth/bench/generate.js';
import { ensureCorpus } from '../../src/synth/bench/corpus-cache.js';

const root = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json.gz'))
    .sort();
}

function digest(dir: string): string {
  const h = createHash('sha256');
  for (const f of files(dir)) h.update(f).update(gunzipSync(readFileSync(join(dir, f))));
  return h.digest('hex');
}

describe('benchmark corpus generator', () => {
  it('is deterministic: same seed, same tree and bytes; another seed differs', async () => {
    const a = await generateCorpus({ dir: join(root, 'a'), events: 1500 });
    const b = await generateCorpus({ dir: join(root, 'b'), events: 1500 });
    const c = await generateCorpus({ dir: join(root, 'c'), events: 1500, seed: 'other' });
    expect(b).toEqual(a);
    expect(digest(join(root, 'b'))).toBe(digest(join(root, 'a')));
    expect(digest(join(root, 'c'))).not.toBe(digest(join(root, 'a')));
    expect(c.events).toBe(1500);
  });

  it('writes valid CloudTrail delivery files whose counts match the manifest', () => {
    const dir = join(root, 'a');
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const list = files(dir);
    expect(list).toHaveLength(m.files);
    const names: Record<string, number> = {};
    const ids = new Set<string>();
    const kinds = new Set<string>();
    let records = 0;
    let issued = 0;
    for (const f of list) {
      expect(relative(dir, join(dir, f))).toMatch(
        /^AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/CloudTrail\/[a-z0-9-]+\/\d{4}\/\d{2}\/\d{2}\/\d{12}_CloudTrail_[a-z0-9-]+_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
      );
      const doc = JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8'));
      for (const r of doc.Records) {
        records++;
        expect(looksLikeCloudTrail(r)).toBe(true);
        names[r.eventName] = (names[r.eventName] ?? 0) + 1;
        ids.add(r.eventID);
        kinds.add(r.userIdentity.type);
        const ev = normalizeRecord(r);
        expect(ev.timeValid).toBe(true);
        if (ev.issuedKey) issued++;
      }
    }
    expect(records).toBe(m.records);
    expect(ids.size).toBe(m.events);
    expect(names).toEqual(m.eventNames);
    expect(issued).toBeGreaterThan(0);
    expect(m.records).toBeGreaterThan(m.events); // the duplicated account trail
    for (const k of ['IAMUser', 'AssumedRole', 'AWSService', 'SAMLUser', 'WebIdentityUser'])
      expect(kinds).toContain(k);
  });

  it('reuses a finished corpus and regenerates a missing one', async () => {
    const first = await ensureCorpus({ root, events: 500 });
    expect(first.reused).toBe(false);
    const again = await ensureCorpus({ root, events: 500 });
    expect(again.reused).toBe(true);
    expect(again.manifest).toEqual(first.manifest);
  });
});
