import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { reportCase } from '../helpers/report-case.js';
import { countColor, readPng } from '../helpers/png.js';
import { CHART_COLORS } from '../../src/report/svg.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
/**
 * Chromium itself calls home (component updates, sign-in, spelling dictionaries) whatever the
 * page does; those hosts are the browser's, so only requests elsewhere count as the page's.
 */
const BROWSER_OWN =
  /^https?:\/\/([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)\//;

function screenshot(
  dir: string,
  html: string,
  name: string,
  size = '1200,2000',
): { png: Buffer; urls: string[] } {
  const shot = join(dir, `${name}.png`);
  const netlog = join(dir, `${name}-net.json`);
  const r = spawnSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--host-resolver-rules=MAP * ~NOTFOUND',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-extensions',
      `--user-data-dir=${join(dir, `profile-${name}`)}`,
      `--log-net-log=${netlog}`,
      `--screenshot=${shot}`,
      `--window-size=${size}`,
      `file://${html}`,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  if (!existsSync(shot)) throw new Error(`no screenshot: ${r.stderr}`);
  const urls = [...readFileSync(netlog, 'utf8').matchAll(/"url":"([^"]*)"/g)].map((m) => m[1]);
  return { png: readFileSync(shot), urls };
}

// CI installs Debian's Chromium (.ci/run); elsewhere the test says it was skipped rather than pass
describe.skipIf(!CHROMIUM && !process.env.CI)('trailscope report in a real browser', () => {
  let dir = '';
  let out = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-report-'));
    reportCase(join(dir, 'case.db')).close();
    out = join(dir, 'report.html');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the HTML through a rename (no partial file left) and the Markdown to stdout', () => {
    const r = runCli(['report', '--db', join(dir, 'case.db'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    const md = runCli(['report', '--db', join(dir, 'case.db')]);
    expect(md.status, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^# Case report\n/);
    expect(runCli(['report', '--db', join(dir, 'case.db'), '--format', 'pdf']).status).toBe(2);
  });

  it('shows both charts when Chromium renders it offline, and the page requests nothing', () => {
    const { png, urls } = screenshot(dir, out, 'report');
    const img = readPng(png);
    expect(img.width).toBe(1200);
    // the volume chart's bars, the notable markers and the coverage grid's states are drawn
    expect(countColor(img, CHART_COLORS.bar)).toBeGreaterThan(500);
    expect(countColor(img, CHART_COLORS.notable[4])).toBeGreaterThan(20);
    expect(countColor(img, CHART_COLORS.blind)).toBeGreaterThan(300);
    expect(countColor(img, CHART_COLORS.gap)).toBeGreaterThan(300);
    expect(countColor(img, CHART_COLORS.noDigest)).toBeGreaterThan(300);
    expect(
      urls.filter((u) => !BROWSER_OWN.test(u) && !u.startsWith('file:') && !u.startsWith('data:')),
    ).toEqual([]);
  });

  it('would see a request the page made (control: the same check on a page that loads an image)', () => {
    const control = join(dir, 'control.html');
    writeFileSync(
      control,
      '<!DOCTYPE html><html><body><img src="http://report-control.test/x.png"></body></html>',
    );
    const { urls } = screenshot(dir, control, 'control', '400,300');
    expect(urls.filter((u) => !BROWSER_OWN.test(u) && !u.startsWith('file:'))).toContain(
      'http://report-control.test/x.png',
    );
  });
});
