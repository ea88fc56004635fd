import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDir, records, type Evidence } from './evidence.js';
import { dbOf, indexInto, withDb } from './index-helpers.js';
import { loadPack } from '../../src/domain/sigma/load.js';
import { evaluateSigma, recordLoadedPack } from '../../src/case/sigma/apply.js';
import { storedRules } from '../../src/store/sigma.js';
import { openCaseFile } from '../../src/store/db.js';

// Sigma packs given with an index run are evaluated on the records as the parser reads them (the
// parse workers; in-thread here, same code), not by a second pass over what the run stored.

let ev: Evidence;
afterEach(() => ev?.cleanup());
const j = (v: unknown): string => JSON.stringify(v);

const RULES: Record<string, string> = {
  'kali.yml': `title: Kali user agent
id: kali-ua
level: high
logsource: {product: aws, service: cloudtrail}
detection:
  sel:
    userAgent|contains: kali
  condition: sel
`,
  'get-object.yml': `title: Object read from a private IP
id: private-get
level: low
logsource: {product: aws, service: cloudtrail}
detection:
  sel:
    eventName: GetObject
    sourceIPAddress|cidr: 10.0.0.0/8
  condition: sel
`,
  'burst.yml': `title: Kali burst
id: kali-burst
correlation:
  type: event_count
  rules: [kali-ua]
  group-by: [sourceIPAddress]
  timespan: 1h
  condition: {gte: 2}
`,
};

function writePack(dir: string, names = Object.keys(RULES)): string {
  mkdirSync(dir, { recursive: true });
  for (const n of names) writeFileSync(join(dir, n), RULES[n]);
  return dir;
}

function evidence(tag: string): Record<string, unknown>[] {
  return [
    ...records(3, `${tag}-kali`, {
      userAgent: 'aws-cli/2 KALI linux',
      sourceIPAddress: '10.1.1.1',
    }),
    ...records(2, `${tag}-get`, { eventName: 'GetObject', sourceIPAddress: '10.9.9.9' }),
    ...records(4, `${tag}-plain`),
  ];
}

function published(db: string): Record<string, number> {
  const c = openCaseFile(db);
  try {
    const rows = c
      .prepare(
        "SELECT rule_id, count(*) AS n FROM event_notable WHERE rule_id LIKE 'sigma:%' GROUP BY rule_id ORDER BY rule_id",
      )
      .all() as { rule_id: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.rule_id, r.n]));
  } finally {
    c.close();
  }
}

describe('Sigma rules evaluated while indexing', () => {
  it('index with a pack: the same hits as a pass over the stored records, and no pass afterwards', async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: evidence('a') }));
    const pack = writePack(ev.path('pack'));
    await indexInto(ev, [ev.path('a.json')], { rulePacks: [loadPack(pack)] });
    const live = published(dbOf(ev));
    // kali-ua reports through its correlation only (no `generate: true`)
    expect(live).toEqual({ 'sigma:kali-burst': 3, 'sigma:private-get': 2 });
    withDb(ev, (db) => {
      const top = db.prepare('SELECT max(id) FROM events').pluck().get() as number;
      for (const r of storedRules(db).filter((r) => r.kind === 'detection'))
        expect(r.done_rowid).toBe(top);
      // nothing left for the stored-record pass
      expect(evaluateSigma(db).rules).toBe(0);
    });

    // the reference: the same evidence indexed without rules, the pack applied afterwards
    const other = evidenceDir();
    try {
      other.write('a.json', j({ Records: evidence('a') }));
      await indexInto(other, [other.path('a.json')]);
      withDb(other, (db) => {
        recordLoadedPack(db, loadPack(pack));
        expect(evaluateSigma(db).rules).toBe(2);
      });
      expect(published(dbOf(other))).toEqual(live);
    } finally {
      other.cleanup();
    }
  });

  it('a later run evaluates the recorded rules on its new events only; a new pack covers the old events too', async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: evidence('a') }));
    await indexInto(ev, [ev.path('a.json')], {
      rulePacks: [loadPack(writePack(ev.path('p1'), ['kali.yml']))],
    });
    expect(published(dbOf(ev))).toEqual({ 'sigma:kali-ua': 3 });

    ev.write('b.json', j({ Records: evidence('b') }));
    const summary = await indexInto(ev, [ev.path('b.json')], {
      rulePacks: [loadPack(writePack(ev.path('p2'), ['get-object.yml']))],
    });
    // the recorded rule ran in the parser; the new one was behind and ran over every stored event
    expect(summary.sigmaRules).toBe(1);
    // what they cost is measured in the run: time in the rules, writing and publishing their hits
    const t = summary.sigmaTime!;
    expect(Object.keys(t).sort()).toEqual(['parseMs', 'publishMs', 'writeMs']);
    for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0);
    expect(summary.derivedMs?.sigma).toBe(t.publishMs);
    expect(summary.rulePacks?.map((c) => c.added)).toEqual([1]);
    expect(published(dbOf(ev))).toEqual({ 'sigma:kali-ua': 6, 'sigma:private-get': 4 });
  });

  it('duplicates of stored events add no hits; hits stay with the stored copy', async () => {
    ev = evidenceDir();
    ev.write('a.json', j({ Records: evidence('a') }));
    ev.write('copy/a.json', j({ Records: evidence('a') }));
    await indexInto(ev, [ev.path('a.json'), ev.path('copy/a.json')], {
      rulePacks: [loadPack(writePack(ev.path('pack'), ['kali.yml']))],
    });
    expect(published(dbOf(ev))).toEqual({ 'sigma:kali-ua': 3 });
  });
});
