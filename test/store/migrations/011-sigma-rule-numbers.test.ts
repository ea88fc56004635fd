import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../src/store/db.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { clearHits, hitCount, ruleNumber } from '../../../src/store/sigma.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 11: Sigma hits keyed by rule number', () => {
  it('keeps every hit of a case file written with text rule ids, under the same rule ids', () => {
    dir = mkdtempSync(join(tmpdir(), 'mig11-'));
    const p = join(dir, 'old.db');
    const raw = new BetterSqlite3(p);
    for (const m of MIGRATIONS.filter((m) => m.version <= 10)) {
      if (typeof m.up === 'string') raw.exec(m.up);
      else m.up(raw);
      raw.pragma(`user_version = ${m.version}`);
    }
    const hit = raw.prepare('INSERT INTO sigma_hits(rule_id, event_rowid) VALUES (?, ?)');
    for (let i = 1; i <= 30; i++) hit.run(`sigma:rule-${i % 3}`, i);
    hit.run("sigma:it's ünïcode", 7);
    raw.close();

    const db = openCaseFile(p);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(11);
    expect([0, 1, 2].map((r) => hitCount(db, `sigma:rule-${r}`))).toEqual([10, 10, 10]);
    expect(hitCount(db, "sigma:it's ünïcode")).toBe(1);
    expect(hitCount(db, 'sigma:never')).toBe(0);
    // numbers are kept: asking again gives the same one, a new rule gets a new one
    const n = ruleNumber(db, 'sigma:rule-1');
    expect(ruleNumber(db, 'sigma:rule-1')).toBe(n);
    expect(ruleNumber(db, 'sigma:new')).not.toBe(n);
    clearHits(db, 'sigma:rule-1');
    expect([0, 1, 2].map((r) => hitCount(db, `sigma:rule-${r}`))).toEqual([10, 0, 10]);
    db.close();
  });
});
