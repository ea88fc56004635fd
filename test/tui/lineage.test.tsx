import { afterEach, describe, expect, it } from 'vitest';
import { lineageCaseFile } from '../helpers/lineage-case.js';
import { renderApp, KEY, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

async function filterTo(a: RenderedApp, text: string): Promise<string> {
  await a.press('f');
  await a.press('\u0015'); // ctrl-u: clear the line
  return a.press(text, KEY.enter);
}

describe('TUI: credential lineage', () => {
  it('t on an event opens the chain, origin first; Enter on a hop lists its events; Enter on an issuing event opens it', async () => {
    app = await renderApp(lineageCaseFile(), { columns: 120, rows: 40 });
    let f = await filterTo(app, 'key:ASIACHAIN30000000003');
    expect(f).toContain('filter: key:ASIACHAIN30000000003');
    expect(f).toContain('ASIA…003 ← user/ci-dep');
    f = await app.press('t');
    expect(f).toContain('Credential chain for event use-chain3 (key ASIACHAIN30000000003)');
    expect(f).toContain('Origin: iam-user  user/ci-deploy');
    expect(f).toContain('Chain complete');
    const lines = f.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    expect(at('● AKIACIDEPLOY00000001')).toBeGreaterThan(0);
    expect(at('● ASIACHAIN10000000001')).toBeGreaterThan(at('● AKIACIDEPLOY00000001'));
    expect(at('● ASIACHAIN30000000003')).toBeGreaterThan(at('● ASIACHAIN20000000002'));
    expect(f).toMatch(
      /issued by AssumeRole at 2024-04-11T10:10:00Z {2}eu-west-1 {2}from 203\.0\.113\.50/,
    );
    expect(f).toContain('MFA no, source identity ci-deploy');
    // Enter on the origin hop: events made with the leaked long-term key
    f = await app.press(KEY.enter);
    expect(f).toContain('filter: key:AKIACIDEPLOY00000001');
    expect(f).toContain('1 event');
    f = await app.press('q');
    // Tab to the first issuing event, Enter opens its detail
    f = await app.press(KEY.tab, KEY.enter);
    expect(f).toContain('iss-chain1-caller');
    expect(f).toContain('Credential origin');
    f = await app.press('q', 'q');
    expect(f).toContain('filter: key:ASIACHAIN30000000003');
  });

  it('K lists every key with kind, origin, first/last seen, events and chain state; filters and opens a chain', async () => {
    app = await renderApp(lineageCaseFile(), { columns: 140, rows: 50 });
    let f = await app.press('K');
    expect(f).toMatch(/Credentials: \d+ keys · sorted by last seen ↓/);
    expect(f).toMatch(/access key\s*│kind\s*│chain│origin/);
    expect(f).toMatch(/ASIAROOTTASK00000001\s*│temporary│ok\s*│user\/mgmt-admin/);
    f = await app.press('i');
    expect(f).toContain('gaps only');
    expect(f).not.toMatch(/│ok /);
    expect(f).toMatch(/ASIAEXTERNALONLY0001\s*│temporary│GAP/);
    await app.press('f');
    f = await app.press('cycle', KEY.enter);
    expect(f).toMatch(/Credentials: 2 keys \(text "cycle", gaps only\)/);
    f = await app.press(KEY.enter);
    expect(f).toContain('Chain INCOMPLETE: cycle:');
    f = await app.press('q', 's');
    expect(f).toContain('sorted by first seen');
  });
});
