// `trailscope help [command]` prints help (the built CLI), on a terminal too, where the default
// command would otherwise take `help` and `trace` as paths to index and open the TUI.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { spawnPty } from '../helpers/pty.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('trailscope help [command]', () => {
  it('prints the command help, the general help, or a usage error for an unknown command', () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-help-'));
    const trace = runCli(['help', 'trace'], { cwd: dir });
    expect(trace.status).toBe(0);
    expect(trace.stdout).toMatch(/^Usage: trailscope trace \[options\] <subject>/);
    const index = runCli(['help', 'index'], { cwd: dir });
    expect(index.stdout).toMatch(/^Usage: trailscope index \[options\] <paths\.\.\.>/);
    const general = runCli(['help'], { cwd: dir });
    expect(general.status).toBe(0);
    expect(general.stdout).toMatch(/^Usage: trailscope \[options\] \[command\] \[paths\.\.\.\]/);
    expect(general.stdout).toMatch(/help \[command\] +show help for a command/);
    const unknown = runCli(['help', 'tarce'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /no command or help topic named 'tarce' \(commands: index, open, .*trace.*; topics: filters, triage\)/,
    );
    expect(readdirSync(dir)).toEqual([]); // no case file was created
    // commands load on demand: their help is whole whichever way it is asked for
    for (const args of [
      ['query', '--help'],
      ['--db', join(dir, 'x.db'), 'help', 'query'],
    ]) {
      const q = runCli(args, { cwd: dir });
      expect(q.status, args.join(' ')).toBe(0);
      expect(q.stdout).toMatch(/^Usage: trailscope query \[options\] \[filter\.\.\.\]/);
      expect(q.stdout).toMatch(/--limit <n>/);
    }
  });

  it('on a terminal it prints help instead of indexing files named help and trace', async () => {
    dir = mkdtempSync(join(tmpdir(), 'trailscope-help-'));
    const term = spawnPty(['help', 'trace'], { cwd: dir, cols: 100 });
    const { exitCode } = await term.exited;
    expect(exitCode).toBe(0);
    expect(term.raw()).toMatch(/Usage: trailscope trace \[options\] <subject>/);
    expect(term.raw()).not.toMatch(/no such file|using .*trailscope\.db|Indexed into/);
    expect(existsSync(join(dir, 'trailscope.db'))).toBe(false);
  });
});
