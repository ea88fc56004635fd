import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addRecords, caseFileWith, ctEvent } from '../helpers/case-file.js';
import { evaluateSigma, recordLoadedPack } from '../../src/case/sigma/apply.js';
import { loadPack } from '../../src/domain/sigma/load.js';
import { sigmaRuleViews } from '../../src/case/sigma/report.js';
import { deletePack, storedRules } from '../../src/store/sigma.js';
import { evaluateNotable } from '../../src/case/notable/evaluate.js';
import type { Database } from '../../src/store/db.js';

let db: Database | undefined;
let dir: string | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const at = (min: number, sec = 0): string =>
  new Date(Date.UTC(2024, 3, 11, 12, min, sec)).toISOString().replace('.000', '');

function pack(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'sigma-pack-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const detection = (
  id: string,
  names: string[],
  level = 'high',
  extra = '',
): string => `title: rule ${id}
id: ${id}
${extra}level: ${level}
tags: [attack.persistence, attack.t1098]
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName:
${names.map((n) => `      - ${n}`).join('\n')}
  condition: selection
`;

function hits(d: Database, ruleId: string): string[] {
  return d
    .prepare(
      'SELECT e.event_id FROM event_notable n JOIN events e ON e.id = n.event_rowid WHERE n.rule_id = ? ORDER BY e.time_ms',
    )
    .pluck()
    .all(ruleId) as string[];
}

/**
 * The cached summary of the Sigma rules (made from the hits' own time and outcome) says what the
 * published rows and their events say, and the published severity is the rule's level.
 */
function expectSigmaSummaryMatchesEvents(d: Database): void {
  const cached = d
    .prepare(
      "SELECT rule_id, events, first_ms, last_ms, succeeded FROM notable_summary WHERE rule_id LIKE 'sigma:%' ORDER BY rule_id",
    )
    .all();
  const counted = d
    .prepare(
      `SELECT n.rule_id, count(*) AS events, min(e.time_ms) AS first_ms, max(e.time_ms) AS last_ms,
         sum(e.error_code_ref IS NULL AND e.error_message_ref IS NULL) AS succeeded
       FROM event_notable n JOIN events e ON e.id = n.event_rowid
       WHERE n.rule_id LIKE 'sigma:%' GROUP BY n.rule_id ORDER BY n.rule_id`,
    )
    .all();
  expect(cached).toEqual(counted);
}

function sync(d: Database, path: string) {
  const change = recordLoadedPack(d, loadPack(path));
  return { change, run: evaluateSigma(d) };
}

describe('Sigma packs in the case file', () => {
  it('records a pack, stores its hits as sigma:<id> beside built-in matches, with level, tags and outcomes', () => {
    const ok = ctEvent({
      eventName: 'CreateAccessKey',
      eventSource: 'iam.amazonaws.com',
      eventTime: at(1),
    });
    const denied = ctEvent({
      eventName: 'CreateAccessKey',
      eventSource: 'iam.amazonaws.com',
      eventTime: at(2),
      errorCode: 'AccessDenied',
      errorMessage: 'no',
    });
    db = caseFileWith([ok, denied, ctEvent({ eventTime: at(3) })]);
    evaluateNotable(db);
    const p = pack({
      'iam/keys.yml': detection('keys-1', ['CreateAccessKey']),
      'win.yml':
        'title: w\nlogsource: {product: windows}\ndetection: {s: {EventID: 1}, condition: s}\n',
    });
    const { change, run } = sync(db, p);
    expect(change).toMatchObject({ added: 2, changed: 0, removed: 0 });
    expect(run).toMatchObject({ rules: 1, events: 3, hits: 2 });
    expect(hits(db, 'sigma:keys-1')).toEqual([ok.eventID, denied.eventID]);
    // built-in matches are still there
    expect(hits(db, 'iam-access-key-created').length).toBe(2);
    const [view] = sigmaRuleViews(db);
    expect(view).toMatchObject({
      id: 'sigma:keys-1',
      severity: 'high',
      level: 'high',
      events: 2,
      succeeded: 1,
      failed: 1,
      mitre: { id: 'T1098' },
    });
    expect(view.tags).toContain('attack.persistence');
    expectSigmaSummaryMatchesEvents(db);
    const rows = storedRules(db);
    expect(rows.map((r) => [r.file, r.status])).toEqual([
      ['iam/keys.yml', 'loaded'],
      ['win.yml', 'not-cloudtrail'],
    ]);
  });

  it('runs recorded rules on new events only, re-evaluates only changed rules, and drops removed ones', () => {
    db = caseFileWith([
      ctEvent({ eventName: 'CreateUser', eventTime: at(1) }),
      ctEvent({ eventName: 'DeleteUser', eventTime: at(2) }),
    ]);
    const p = pack({
      'a.yml': detection('a', ['CreateUser']),
      'b.yml': detection('b', ['DeleteUser']),
    });
    sync(db, p);
    expect(hits(db, 'sigma:a')).toHaveLength(1);
    // a new event: only it is scanned
    addRecords(db, [ctEvent({ eventName: 'CreateUser', eventTime: at(3) })], '/evidence/more.json');
    expect(evaluateSigma(db)).toMatchObject({ rules: 2, events: 1, hits: 1 });
    expect(hits(db, 'sigma:a')).toHaveLength(2);
    // the pack again, unchanged: nothing to scan
    expect(sync(db, p)).toMatchObject({ change: { unchanged: 2 }, run: { rules: 0, events: 0 } });
    // one rule changed: only it runs, over every event
    writeFileSync(join(p, 'b.yml'), detection('b', ['DeleteUser', 'CreateUser'], 'low'));
    const again = sync(db, p);
    expect(again.change).toMatchObject({ changed: 1, unchanged: 1 });
    expect(again.run).toMatchObject({ rules: 1, events: 3 });
    expect(hits(db, 'sigma:b')).toHaveLength(3);
    // its new level is what its published rows carry (severity rank 1: low)
    expect(
      db
        .prepare("SELECT DISTINCT severity FROM event_notable WHERE rule_id = 'sigma:b'")
        .pluck()
        .all(),
    ).toEqual([1]);
    expectSigmaSummaryMatchesEvents(db);
    // a rule file removed: its hits go
    rmSync(join(p, 'a.yml'));
    expect(sync(db, p).change).toMatchObject({ removed: 1 });
    expect(hits(db, 'sigma:a')).toEqual([]);
    // the whole pack removed explicitly
    deletePack(db, p);
    evaluateSigma(db);
    expect(hits(db, 'sigma:b')).toEqual([]);
  });

  it('keeps Sigma hits when the built-in rules are re-evaluated from scratch', () => {
    db = caseFileWith([ctEvent({ eventName: 'CreateUser', eventTime: at(1) })]);
    sync(db, pack({ 'a.yml': detection('a', ['CreateUser']) }));
    db.exec("DELETE FROM meta WHERE key = 'notable.version'");
    evaluateNotable(db); // a full re-evaluation clears the match table
    // and keeps the Sigma rules' summary rows (a command that refreshes only the built-in rules,
    // such as report, must still list them)
    expect(
      db.prepare("SELECT events FROM notable_summary WHERE rule_id = 'sigma:a'").pluck().get(),
    ).toBe(1);
    evaluateSigma(db); // what every index run and notable command do next
    expect(hits(db, 'sigma:a')).toHaveLength(1);
    expectSigmaSummaryMatchesEvents(db);
  });

  it('correlations over stored hits: base rules report only with generate: true; unresolved references are named', () => {
    const fails = [0, 10, 20].map((s) =>
      ctEvent({
        eventName: 'ConsoleLogin',
        eventSource: 'signin.amazonaws.com',
        eventTime: at(1, s),
        sourceIPAddress: '198.51.100.9',
        responseElements: { ConsoleLogin: 'Failure' },
        errorMessage: 'Failed authentication',
      }),
    );
    const success = ctEvent({
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      eventTime: at(2),
      sourceIPAddress: '198.51.100.9',
      responseElements: { ConsoleLogin: 'Success' },
    });
    const elsewhere = ctEvent({
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      eventTime: at(1, 30),
      sourceIPAddress: '192.0.2.1',
      responseElements: { ConsoleLogin: 'Failure' },
    });
    db = caseFileWith([...fails, success, elsewhere]);
    const p = pack({
      'brute.yml': `title: console brute force
id: brute
level: high
correlation:
  type: event_count
  rules: [failed_console_login]
  group-by: [sourceIPAddress]
  timespan: 5m
  condition: {gte: 3}
---
title: failed console login
name: failed_console_login
level: low
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventName: ConsoleLogin
    responseElements.ConsoleLogin: Failure
  condition: selection
`,
      'then.yml': `title: brute force then success
id: then-ok
level: critical
correlation:
  type: temporal_ordered
  rules: [failed_console_login, ok_console_login]
  group-by: [sourceIPAddress]
  timespan: 10m
---
title: ok console login
name: ok_console_login
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    responseElements.ConsoleLogin: Success
  condition: selection
`,
      'broken.yml': `title: refers to nothing
id: broken
correlation: {type: temporal, rules: [nope, failed_console_login], group-by: [sourceIPAddress], timespan: 1m}
`,
    });
    sync(db, p);
    expect(hits(db, 'sigma:brute')).toEqual(fails.map((e) => e.eventID));
    expect(hits(db, 'sigma:then-ok')).toEqual([fails[2].eventID, success.eventID]);
    // base rules without generate: true stay out of the notable list
    expect(hits(db, 'sigma:failed_console_login')).toEqual([]);
    // and say why (`rules` shows it), while staying loaded
    const quiet = storedRules(db).find((r) => r.rule_id === 'sigma:failed_console_login');
    expect(quiet?.status).toBe('loaded');
    expect(quiet?.reason).toMatch(
      /^feeds the correlation "(console brute force|brute force then success)"/,
    );
    // the note stays through a run that resolves the rules again
    evaluateSigma(db);
    expect(storedRules(db).find((r) => r.rule_id === 'sigma:failed_console_login')?.reason).toMatch(
      /^feeds the correlation/,
    );
    const broken = storedRules(db).find((r) => r.rule_id === 'sigma:broken');
    expect(broken).toMatchObject({
      status: 'unsupported',
      reason: 'refers to "nope", which is not loaded',
    });
  });

  it('a duplicate id across packs is unsupported with the other place named', () => {
    db = caseFileWith([ctEvent({ eventName: 'CreateUser', eventTime: at(1) })]);
    sync(
      db,
      pack({
        'a.yml': detection('same', ['CreateUser']),
        'b.yml': detection('same', ['DeleteUser']),
      }),
    );
    const rows = storedRules(db);
    expect(rows.map((r) => r.status)).toEqual(['loaded', 'unsupported']);
    expect(rows[1].reason).toMatch(/^duplicate id: sigma:same is also .*a\.yml$/);
  });
});
