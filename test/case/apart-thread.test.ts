import { describe, expect, it } from 'vitest';
import { claimTaken, newClaim, runApart, takeClaim } from '../../src/case/apart-thread.js';
import { standInWorkers } from '../helpers/stand-in-worker.js';

const { worker } = standInWorkers('trailscope-apart-');

describe('a pass claimed by whichever side is free first', () => {
  it('is taken once, by one side', () => {
    const c = newClaim();
    expect(claimTaken(c)).toBe(false);
    expect(takeClaim(c)).toBe(true);
    expect(claimTaken(c)).toBe(true);
    expect(takeClaim(c)).toBe(false);
  });

  it('a thread that takes it leaves it taken for the writer (shared memory, not a copy)', async () => {
    const c = newClaim();
    const file = worker(
      'take.mjs',
      `parentPort.postMessage({ ms: 1, result: Atomics.compareExchange(workerData.claim, 0, 0, 1) === 0 });`,
    );
    const r = await runApart<boolean>(file, { claim: c }, 'the test thread').answer;
    expect(r.result).toBe(true);
    expect(takeClaim(c)).toBe(false);
  });
});

describe('a thread that answers once', () => {
  it('gives its result and time; a failure, an error answer or an exit rejects', async () => {
    const ok = runApart<number>(
      worker('ok.mjs', `parentPort.postMessage({ ms: 3, result: 42 });`),
      {},
      't',
    );
    expect(await ok.answer).toEqual({ result: 42, ms: 3 });
    await expect(
      runApart(worker('bad.mjs', `throw new Error('boom');`), {}, 't').answer,
    ).rejects.toThrow(/boom/);
    await expect(
      runApart(worker('refuses.mjs', `parentPort.postMessage({ error: 'cannot open' });`), {}, 't')
        .answer,
    ).rejects.toThrow(/cannot open/);
    await expect(
      runApart(worker('exit.mjs', `process.exit(3);`), {}, 'the test thread').answer,
    ).rejects.toThrow(/the test thread ended \(exit code 3\)/);
  });
});
