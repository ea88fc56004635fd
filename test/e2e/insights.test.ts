import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { writeTriageEvidence } from '../helpers/triage-case.js';
import { computeInsights } from '../../src/case/insights.js';
import { openCaseFile, type Database } from '../../src/store/db.js';

let dir: string;
let dbPath: string;

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  const ev = writeTriageEvidence('trailscope-insights-');
  dir = ev.dir;
  dbPath = join(dir, 'case.db');
  evidence = guardEvidence(ev.file);
  const r = runCli(['index', ev.file, '--db', dbPath]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => evidence?.check()); // registered after the removal, so it runs before it

interface Win {
  scope: string;
  eventName: string | null;
  metric: string;
  start: string;
  end: string;
  baseline: number;
  observed: number;
  total: number;
  topIdentities: { who: string; events: number }[];
  filter: string;
}

describe('trailscope insights', () => {
  it('reports the GetObject burst with baseline, observed rate, top identity and a filter that lists it', () => {
    const r = runCli(['insights', '--db', dbPath, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      windows: Win[];
      evidence: { insightType: string; eventName: string }[];
    };
    const w = out.windows.find(
      (x) => x.scope === 'event-name' && x.eventName === 'GetObject' && x.metric === 'calls',
    );
    expect(w).toBeDefined();
    expect(w!.start).toBe('2024-04-11T15:20:00Z');
    expect(w!.end).toBe('2024-04-11T15:21:00Z');
    expect(w!.observed).toBe(60);
    expect(w!.baseline).toBeLessThan(1);
    expect(w!.topIdentities[0]).toEqual({ who: 'mallory', events: 60 });
    expect(out.windows.some((x) => x.eventName === 'DescribeInstances')).toBe(false);
    expect(out.evidence).toEqual([
      expect.objectContaining({ insightType: 'ApiCallRateInsight', eventName: 'RunInstances' }),
    ]);
    const q = runCli(['query', '--db', dbPath, '--format', 'jsonl', w!.filter]);
    expect(q.status, q.stderr).toBe(0);
    expect(q.stdout.trim().split('\n')).toHaveLength(60);
  });

  it('prints a readable table with the filters to paste', () => {
    const r = runCli(['insights', '--db', dbPath]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/anomalous window/);
    expect(r.stdout).toContain('name:GetObject after:2024-04-11T15:20Z before:2024-04-11T15:21Z');
    expect(r.stdout).toContain('CloudTrail Insights events in the evidence');
  });

  it("the Insights computed on the rules' (compiled) thread are those this thread computes", async () => {
    // the compiled code, beside its compiled worker (index runs of 50k events and more use it);
    // `npm test` builds it first, as for the other end-to-end tests
    const dist = (rel: string) => pathToFileURL(join(process.cwd(), 'dist', rel)).href;
    const thread = (await import(
      dist('case/notable/notable-thread.js')
    )) as typeof import('../../src/case/notable/notable-thread.js');
    const evaluate = (await import(
      dist('case/notable/evaluate.js')
    )) as typeof import('../../src/case/notable/evaluate.js');
    const apart = (await import(
      dist('case/apart-thread.js')
    )) as typeof import('../../src/case/apart-thread.js');
    copyFileSync(dbPath, join(dir, 'apart.db'));
    const db: Database = openCaseFile(join(dir, 'apart.db'));
    const expected = computeInsights(db);
    expect(expected.rows.length).toBeGreaterThan(0);
    const run = evaluate.beginNotable(db, 0);
    // nobody else takes the claim: the thread computes the Insights after the rules
    const claim = apart.newClaim();
    const r = await thread.computeNotableApart(thread.notableWorkerFile()!, db.name, run, claim)
      .answer;
    expect(r.result.insights).toEqual(expected);
    expect(apart.takeClaim(claim)).toBe(false);
    // taken already (by the writer): the thread leaves them
    const taken = apart.newClaim();
    apart.takeClaim(taken);
    const r2 = await thread.computeNotableApart(thread.notableWorkerFile()!, db.name, run, taken)
      .answer;
    expect(r2.result.insights).toBeUndefined();
    expect(r2.result.findings).toEqual(r.result.findings);
    db.close();
  });
});
