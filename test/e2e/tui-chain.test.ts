import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { guardEvidence, type EvidenceGuard } from '../helpers/evidence-hash.js';
import { spawnPty, KEYS, type PtySession } from '../helpers/pty.js';
import { LINEAGE_FILES, LINEAGE_FIXTURES } from '../helpers/lineage-case.js';

let dir: string;
let dbPath: string;
let tui: PtySession | undefined;

let evidence: EvidenceGuard | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailscope-tui-chain-'));
  dbPath = join(dir, 'case.db');
  evidence = guardEvidence(LINEAGE_FIXTURES);
  const r = runCli([
    'index',
    ...LINEAGE_FILES.map((f) => join(LINEAGE_FIXTURES, f)),
    '--db',
    dbPath,
  ]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => {
  tui?.kill();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => evidence?.check());

describe('TUI chain view in a real terminal', () => {
  it('filters to the exfiltration key, shows its origin in the table, t opens the chain, K the credentials list', async () => {
    tui = spawnPty(['open', '--db', dbPath], { cols: 120, rows: 40 });
    await tui.waitFor(/events/);
    await tui.settle(300);
    tui.write('f');
    await tui.settle(300);
    tui.write(KEYS.ctrlU + 'key:ASIACHAIN30000000003' + KEYS.enter);
    await tui.waitFor('filter: key:ASIACHAIN30000000003');
    // the filter runs on the query thread: its rows arrive a moment after the echo
    let s = await tui.waitFor('ASIA…003 ← user/ci-dep');
    expect(s).toContain('GetObject');
    await tui.settle(300);

    tui.write('t');
    s = await tui.waitFor('Credential chain for event use-chain3');
    // a frame can reach the terminal in pieces under load: read the rows once all of it is there
    for (const text of ['● AKIACIDEPLOY00000001', '● ASIACHAIN30000000003', 'Chain complete'])
      s = await tui.waitFor(text);
    await tui.settle(200);
    expect(s).toContain('Origin: iam-user  user/ci-deploy');
    expect(s).toContain('Chain complete');
    const rows = tui.rows();
    const at = (text: string) => rows.findIndex((r) => r.includes(text));
    expect(at('● AKIACIDEPLOY00000001')).toBeGreaterThan(0);
    expect(at('● ASIACHAIN10000000001')).toBeGreaterThan(at('● AKIACIDEPLOY00000001'));
    expect(at('● ASIACHAIN20000000002')).toBeGreaterThan(at('● ASIACHAIN10000000001'));
    expect(at('● ASIACHAIN30000000003')).toBeGreaterThan(at('● ASIACHAIN20000000002'));
    expect(s).toMatch(
      /issued by AssumeRole at 2024-04-11T10:00:00Z {2}us-east-1 {2}from 203\.0\.113\.50/,
    );
    expect(s).toContain('chain ASIA'); // breadcrumb

    // Enter on the origin hop: the events made with the leaked long-term key
    tui.write(KEYS.enter);
    s = await tui.waitFor('filter: key:AKIACIDEPLOY00000001');
    await tui.settle(300);
    tui.write('q');
    await tui.waitFor('Credential chain for event use-chain3');
    await tui.settle(300);

    tui.write('K');
    s = await tui.waitFor(/Credentials: \d+ keys/);
    // the list's rows may reach the terminal after its header (under load): wait for the row
    s = await tui.waitFor(/ASIAEXTERNALONLY0001\s*│temporary│GAP\s*│account 777788889999/);
    await tui.settle(300);
    tui.write(KEYS.ctrlC);
    const exit = await tui.exited;
    expect(exit.exitCode).toBe(0);
    await tui.settle(100); // the last bytes reach the headless terminal after the exit event
    expect(tui.inAltScreen()).toBe(false);
  });
});
