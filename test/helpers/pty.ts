import { spawn, type IPty } from 'node-pty';
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { CLI, REPO_ROOT } from './run-cli.js';

const { Terminal } = xtermHeadless;
const { Unicode11Addon } = unicode11 as unknown as { Unicode11Addon: new () => unknown };

/**
 * The BUILT CLI in a real pseudo-terminal, its output fed to a headless xterm, so tests read the
 * screen a user would see (and the terminal state: alternate screen, cursor, bells).
 */
export interface PtySession {
  /** The visible screen, one string per row, trailing spaces trimmed. */
  rows(): string[];
  screen(): string;
  write(data: string): void;
  /** Wait until the screen matches (polling); throws with the screen when it does not in time. */
  waitFor(
    match: string | RegExp | ((screen: string) => boolean),
    timeoutMs?: number,
  ): Promise<string>;
  /** Wait for the screen to stop changing for `quietMs`. */
  settle(quietMs?: number, timeoutMs?: number): Promise<string>;
  resize(cols: number, rows: number): void;
  /** True while the program has the alternate screen. */
  inAltScreen(): boolean;
  /** Whether the last cursor show/hide the program sent was "show" (true if it never hid it). */
  cursorVisible(): boolean;
  bells(): number;
  /** Everything the program wrote, raw. */
  raw(): string;
  /** When (Date.now()) the program last wrote, before any relay delay. */
  lastWriteAt(): number;
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill(signal?: string): void;
}

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageDown: '\u001b[6~',
  pageUp: '\u001b[5~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlD: '\u0004',
  ctrlU: '\u0015',
};

export function spawnPty(
  args: string[],
  opts: {
    cols?: number;
    rows?: number;
    cwd?: string;
    env?: Record<string, string>;
    /** Deliver output at this rate, holding the program back when 16 KB are queued (as SSH does). */
    relayBytesPerSecond?: number;
  } = {},
): PtySession {
  const cols = opts.cols ?? 80;
  const rowsN = opts.rows ?? 24;
  const term = new Terminal({ cols, rows: rowsN, allowProposedApi: true });
  // widths as current terminals draw emoji and wide characters (the TUI measures with string-width)
  term.loadAddon(new Unicode11Addon() as never);
  term.unicode.activeVersion = '11';
  let raw = '';
  let bells = 0;
  term.onBell(() => bells++);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env.TRAILSCOPE_DB;
  // CI=true as on a CI runner, whatever runs the tests: the TUI must draw there too (ink would
  // otherwise stay blank until exit, which only CI used to show).
  Object.assign(env, { TERM: 'xterm-256color', NO_COLOR: '1', CI: 'true' }, opts.env);
  const pty: IPty = spawn(process.execPath, [CLI, ...args], {
    name: 'xterm-256color',
    cols,
    rows: rowsN,
    cwd: opts.cwd ?? REPO_ROOT,
    env,
  });
  const deliver = (d: string) => {
    raw += d;
    term.write(d);
  };
  let relayTimer: NodeJS.Timeout | null = null;
  let lastWrite = 0;
  if (opts.relayBytesPerSecond) {
    const rate = opts.relayBytesPerSecond;
    let queue = Buffer.alloc(0);
    let paused = false;
    let last = Date.now();
    let credit = 0;
    const decoder = new TextDecoder();
    pty.onData((d) => {
      lastWrite = Date.now();
      queue = Buffer.concat([queue, Buffer.from(d)]);
      if (!paused && queue.length > 16_384) {
        paused = true;
        pty.pause();
      }
    });
    relayTimer = setInterval(() => {
      const now = Date.now();
      credit = Math.min(rate, credit + ((now - last) * rate) / 1000);
      last = now;
      const n = Math.min(queue.length, Math.floor(credit));
      if (n > 0) {
        credit -= n;
        deliver(decoder.decode(queue.subarray(0, n), { stream: true }));
        queue = queue.subarray(n);
      }
      if (paused && queue.length < 4096) {
        paused = false;
        pty.resume();
      }
    }, 5);
  } else {
    pty.onData((d) => {
      lastWrite = Date.now();
      deliver(d);
    });
  }
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) =>
    pty.onExit((e) => {
      if (relayTimer) clearInterval(relayTimer);
      resolve(e);
    }),
  );
  // xterm parses asynchronously: read the screen only after pending writes are processed
  const flush = () => new Promise<void>((r) => term.write('', () => r()));

  const rows = () => {
    const b = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < term.rows; i++)
      out.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return out;
  };
  const screen = () => rows().join('\n');
  const session: PtySession = {
    rows,
    screen,
    write: (d) => pty.write(d),
    async waitFor(match, timeoutMs = 10_000) {
      const test =
        typeof match === 'function'
          ? match
          : (s: string) => (typeof match === 'string' ? s.includes(match) : match.test(s));
      const until = Date.now() + timeoutMs;
      for (;;) {
        await flush();
        const s = screen();
        if (test(s)) return s;
        if (Date.now() > until)
          throw new Error(
            `screen did not show ${String(match)} within ${timeoutMs} ms; screen:\n${s}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async settle(quietMs = 150, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      let last = '';
      let since = Date.now();
      for (;;) {
        await flush();
        const s = screen() + raw.length;
        if (s !== last) {
          last = s;
          since = Date.now();
        } else if (Date.now() - since >= quietMs || Date.now() > until) return screen();
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    resize(c, r) {
      pty.resize(c, r);
      term.resize(c, r);
    },
    inAltScreen: () => term.buffer.active.type === 'alternate',
    cursorVisible: () => raw.lastIndexOf('\u001b[?25l') <= raw.lastIndexOf('\u001b[?25h'),
    bells: () => bells,
    raw: () => raw,
    lastWriteAt: () => lastWrite,
    exited,
    kill: (signal) => pty.kill(signal),
  };
  return session;
}
