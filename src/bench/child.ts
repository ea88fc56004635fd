/**
 * Run a child process and measure it from outside: wall time and peak RSS (VmHWM from
 * /proc/PID/status, polled; the high-water mark only grows, so polling loses at most the last
 * interval before exit).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** Peak resident set in bytes, or null where /proc is unavailable. */
  peakRssBytes: number | null;
  stdout: string;
  stderr: string;
  /** CPU seconds (user + system, all threads, last sample before exit), or null without /proc. */
  cpuSeconds: number | null;
}

let ticks: number | null = null;
function clockTicks(): number {
  if (ticks === null) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout;
    ticks = Number(out?.trim()) || 100;
  }
  return ticks;
}

/** utime + stime + cutime + cstime of a live process, in seconds. */
function readCpu(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const sum = [11, 12, 13, 14].reduce((a, i) => a + Number(f[i] ?? 0), 0);
    return sum / clockTicks();
  } catch {
    return null;
  }
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
  opts: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    pollMs?: number;
    keepStdout?: boolean;
    shell?: boolean;
  } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: opts.shell,
    });
    let peak: number | null = null;
    let cpu: number | null = null;
    const poll = (): void => {
      if (child.pid === undefined) return;
      const v = readHwm(child.pid);
      if (v !== null) peak = Math.max(peak ?? 0, v);
      const c = readCpu(child.pid);
      if (c !== null) cpu = Math.max(cpu ?? 0, c);
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
      resolve({
        code,
        signal,
        wallMs: performance.now() - t0,
        peakRssBytes: peak,
        stdout,
        stderr,
        cpuSeconds: cpu,
      });
    });
  });
}
