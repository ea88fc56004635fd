// The 80-column workbench (#11): what a responder sees at 80×24, frame by frame.
import { afterEach, describe, expect, it } from 'vitest';
import { caseFileWith, ctEvent } from '../helpers/case-file.js';
import { renderApp, KEY, type RenderedApp } from './render-app.js';

let app: RenderedApp | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

const SMALL = { columns: 80, rows: 24 };

function twoKeys() {
  const id = (k: string) => ({
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLE000000009',
    arn: 'arn:aws:iam::111122223333:user/bob',
    accountId: '111122223333',
    accessKeyId: k,
    userName: 'bob',
  });
  return caseFileWith([
    ctEvent({
      sourceIPAddress: '200.249.253.102',
      userIdentity: id('AKIAIOSFODNN7EXAMPLE'),
      eventTime: '2024-04-11T10:00:00Z',
      requestID: 'a1b2c3d4-0000-4000-8000-00000000aaaa',
    }),
    ctEvent({
      sourceIPAddress: '2001:db8:85a3::8a2e:370:7334',
      userIdentity: id('AKIAIOSFODNN7EXAMPLF'),
      eventTime: '2024-04-11T10:00:05Z',
      requestID: 'a1b2c3d4-0000-4000-8000-00000000bbbb',
    }),
  ]);
}

describe('the 80-column workbench', () => {
  it('never cuts an IPv4 address; IPv6 is cut in the middle, keeping its tail', async () => {
    app = await renderApp(twoKeys(), SMALL);
    const f = app.frame();
    expect(f).toContain('200.249.253.102');
    expect(f).toMatch(/2001:db…70:7334/);
  });

  it('compare cuts cells in the middle, so keys that differ in their tails look different; times lose the shared date', async () => {
    app = await renderApp(twoKeys(), SMALL);
    await app.press(' ', 'j', ' ');
    const f = await app.press('C');
    // request IDs that differ only in their last characters
    expect(f).toMatch(/a1b2c3d4-0000…-00000000aaaa/);
    expect(f).toMatch(/a1b2c3d4-0000…-00000000bbbb/);
    expect(f).toMatch(/eventTime \(2024-04-11\).*10:00:05Z.*10:00:00Z/);
    // Enter shows the field whole in every event
    const compare = app.shell.top as unknown as {
      table: { path: string }[];
      list: { moveTo(i: number): void };
    };
    compare.list.moveTo(compare.table.findIndex((r) => r.path === 'userIdentity.accessKeyId'));
    const whole = await app.press(KEY.enter);
    expect(whole).toContain('AKIAIOSFODNN7EXAMPLE');
    expect(whole).toContain('AKIAIOSFODNN7EXAMPLF');
  });

  it('shows the access key at 80×24 in its narrow form, head and tail, with region the column left out', async () => {
    app = await renderApp(twoKeys(), SMALL);
    const f = app.frame();
    const lines = f.split('\n');
    const header = lines.find((l) => l.includes('time (UTC)'))!;
    expect(header.split('│').map((t) => t.trim())).toEqual([
      '',
      'time (UTC)',
      'event',
      'who',
      'source IP',
      'service',
      'key',
    ]);
    // AKIA (long-term) vs ASIA stays readable, and two keys differing in their last character differ
    expect(f).toMatch(/│AKIA…MPLF\s*$/m);
    expect(f).toMatch(/│AKIA…MPLE\s*$/m);
    // the IPv4 address stays whole beside it, and no line is wider than the terminal
    expect(f).toContain('200.249.253.102');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(header).not.toContain('region');
    // region is past the right edge: the sideways scroll brings it in
    let g = f;
    let presses = 0;
    while (!g.includes('region') && presses < 8) {
      g = await app.press('>');
      presses++;
    }
    expect(g).toContain('region');
    for (let i = 0; i < presses; i++) g = await app.press('<');
    expect(g).toContain('time (UTC)');
  });

  it('shows region beside the narrow key at 100 columns, and the whole key where both fit', async () => {
    app = await renderApp(twoKeys(), { columns: 100, rows: 24 });
    let f = app.frame();
    expect(f).toMatch(/│key\s+│region/);
    expect(f).toMatch(/│AKIA…MPLE│us-east-1/);
    app.unmount();
    app = await renderApp(twoKeys(), { columns: 120, rows: 24 });
    f = app.frame();
    expect(f).toMatch(/│access key\s+│region/);
    expect(f).toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('shows a long region code whole once every default column has its place (200 columns)', async () => {
    app = await renderApp(
      caseFileWith([
        ctEvent({ awsRegion: 'ap-southeast-2' }),
        ctEvent({ awsRegion: 'us-gov-west-1' }),
      ]),
      { columns: 200, rows: 24 },
    );
    const f = app.frame();
    expect(f).toContain('│ap-southeast-2│');
    expect(f).toContain('│us-gov-west-1 │');
  });

  it('w shows the selected row whole under the table', async () => {
    app = await renderApp(twoKeys(), SMALL);
    const f = await app.press('w');
    expect(f).toContain('2001:db8:85a3::8a2e:370:7334');
    // the row wraps at the width: read it as one line
    expect(f.replace(/\s+/g, ' ')).toContain('access key: AKIAIOSFODNN7EXAMPLF');
  });

  it('y copies by OSC 52 and says so in the status line', async () => {
    app = await renderApp(twoKeys(), SMALL);
    const f = await app.press('y');
    expect(f).toContain('sent to the clipboard');
    expect(app.raw[0]).toMatch(/^\u001b\]52;c;/);
  });
});
