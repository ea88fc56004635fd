import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { spawnPty, KEYS, type PtySession } from '../helpers/pty.js';
import { writeTriageEvidence } from '../helpers/triage-case.js';

let dir: string;
let dbPath: string;
let tui: PtySession | undefined;

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  const ev = writeTriageEvidence('trailscope-tui-triage-');
  dir = ev.dir;
  dbPath = join(dir, 'case.db');
  evidence = guardEvidence(ev.file);
  const r = runCli(['index', ev.file, '--db', dbPath]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => {
  tui?.kill();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => evidence?.check()); // registered after the removal, so it runs before it

describe('triage views in a real terminal', () => {
  it('n, i, h and F open their views, drill into events and come back', async () => {
    tui = spawnPty(['open', '--db', dbPath], { cols: 120, rows: 32 });
    await tui.waitFor(/events/);
    await tui.settle(300);

    // notable: rules most severe first; Enter lists the rule's events; their detail says why
    tui.write('n');
    // a header can reach the terminal a read before its rows: wait for both (here and below)
    let s = await tui.waitFor(
      (x) =>
        /rules matched [\d,]+ distinct events/.test(x) &&
        x.includes('LeaveOrganization called (org-leave)'),
    );
    // move the cursor to the LeaveOrganization rule and open it
    const rows = tui.rows();
    const at = rows.findIndex((r) => r.includes('(org-leave)'));
    const first = rows.findIndex((r) => /^(critical|high|medium|low|info)\s/.test(r));
    for (let i = first; i < at; i++) tui.write('j');
    await tui.settle(200);
    tui.write(KEYS.enter);
    // wait for the rows too: a frame can reach the terminal in more than one read
    // the breadcrumb names the rule too: wait for the table row, which the query thread delivers
    s = await tui.waitFor((x) => x.includes('notable: org-leave') && x.includes('│LeaveOrganiza'));
    tui.write(KEYS.enter);
    // the detail resolves the event's credential chain first: slow on a loaded machine
    s = await tui.waitFor('Notable: rules matched', 30_000);
    expect(s).toContain('Leaving the organization drops');
    tui.write('q');
    await tui.settle(200);
    tui.write('q');
    await tui.settle(200);
    tui.write('q');
    await tui.waitFor(/filter: \(none: all events\)/);

    // insights: the burst; Enter filters to its window
    tui.write('i');
    s = await tui.waitFor((x) => /anomalous windows/.test(x) && x.includes('GetObject'));
    tui.write(KEYS.enter);
    // the strongest window: the GetObject series or the account/region series it lifted
    s = await tui.waitFor(
      /filter: (name:GetObject|recipient:111122223333 region:us-east-1) after:2024-04-11T15:20Z before:2024-04-11T15:21Z/,
    );
    await tui.waitFor(/\b60 events/); // counted after the first frame
    tui.write('q');
    await tui.settle(200);
    tui.write('q');
    await tui.waitFor(/filter: \(none: all events\)/);

    // timeline: a histogram with a cursor; zoom in; Enter narrows to the bucket
    tui.write('h');
    await tui.waitFor(/\d+[smhd] buckets/);
    // under load the frame can land in two writes: wait for the cursor line too
    s = await tui.waitFor('▲');
    const size = /(\d+[smhd]) buckets/.exec(s)![1];
    tui.write('+');
    s = await tui.waitFor((x) => /(\d+[smhd]) buckets/.exec(x)?.[1] !== size);
    tui.write(KEYS.enter);
    s = await tui.waitFor(/filter: after:\S+ before:\S+/);
    tui.write('q');
    await tui.settle(200);
    tui.write('q');
    await tui.waitFor(/filter: \(none: all events\)/);

    // facets: value counts; - excludes the top value
    tui.write('F');
    s = await tui.waitFor(
      (x) => /◀ event name ▶ · \d+ values/.test(x) && x.includes('DescribeInstances'),
    );
    tui.write('-');
    s = await tui.waitFor(/filter: -name:DescribeInstances/);
    tui.write(KEYS.ctrlC);
    const exit = await tui.exited;
    expect(exit.exitCode).toBe(0);
    expect(tui.inAltScreen()).toBe(false);
  }, 90_000);
});
