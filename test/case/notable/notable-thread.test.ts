import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCaseFile, type Database } from '../../../src/store/db.js';
import { refreshAfterIndex, isFresh } from '../../../src/case/derived.js';
import { computeNotableApart } from '../../../src/case/notable/notable-thread.js';
import { getInsights } from '../../../src/case/insights.js';
import { newClaim, takeClaim } from '../../../src/case/apart-thread.js';
import { addRecords, ctEvent } from '../../helpers/case-file.js';
import { standInWorkers } from '../../helpers/stand-in-worker.js';

// Under vitest there is no compiled notable-worker.js (the e2e tests run it through the CLI):
// these threads are plain scripts that stand in for it, to check what the writer does with what
// comes back, and when nothing does.
const { dir: folder, worker } = standInWorkers('trailscope-notable-thread-');

const RECORDS = [
  ctEvent({
    eventID: 'e-1',
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
  }),
  ctEvent({ eventID: 'e-2', eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' }),
  ctEvent({ eventID: 'e-3', eventName: 'GetObject', eventSource: 's3.amazonaws.com' }),
];

function caseWith(path: string): Database {
  const db = openCaseFile(path, { create: true });
  addRecords(db, RECORDS, '/evidence/a.json');
  return db;
}

const rows = (db: Database): string[] =>
  (
    db.prepare('SELECT event_rowid, rule_id, severity FROM event_notable ORDER BY 1, 2').all() as {
      event_rowid: number;
      rule_id: string;
      severity: number;
    }[]
  ).map((r) => `${r.event_rowid} ${r.rule_id} ${r.severity}`);

describe('the notable rules on a thread of their own', () => {
  it('the writer writes what the thread found, and stamps the rules fresh', async () => {
    const db = caseWith(join(folder(), 'c.db'));
    const file = worker(
      'found.mjs',
      `parentPort.postMessage({ ms: 7, result: { findings: {
        events: [[2, 'cloudtrail-stopped', 3]],
        correlations: [{ ruleId: 'access-denied-burst', matches: [[3, 'access-denied-burst', 2]] }],
        accountMatches: [],
      } } });`,
    );
    const ms = await refreshAfterIndex(db, 0, { notableWorker: file, apartFromEvents: 0 });
    expect(rows(db)).toEqual(['2 cloudtrail-stopped 3', '3 access-denied-burst 2']);
    expect(isFresh(db, 'notable')).toBe(true);
    expect(ms.notable).toBeGreaterThanOrEqual(7);
    expect(ms['notable-wait']).toBeGreaterThanOrEqual(0);
    expect(ms['notable-thread']).toBe(7);
    db.close();
  });

  it('a thread that fails, or ends without an answer, leaves the rules to this thread: same rows', async () => {
    const reference = caseWith(join(folder(), 'ref.db'));
    await refreshAfterIndex(reference, 0, { notableWorker: null });
    const expected = rows(reference);
    expect(expected.length).toBeGreaterThan(0);
    reference.close();
    const failing = {
      throws: worker('throws.mjs', `throw new Error('boom');`),
      silent: worker('silent.mjs', `process.exit(3);`),
      refuses: worker('refuses.mjs', `parentPort.postMessage({ error: 'cannot open' });`),
    };
    for (const [name, file] of Object.entries(failing)) {
      const db = caseWith(join(folder(), `${name}.db`));
      const ms = await refreshAfterIndex(db, 0, { notableWorker: file, apartFromEvents: 0 });
      expect(ms['notable-thread'], name).toBeUndefined();
      expect(rows(db), name).toEqual(expected);
      expect(isFresh(db, 'notable'), name).toBe(true);
      db.close();
    }
  });

  it('when another pass fails, the run fails and its rules thread is ended', async () => {
    const db = caseWith(join(folder(), 'c.db'));
    // the credential refresh cannot write its table: it fails after the thread started
    db.exec('DROP TABLE credentials; CREATE VIEW credentials AS SELECT 1 AS access_key_id');
    const beat = join(folder(), 'beat');
    const file = worker(
      'beats.mjs',
      `import { writeFileSync } from 'node:fs';
       setInterval(() => writeFileSync(${JSON.stringify(beat)}, String(process.hrtime.bigint())), 10);`,
    );
    await expect(
      refreshAfterIndex(db, 0, { notableWorker: file, apartFromEvents: 0 }),
    ).rejects.toThrow();
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const last = (): string | null => (existsSync(beat) ? readFileSync(beat, 'utf8') : null);
    await pause(300); // a thread left running has started beating by now
    const a = last();
    await pause(200);
    expect(last()).toBe(a); // no beat since: the thread is gone
    db.close();
  });

  describe('a stop requested (a Ctrl-C)', () => {
    const beating = (): { file: URL; gone: () => Promise<boolean> } => {
      const beat = join(folder(), 'beat');
      const file = worker(
        'beats.mjs',
        `import { writeFileSync } from 'node:fs';
         setInterval(() => writeFileSync(${JSON.stringify(beat)}, String(process.hrtime.bigint())), 10);`,
      );
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const last = (): string | null => (existsSync(beat) ? readFileSync(beat, 'utf8') : null);
      return {
        file,
        gone: async () => {
          await pause(300); // a thread left running has started beating by now
          const a = last();
          await pause(200);
          return last() === a;
        },
      };
    };

    it('before the passes: none is refreshed, the thread is ended, every table stays stale', async () => {
      const db = caseWith(join(folder(), 'c.db'));
      const t = beating();
      const ms = await refreshAfterIndex(db, 0, {
        notableWorker: t.file,
        apartFromEvents: 0,
        stopRequested: () => true,
      });
      expect(ms).toEqual({});
      for (const name of ['notable', 'insights', 'credentials'] as const)
        expect(isFresh(db, name), name).toBe(false);
      expect(await t.gone()).toBe(true);
      db.close();
    });

    it('while the rules are awaited: the run returns without them, the thread is ended, the rules stay stale', async () => {
      const db = caseWith(join(folder(), 'c.db'));
      const t = beating(); // never answers
      let stop = false;
      setTimeout(() => (stop = true), 300);
      const at = Date.now();
      const ms = await refreshAfterIndex(db, 0, {
        notableWorker: t.file,
        apartFromEvents: 0,
        stopRequested: () => stop,
      });
      expect(Date.now() - at).toBeLessThan(5_000);
      expect(isFresh(db, 'credentials')).toBe(true); // done before the stop
      expect(isFresh(db, 'notable')).toBe(false);
      expect(ms['notable-thread']).toBeUndefined();
      expect(rows(db)).toEqual([]);
      expect(await t.gone()).toBe(true);
      // the next run finishes them, as without a thread
      await refreshAfterIndex(db, 0, { notableWorker: null });
      expect(isFresh(db, 'notable')).toBe(true);
      expect(rows(db).length).toBeGreaterThan(0);
      db.close();
    });
  });

  it('the thread is given the case file and the run, and its failure is an error', async () => {
    const file = worker(
      'echo.mjs',
      `parentPort.postMessage({ ms: 1, result: { findings: { events: [[workerData.run.toRowid, workerData.dbPath, 0]], correlations: [], accountMatches: [] } } });`,
    );
    const run = { fromRowid: 0, toRowid: 42, full: true };
    const r = await computeNotableApart(file, '/cases/x.db', run).answer;
    expect(r.result.findings.events).toEqual([[42, '/cases/x.db', 0]]);
    await expect(
      computeNotableApart(worker('bad.mjs', `throw new Error('boom');`), '/x.db', run).answer,
    ).rejects.toThrow(/boom/);
    await expect(
      computeNotableApart(worker('exit.mjs', `process.exit(3);`), '/x.db', run).answer,
    ).rejects.toThrow(/exit code 3/);
    // a thread that would never answer is ended by stop (the writer's run failed meanwhile)
    const hung = computeNotableApart(
      worker('hang.mjs', `setInterval(() => {}, 1000);`),
      '/x.db',
      run,
    );
    hung.stop();
    await expect(hung.answer).rejects.toThrow(/exit code/);
  });

  describe('the Insights, taken by whichever of the writer and the thread is free first', () => {
    const windows = (db: Database): unknown[] =>
      db.prepare('SELECT * FROM insight_windows ORDER BY id').all();
    const WINDOW = {
      scope: 'event-name',
      event_name: 'Stand-in',
      account_id: null,
      aws_region: null,
      metric: 'calls',
      start_ms: 60_000,
      end_ms: 120_000,
      baseline: 0.5,
      observed: 9,
      peak: 9,
      total: 9,
      score: 4,
      top_identities: '[]',
    };
    const FINDINGS = `{ events: [], correlations: [], accountMatches: [] }`;
    // an hour of quiet calls, then a burst in one minute: one window at least
    const BURST = [
      ...Array.from({ length: 60 }, (_, i) =>
        ctEvent({
          eventID: `quiet-${i}`,
          eventName: 'DescribeInstances',
          eventTime: `2024-04-11T14:${String(i).padStart(2, '0')}:00Z`,
        }),
      ),
      ...Array.from({ length: 40 }, (_, i) =>
        ctEvent({
          eventID: `burst-${i}`,
          eventName: 'GetObject',
          eventSource: 's3.amazonaws.com',
          eventTime: `2024-04-11T15:20:${String(i).padStart(2, '0')}Z`,
        }),
      ),
    ];
    const caseWith = (path: string): Database => {
      const db = openCaseFile(path, { create: true });
      addRecords(db, BURST, '/evidence/burst.json');
      return db;
    };
    const reference = async (): Promise<unknown[]> => {
      const db = caseWith(join(folder(), 'ref.db'));
      await refreshAfterIndex(db, 0, { notableWorker: null });
      const w = windows(db);
      db.close();
      expect(w.length).toBeGreaterThan(0);
      return w;
    };

    it('a thread that took them hands them back: the writer saves them, stamped fresh', async () => {
      const db = caseWith(join(folder(), 'c.db'));
      const top = db.prepare('SELECT max(id) FROM events').pluck().get() as number;
      // taken before the writer's passes end, as by a thread that was free first
      const taken = newClaim();
      takeClaim(taken);
      const file = worker(
        'took.mjs',
        `parentPort.postMessage({ ms: 9, result: { findings: ${FINDINGS}, insights: { span: { from: 0, to: 1 }, evidence: [], rows: [${JSON.stringify(WINDOW)}], top: ${top} }, insightsMs: 4 } });`,
      );
      const ms = await refreshAfterIndex(db, 0, {
        notableWorker: file,
        apartFromEvents: 0,
        insightsClaim: taken,
      });
      expect(windows(db)).toEqual([{ id: expect.any(Number), ...WINDOW }]);
      expect(isFresh(db, 'insights')).toBe(true);
      expect(getInsights(db).windows.map((w) => w.eventName)).toEqual(['Stand-in']);
      expect(ms['insights-thread']).toBe(4);
      expect(ms['notable-thread']).toBe(5); // its own time, without the Insights'
      db.close();
    });

    it('the writer, free first, takes them: the thread computes none', async () => {
      const expected = await reference();
      const db = caseWith(join(folder(), 'c.db'));
      // the thread waits until the writer has taken them, then tries: a window it would hand back
      // if it could take them too shows in the case file
      const file = worker(
        'late.mjs',
        `Atomics.wait(workerData.insightsClaim, 0, 0, 10000);
         const took = Atomics.compareExchange(workerData.insightsClaim, 0, 0, 1) === 0;
         parentPort.postMessage({ ms: 1, result: { findings: ${FINDINGS},
           ...(took ? { insights: { span: null, evidence: [], rows: [${JSON.stringify(WINDOW)}], top: 1 }, insightsMs: 1 } : {}) } });`,
      );
      const ms = await refreshAfterIndex(db, 0, { notableWorker: file, apartFromEvents: 0 });
      expect(ms['insights-thread']).toBeUndefined();
      expect(ms.insights).toBeGreaterThanOrEqual(0);
      expect(windows(db)).toEqual(expected);
      expect(isFresh(db, 'insights')).toBe(true);
      db.close();
    });

    it('a thread that takes them and fails, or dies, leaves them to the writer: same windows', async () => {
      const expected = await reference();
      const failing = {
        empty: worker(
          'empty.mjs',
          `parentPort.postMessage({ ms: 1, result: { findings: ${FINDINGS} } });`,
        ),
        dies: worker('dies.mjs', `process.exit(3);`),
      };
      for (const [name, file] of Object.entries(failing)) {
        const db = caseWith(join(folder(), `${name}.db`));
        // taken by the thread before the writer's passes end
        const taken = newClaim();
        takeClaim(taken);
        const ms = await refreshAfterIndex(db, 0, {
          notableWorker: file,
          apartFromEvents: 0,
          insightsClaim: taken,
        });
        expect(ms['insights-thread'], name).toBeUndefined();
        expect(windows(db), name).toEqual(expected);
        expect(isFresh(db, 'insights'), name).toBe(true);
        db.close();
      }
    });
  });
});
