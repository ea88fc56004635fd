// Peak memory is bounded whatever the input: only small documents are parsed whole, batches are cut
// by bytes as well as by count, and (e2e) a parse worker over its heap cap fails only its file.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evidenceDir, records, type Evidence } from './evidence.js';
import { parseJob } from '../../src/ingest/parse-file.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/ingest/limits.js';
import { RecordSink } from '../../src/ingest/record-sink.js';
import type { FileMessage } from '../../src/ingest/messages.js';

let ev: Evidence;
afterEach(() => {
  ev?.cleanup();
  vi.restoreAllMocks();
});

const j = (v: unknown): string => JSON.stringify(v);

/**
 * How the sink was fed: from content read whole into memory (a whole-document parse, or records
 * split from it and located there) or by streaming record by record.
 */
async function pathTaken(
  path: string,
  limits: Partial<typeof DEFAULT_LIMITS> = {},
): Promise<{ streamed: number; whole: number; records: number }> {
  const seen = { streamed: 0, whole: 0, records: 0 };
  const spy = vi.spyOn(RecordSink.prototype, 'item');
  await parseJob({ id: 0, path }, resolveLimits(limits, {}), async (m) => {
    if (m.batch) seen.records += m.batch.n;
  });
  spy.mock.calls.forEach((call, i) => {
    if (call[1] === null || (spy.mock.contexts[i] as RecordSink).locatable) seen.whole++;
    else seen.streamed++;
  });
  spy.mockRestore();
  return seen;
}

describe('ingest memory bounds', () => {
  it('defaults: at most 1 MiB is parsed whole, records are capped at 8 MiB, batches at 4 MiB', () => {
    expect(DEFAULT_LIMITS.wholeParseMax).toBeLessThanOrEqual(1024 * 1024);
    expect(DEFAULT_LIMITS.wholeReadMax).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(DEFAULT_LIMITS.maxItemBytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(DEFAULT_LIMITS.batchBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(DEFAULT_LIMITS.workerHeapMb).toBeGreaterThan(0);
  });

  it('a delivery file is read whole (its records located in it); a document over the whole-read size streams record by record', async () => {
    ev = evidenceDir();
    // ~250 KB of JSON, gzip'd: a typical S3 delivery file
    const typical = ev.writeGz(
      'typical.json.gz',
      j({ Records: records(250, 'typ', { requestParameters: { pad: 'x'.repeat(700) } }) }),
    );
    const big = ev.write(
      'big.json',
      j({ Records: records(2500, 'big', { requestParameters: { pad: 'x'.repeat(700) } }) }),
    );
    expect(await pathTaken(typical)).toEqual({ streamed: 0, whole: 250, records: 250 });
    expect(await pathTaken(big)).toEqual({ streamed: 0, whole: 2500, records: 2500 });
    expect(await pathTaken(big, { wholeReadMax: 1024 * 1024 })).toEqual({
      streamed: 2500,
      whole: 0,
      records: 2500,
    });
  });

  it('large records make smaller batches (cut by bytes), small ones still fill batchSize', async () => {
    ev = evidenceDir();
    const pad = 'y'.repeat(300 * 1024);
    const p = ev.write(
      'large.jsonl',
      records(12, 'large', { requestParameters: { pad } })
        .map((r) => j(r))
        .join('\n'),
    );
    const sizes: number[] = [];
    const collect = async (m: FileMessage): Promise<void> =>
      void (m.batch && sizes.push(m.batch.n));
    await parseJob({ id: 0, path: p }, resolveLimits({ batchBytes: 1024 * 1024 }, {}), collect);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(12);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);

    sizes.length = 0;
    const small = ev.write(
      'small.jsonl',
      records(1200, 'small')
        .map((r) => j(r))
        .join('\n'),
    );
    await parseJob({ id: 0, path: small }, resolveLimits({}, {}), collect);
    expect(sizes).toEqual([500, 500, 200]);
  });
});
