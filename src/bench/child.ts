/**
 * Run a child process and measure it from outside: wall time and peak RSS (VmHWM from
 * /proc/PID/status, polled; the high-water mark only grows, so polling loses at most the last
 * interval before exit).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** Peak resident set in bytes, or null where /proc is unavailable. */
  peakRssBytes: number | null;
  stdout: string;
  stderr: string;
}

function readHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function runChild(
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; pollMs?: number; keepStdout?: boolean; shell?: boolean } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: opts.shell });
    let peak: number | null = null;
    const poll = (): void => {
      if (child.pid === undefined) return;
      const v = readHwm(child.pid);
      if (v !== null) peak = Math.max(peak ?? 0, v);
    };
    const timer = setInterval(poll, opts.pollMs ?? 25);
    let stdout = '';
    let stderr = '';
    const keep = opts.keepStdout !== false;
    child.stdout.on('data', (d: Buffer) => {
      if (keep && stdout.length < 4_000_000) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 1_000_000) stderr += d.toString('utf8');
    });
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    // 'exit' fires before the process is reaped only on some paths; poll once more on the way out.
    child.on('exit', () => poll());
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, wallMs: performance.now() - t0, peakRssBytes: peak, stdout, stderr });
    });
  });
}
