import { afterAll, describe, expect, it } from 'vitest';
import {
  lineageCaseFile,
  fixtureRecords,
  LINEAGE_FILES,
  LINEAGE_FIXTURES,
} from '../helpers/lineage-case.js';
import { openCaseFile } from '../../src/store/db.js';
import { addRecords } from '../helpers/case-file.js';
import {
  countCredentials,
  credentialRow,
  CredentialStore,
  originLabels,
  pageCredentials,
} from '../../src/store/credentials.js';
import { refreshCredentials } from '../../src/case/lineage-refresh.js';
import { traceEvent, traceKey } from '../../src/domain/lineage.js';
import { join } from 'node:path';

const db = lineageCaseFile();
afterAll(() => db.close());

describe('credentials table', () => {
  it("holds every key with kind, first/last seen, counts and its chain's origin", () => {
    const r = credentialRow(db, 'ASIACHAIN30000000003')!;
    expect(r).toMatchObject({
      kind: 'temporary',
      events: 1,
      first_ms: Date.parse('2024-04-11T10:30:00Z'),
      last_ms: Date.parse('2024-04-11T10:30:00Z'),
      issuances: 1,
      minted: 0,
      origin_kind: 'iam-user',
      origin_label: 'user/ci-deploy',
      complete: 1,
      depth: 4,
      gap: null,
      identity_type: 'AssumedRole',
    });
    // Two copies of the cross-account AssumeRole issued it: both count as issuances of one key.
    expect(credentialRow(db, 'ASIACHAIN10000000001')).toMatchObject({
      issuances: 2,
      minted: 1,
      events: 2,
    });
    expect(credentialRow(db, 'AKIACIDEPLOY00000001')).toMatchObject({
      kind: 'long-term',
      origin_kind: 'iam-user',
      complete: 1,
      depth: 1,
    });
    expect(credentialRow(db, 'SAMPLE_ACCESS_KEY')).toMatchObject({
      kind: 'placeholder',
      complete: 0,
    });
    expect(credentialRow(db, 'ASIACONSOLEDANA00001')).toMatchObject({
      console_session: 1,
      origin_kind: 'console',
      complete: 1,
    });
  });

  it("agrees with a full trace on every key's origin, though it reads no original records", () => {
    const store = new CredentialStore(db);
    for (const r of pageCredentials(db, {}, 0, 1000)) {
      const t = traceKey(store, r.access_key_id)!;
      expect({
        key: r.access_key_id,
        kind: r.origin_kind,
        label: r.origin_label,
        complete: r.complete === 1,
      }).toEqual({
        key: r.access_key_id,
        kind: t.origin.kind,
        label: t.origin.label,
        complete: t.complete,
      });
    }
  });

  it('a bulk walk visits every key once, used keys by storage place, a page at a time', () => {
    const store = new CredentialStore(db);
    const all = db.prepare('SELECT access_key_id FROM credentials').pluck().all() as string[];
    const walk = (keys: readonly string[] | null): string[] => {
      const n = store.beginWalk(keys);
      const out: string[] = [];
      for (let p = store.walkPage(3); p.length; p = store.walkPage(3)) {
        expect(p.length).toBeLessThanOrEqual(3);
        out.push(...p);
      }
      expect(out).toHaveLength(n);
      return out;
    };
    const every = walk(null);
    expect([...every].sort()).toEqual([...all].sort());
    // keys that were used come before keys only issued (events = 0)
    const used = new Set(
      db
        .prepare('SELECT access_key_id FROM credentials WHERE events > 0')
        .pluck()
        .all() as string[],
    );
    const firstUnused = every.findIndex((k) => !used.has(k));
    if (firstUnused >= 0) expect(every.slice(firstUnused).every((k) => !used.has(k))).toBe(true);
    // a subset, with a repeat and a key the table does not hold: each once
    const some = [all[0], all[2], all[0], 'ASIANOTINTHECASE0001'];
    expect([...walk(some)].sort()).toEqual([all[0], all[2], 'ASIANOTINTHECASE0001'].sort());
    // the scratch tables are gone once the walk ends
    expect(
      db.prepare("SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'cred_%'").pluck().get(),
    ).toBe(0);
  });

  it('pages, sorts and filters', () => {
    const total = countCredentials(db);
    expect(total).toBeGreaterThan(25);
    const byEvents = pageCredentials(db, { sort: 'events', desc: true }, 0, 3);
    expect(byEvents[0].events).toBeGreaterThanOrEqual(byEvents[1].events);
    const page2 = pageCredentials(db, { sort: 'last', desc: true }, 3, 3);
    expect(page2.map((r) => r.access_key_id)).toEqual(
      pageCredentials(db, { sort: 'last', desc: true }, 0, 6)
        .slice(3)
        .map((r) => r.access_key_id),
    );
    const incomplete = pageCredentials(db, { complete: false }, 0, 100);
    expect(incomplete.length).toBe(countCredentials(db, { complete: false }));
    expect(incomplete.every((r) => r.complete === 0)).toBe(true);
    expect(
      pageCredentials(db, { text: 'ci-deploy' }, 0, 100).map((r) => r.access_key_id),
    ).toContain('ASIACHAIN30000000003');
    expect(countCredentials(db, { text: '%' })).toBe(0);
    expect(countCredentials(db, { kind: 'long-term' })).toBe(
      pageCredentials(db, { kind: 'long-term' }, 0, 100).length,
    );
  });

  it('gives origin labels for the event table', () => {
    const m = originLabels(db, ['ASIACHAIN30000000003', 'ASIAORPHANKEY0000001', 'NOPE']);
    expect(m.get('ASIACHAIN30000000003')).toEqual({ label: 'user/ci-deploy', complete: true });
    expect(m.get('ASIAORPHANKEY0000001')?.complete).toBe(false);
    expect(m.has('NOPE')).toBe(false);
  });

  it("stays correct across incremental runs: a later file completes an earlier key's chain", () => {
    const inc = openCaseFile(':memory:', { create: true });
    try {
      addRecords(inc, fixtureRecords('01-uses.json'), join(LINEAGE_FIXTURES, '01-uses.json'));
      refreshCredentials(inc, 0);
      expect(credentialRow(inc, 'ASIACHAIN30000000003')).toMatchObject({
        complete: 0,
        origin_kind: 'unknown',
        events: 1,
      });
      for (const f of [
        '02-account-a-sts.json',
        '03-account-b-sts.json',
        '04-org-trail-duplicates.json',
      ]) {
        const before = inc.prepare('SELECT max(id) FROM events').pluck().get() as number;
        addRecords(inc, fixtureRecords(f), join(LINEAGE_FIXTURES, f));
        refreshCredentials(inc, before);
      }
      const full = credentialRow(db, 'ASIACHAIN10000000001');
      expect(credentialRow(inc, 'ASIACHAIN10000000001')).toEqual(full);
      expect(credentialRow(inc, 'ASIACHAIN30000000003')).toEqual(
        credentialRow(db, 'ASIACHAIN30000000003'),
      );
      expect(countCredentials(inc)).toBe(countCredentials(db));
    } finally {
      inc.close();
    }
  });

  it('incremental runs in any file order end with the same table as one run over everything', () => {
    const all = (d: typeof db) =>
      d.prepare('SELECT * FROM credentials ORDER BY access_key_id').all();
    const once = openCaseFile(':memory:', { create: true });
    for (const f of LINEAGE_FILES) addRecords(once, fixtureRecords(f), join(LINEAGE_FIXTURES, f));
    refreshCredentials(once, 0);
    const expected = all(once);
    once.close();
    for (const order of [
      [...LINEAGE_FILES].reverse(),
      [
        '03-account-b-sts.json',
        '01-uses.json',
        '04-org-trail-duplicates.json',
        '02-account-a-sts.json',
      ],
    ]) {
      const inc = lineageCaseFile(order);
      try {
        expect(all(inc)).toEqual(expected);
      } finally {
        inc.close();
      }
    }
  });

  it('counts events a killed run loaded but never refreshed', () => {
    const inc = openCaseFile(':memory:', { create: true });
    try {
      addRecords(
        inc,
        fixtureRecords('02-account-a-sts.json'),
        join(LINEAGE_FIXTURES, '02-account-a-sts.json'),
      );
      refreshCredentials(inc, 0);
      // a run loads 01 and dies before its refresh; the next run starts after it
      addRecords(inc, fixtureRecords('01-uses.json'), join(LINEAGE_FIXTURES, '01-uses.json'));
      const before = inc.prepare('SELECT max(id) FROM events').pluck().get() as number;
      addRecords(
        inc,
        fixtureRecords('03-account-b-sts.json'),
        join(LINEAGE_FIXTURES, '03-account-b-sts.json'),
      );
      refreshCredentials(inc, before);
      expect(credentialRow(inc, 'ASIACHAIN30000000003')).toMatchObject({ events: 1, complete: 1 });
      expect(credentialRow(inc, 'ASIASESSIONUSER00001')).toMatchObject({ events: 1, issuances: 1 });
    } finally {
      inc.close();
    }
  });

  it('keeps workload hints with each event: a walk reads no record for them, and reads it for events stored before', () => {
    const origin = (d: typeof db, id: string) => {
      const t = traceEvent(new CredentialStore(d), id)!;
      return { kind: t.origin.kind, label: t.origin.label, gap: t.gap?.reason ?? null };
    };
    const expected = {
      'use-ec2-noissue': origin(db, 'use-ec2-noissue'),
      'use-lambda': origin(db, 'use-lambda'),
    };
    expect(expected['use-ec2-noissue'].label).toBe('ec2.amazonaws.com');
    expect(expected['use-lambda'].label).toBe('lambda.amazonaws.com');
    const ids = JSON.stringify(Object.keys(expected));
    const kept = lineageCaseFile();
    const before = lineageCaseFile();
    try {
      // the records cannot be read: the kept hints alone give the same origins
      kept
        .prepare(
          'UPDATE events SET raw_chunk = 0, raw_index = 0 WHERE event_id IN (SELECT value FROM json_each(?))',
        )
        .run(ids);
      // stored before migration 15 (no hints kept): the records give them
      before
        .prepare(
          'UPDATE events SET workload_hints_ref = NULL WHERE event_id IN (SELECT value FROM json_each(?))',
        )
        .run(ids);
      for (const [id, want] of Object.entries(expected)) {
        expect(origin(kept, id)).toEqual(want);
        expect(origin(before, id)).toEqual(want);
      }
      // and without either, the walk knows no workload (the test would pass without the hints)
      kept
        .prepare(
          'UPDATE events SET workload_hints_ref = NULL WHERE event_id IN (SELECT value FROM json_each(?))',
        )
        .run(ids);
      expect(origin(kept, 'use-ec2-noissue').label).not.toBe('ec2.amazonaws.com');
    } finally {
      kept.close();
      before.close();
    }
  });

  it('answers the look-ups lineage needs from indexes', () => {
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
    expect(plan('SELECT id FROM events WHERE issued_key = ?')).toMatch(/ev_issued/);
    expect(
      plan(
        "SELECT id FROM events WHERE access_key_id_ref = (SELECT id FROM dict WHERE field = 'access_key_id' AND value = ?) AND issued_key IS NOT NULL",
      ),
    ).toMatch(/ev_minted/);
    const store = new CredentialStore(db);
    expect(store.mintedBy('ASIACHAIN20000000002').map((i) => i.issuedKey)).toEqual([
      'ASIACHAIN30000000003',
    ]);
  });
});
