/**
 * Issue #5 figures: `trace` of access keys (deep role chains included) and the credentials view's
 * first page, on the indexed benchmark case file.
 */
import {
  CredentialStore,
  countCredentials,
  originLabels,
  pageCredentials,
} from '../store/credentials.js';
import { openCaseFile } from '../store/db.js';
import { traceJson } from '../domain/lineage-json.js';
import { traceKey } from '../domain/lineage.js';
import { Prng } from '../synth/prng.js';
import { runChild } from './child.js';
import { summarize, type Figure } from './figures.js';

const CREDENTIALS_PAGE = 50;

export async function benchLineage(o: { cli: string; dbPath: string }): Promise<Figure[]> {
  const S = 'lineage (#5)';
  const db = openCaseFile(o.dbPath, { readonly: true });
  const figures: Figure[] = [];
  let sampleKey: string | null = null;
  try {
    // Credentials view first page: count + newest-first page + origin labels, on a fresh connection.
    let t0 = performance.now();
    const total = countCredentials(db, {});
    const page = pageCredentials(db, {}, 0, CREDENTIALS_PAGE);
    originLabels(
      db,
      page.map((r) => r.access_key_id),
    );
    const firstPageMs = performance.now() - t0;
    t0 = performance.now();
    pageCredentials(db, { sort: 'events' }, 0, CREDENTIALS_PAGE);
    const sortedMs = performance.now() - t0;
    figures.push({
      section: S,
      name: 'credentials view first page',
      unit: 'ms',
      measured: firstPageMs,
      target: { kind: 'max', value: 200 },
      note: `${total.toLocaleString('en-US')} keys; re-sorted by events: ${sortedMs.toFixed(1)} ms`,
    });

    // Trace a sample of keys: the busiest ones and a deterministic random spread of the rest.
    const busiest = pageCredentials(db, { sort: 'events' }, 0, 100).map((r) => r.access_key_id);
    const rng = new Prng('lineage-sample');
    const spread = Array.from(
      { length: 200 },
      () => pageCredentials(db, {}, rng.int(Math.max(1, total)), 1)[0]?.access_key_id,
    ).filter((k): k is string => typeof k === 'string');
    const keys = [...new Set([...busiest, ...spread])];
    const store = new CredentialStore(db);
    const times: number[] = [];
    let deepest = { hops: 0, key: '' };
    for (const key of keys) {
      const t = performance.now();
      const trace = traceKey(store, key);
      const json = trace ? traceJson(trace) : null;
      times.push(performance.now() - t);
      const hops = json?.hops.length ?? 0;
      if (hops > deepest.hops) deepest = { hops, key };
    }
    sampleKey = deepest.key || keys[0] || null;
    const s = summarize(times);
    figures.push({
      section: S,
      name: `trace (p95 of ${s.n} keys)`,
      unit: 'ms',
      measured: s.p95,
      target: { kind: 'max', value: 20 },
      note: `median ${s.median.toFixed(2)} ms, max ${s.max.toFixed(1)} ms; deepest chain ${deepest.hops} hops`,
    });
  } catch (err) {
    figures.push({
      section: S,
      name: 'lineage',
      unit: 'ms',
      measured: null,
      note: `failed: ${(err as Error).message.slice(0, 160)}`,
    });
  } finally {
    db.close();
  }
  if (sampleKey) {
    const r = await runChild(process.execPath, [
      o.cli,
      'trace',
      sampleKey,
      '--db',
      o.dbPath,
      '--json',
    ]);
    figures.push({
      section: S,
      name: '`trailscope trace --json` (deepest chain, CLI)',
      unit: 'ms',
      measured: r.code === 0 ? r.wallMs : null,
      note:
        r.code === 0
          ? 'whole process: node start-up + open + trace'
          : `exit ${r.code}: ${r.stderr.slice(0, 120)}`,
    });
  }
  return figures;
}
