import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { writeTriageEvidence } from '../helpers/triage-case.js';
import { RULES } from '../../src/domain/notable/rules.js';
import { beginNotable, evaluateNotable, notableIsStale } from '../../src/case/notable/evaluate.js';
import { STAMPS } from '../../src/case/derived-stamps.js';
import { openCaseFile, type Database } from '../../src/store/db.js';

let dir: string;
let dbPath: string;
let ruleIds: string[];

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  const ev = writeTriageEvidence();
  dir = ev.dir;
  ruleIds = ev.ruleIds;
  dbPath = join(dir, 'case.db');
  evidence = guardEvidence(ev.file);
  const r = runCli(['index', ev.file, '--db', dbPath]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => evidence?.check()); // registered after the removal, so it runs before it

describe('trailscope notable', () => {
  it('finds every rule after a plain index run (rules evaluated at index time)', () => {
    const db = openCaseFile(dbPath, { readonly: true });
    try {
      expect(notableIsStale(db)).toBe(false); // the index run evaluated them; `notable` only reads
    } finally {
      db.close();
    }
    const r = runCli(['notable', '--db', dbPath, '--json', '--limit', '0']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      rules: { id: string; events: number; severity: string; lastSeen: string }[];
    };
    const found = new Set(out.rules.map((x) => x.id));
    for (const id of ruleIds) expect(found, id).toContain(id);
    expect(found).toContain('access-denied-burst');
    // most severe first (the default sort)
    const order = ['critical', 'high', 'medium', 'low', 'info'];
    const sev = out.rules.map((x) =>
      order.indexOf((x as unknown as { severity: string }).severity),
    );
    expect([...sev].sort((a, b) => a - b)).toEqual(sev);
    const byLast = JSON.parse(
      runCli(['notable', '--db', dbPath, '--json', '--sort', 'last']).stdout,
    ) as { rules: { lastSeen: string }[] };
    const last = byLast.rules.map((x) => x.lastSeen);
    expect([...last].sort().reverse()).toEqual(last);
    expect(runCli(['notable', '--db', dbPath, '--sort', 'nope']).status).toBe(2);
  });

  it('the rules computed on their own (compiled) thread are those this thread computes: full, incremental, after a kill', async () => {
    // the compiled code, beside its compiled worker (index runs of 50k events and more use it)
    const compiled = (await import(
      pathToFileURL(join(process.cwd(), 'dist/case/derived.js')).href
    )) as typeof import('../../src/case/derived.js');
    const open = (name: string): Database => {
      copyFileSync(dbPath, join(dir, name));
      return openCaseFile(join(dir, name));
    };
    const state = (db: Database): unknown[] => [
      db.prepare('SELECT event_rowid, rule_id, severity FROM event_notable ORDER BY 1, 2').all(),
      db.prepare('SELECT * FROM notable_summary ORDER BY rule_id').all(),
    ];
    const forget = (db: Database, ...keys: string[]): void => {
      for (const k of keys) db.prepare('DELETE FROM meta WHERE key = ?').run(k);
    };
    // another table to refresh meanwhile: without one the rules stay in the writer's thread
    const threaded = async (db: Database, since: number): Promise<void> => {
      forget(db, STAMPS.insights.versionKey);
      const ms = await compiled.refreshAfterIndex(db, since, { apartFromEvents: 0 });
      expect(Object.keys(ms)).toContain('notable-thread'); // computed there, not in the fallback
    };

    // a full re-evaluation
    const full = open('full.db');
    forget(full, STAMPS.notable.versionKey);
    await threaded(full, 0);
    const expected = state(full);
    expect((expected[0] as unknown[]).length).toBeGreaterThan(0);
    forget(full, STAMPS.notable.versionKey);
    expect(evaluateNotable(full).full).toBe(true);
    expect(state(full)).toEqual(expected);
    full.close();

    // an incremental one: the per-event rules from half-way (their rows past it gone), the
    // correlations over everything, as in the writer's thread
    const half = (db: Database): number => {
      const top = db.prepare('SELECT max(id) FROM events').pluck().get() as number;
      const k = Math.floor(top / 2);
      db.prepare(
        `DELETE FROM event_notable WHERE event_rowid > ? AND rule_id IN (SELECT value FROM json_each(?))`,
      ).run(k, JSON.stringify(RULES.filter((r) => r.kind === 'event').map((r) => r.id)));
      db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(String(k), STAMPS.notable.rowidKey);
      return k;
    };
    const apart = open('apart.db');
    await threaded(apart, half(apart));
    const inline = open('inline.db');
    expect(evaluateNotable(inline, { sinceRowid: half(inline) }).full).toBe(false);
    expect(state(apart)).toEqual(state(inline));
    expect(state(apart)).toEqual(expected);
    apart.close();
    inline.close();

    // killed after the first step of a full re-evaluation (its clearing committed, nothing
    // written): the next run finishes it
    const killed = open('killed.db');
    forget(killed, STAMPS.notable.versionKey);
    beginNotable(killed, 0);
    killed.close();
    const again = openCaseFile(join(dir, 'killed.db'));
    await threaded(again, 0);
    expect(state(again)).toEqual(expected);
    again.close();
  });

  it("lists one rule's events, restricted by a filter", () => {
    const r = runCli(['notable', '--db', dbPath, '--rule', 'cloudtrail-stopped']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('StopLogging called');
    expect(r.stdout).toMatch(/\d+ \(\d+ succeeded\)/);
    expect(r.stdout).toMatch(/Events of cloudtrail-stopped[\s\S]*StopLogging/);
    const f = runCli(['notable', '--db', dbPath, '--json', 'name:CreateUser']);
    const out = JSON.parse(f.stdout) as {
      rules: { id: string }[];
      events: { eventName: string; rules: string[] }[];
    };
    expect(out.rules.map((x) => x.id)).toEqual(['iam-user-created']);
    expect(
      out.events.every((e) => e.eventName === 'CreateUser' && e.rules.includes('iam-user-created')),
    ).toBe(true);
  });

  it('says so when nothing matches (exit 1), and reports filter mistakes with a caret (exit 2)', () => {
    const none = runCli(['notable', '--db', dbPath, 'name:NoSuchCall']);
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('no notable events');
    const bad = runCli(['notable', '--db', dbPath, 'nme:x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown field "nme"');
    expect(bad.stderr).toContain('^^^');
    const rule = runCli(['notable', '--db', dbPath, '--rule', 'nope']);
    expect(rule.status).toBe(2);
    expect(rule.stderr).toContain('trailscope rules');
  });

  it('`trailscope rules` lists every rule with its ATT&CK technique; a bare notable --rules says listing moved', () => {
    const r = runCli(['rules', '--db', dbPath, '--json']);
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; source: string; mitre: { id: string } }[];
    expect(list.filter((x) => x.source === 'built-in').map((x) => x.id)).toEqual(
      RULES.map((x) => x.id),
    );
    expect(list.find((x) => x.id === 'cloudtrail-stopped')?.mitre.id).toBe('T1562.008');
    const text = runCli(['rules', '--db', dbPath]);
    expect(text.stdout).toContain('caller-identity-new-ip');
    const moved = runCli(['notable', '--db', dbPath, '--rules']);
    expect(moved.status).toBe(2);
    expect(moved.stderr.trim().split('\n')).toHaveLength(1);
    expect(moved.stderr).toContain('moved to `trailscope rules`');
  });
});
