/**
 * Issue #18: what a key press puts on the wire (what an SSH link carries), measured at the pty of
 * the built binary, with the terminal writer and with whole frames (TRAILSCOPE_FULL_FRAMES=1, the
 * way ink wrote before): bytes per key at 80x24 and 200x50, key-to-frame latency, and holding `j`
 * for 3 s at 30 Hz (bytes, frames drawn, when the final row is on screen).
 *
 * Each key is measured from the moment it is written until the screen shows what the key does
 * (the list's position counter, the detail's line counter) and the program has then been quiet
 * for a while: a window that closes on silence alone closes before a loaded machine has answered.
 */
import { createRequire } from 'node:module';
import { summarize, type Figure } from './figures.js';

const require = createRequire(import.meta.url);

interface PtyLike {
  pid: number;
  write(data: string): void;
  onData(cb: (d: string) => void): void;
  onExit(cb: (e: { exitCode: number }) => void): void;
  kill(signal?: string): void;
}
interface PtyModule {
  spawn(file: string, args: string[], opts: Record<string, unknown>): PtyLike;
}
interface TerminalLike {
  write(data: string, cb?: () => void): void;
  buffer: {
    active: {
      viewportY: number;
      getLine(i: number): { translateToString(trim?: boolean): string } | undefined;
    };
  };
}
type TerminalCtor = new (o: Record<string, unknown>) => TerminalLike;
interface Target {
  cli: string;
  dbPath: string;
}

const DOWN = '\x1b[B';
const UP = '\x1b[A';
const PGDN = '\x1b[6~';
const PGUP = '\x1b[5~';
// DEC mode 2026 "begin synchronized update": one per frame when synchronized output is on
const BSU = '\x1b[?2026h';
const S = 'TUI over SSH (#18)';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Position {
  at: number;
  total: number;
}

/** The event list's position counter ("… · 12/20,000" at the end of the filter line), if shown. */
export function listPosition(screen: string): Position | null {
  for (const line of screen.split('\n')) {
    if (!line.startsWith('filter:')) continue;
    const m = /(\d[\d,]*)\/(\d[\d,]*)\s*$/.exec(line);
    if (m) return { at: num(m[1]!), total: num(m[2]!) };
  }
  return null;
}

/**
 * The list and what follows its first frame are on screen: the position counter (the count is
 * known) and the sparkline (the histogram, the last to arrive from the query thread). Whatever is
 * still to come when a key is measured would be counted as that key's bytes.
 */
export function listSettled(screen: string): boolean {
  return listPosition(screen) !== null && /[▁▂▃▄▅▆▇█]/.test(screen);
}

/** The event detail is on screen (its breadcrumb and its line counter). */
export function detailShown(screen: string): boolean {
  return screen.includes('Events ›') && /\bline \d[\d,]*\/\d[\d,]*/.test(screen);
}

function num(s: string): number {
  return Number(s.replace(/,/g, ''));
}

interface KeyResult {
  /** Bytes from the key until the expected screen and then `quietMs` without output. */
  bytes: number;
  /** ms from the key to the first byte written after it (null: nothing came). */
  firstMs: number | null;
  /** ms from the key until the screen showed what the key does (null: it never did). */
  shownMs: number | null;
}

/** The TUI at one terminal size in a pty, every byte counted and fed to a headless terminal. */
class WireSession {
  bytes = 0;
  frames = 0;
  lastAt = performance.now();
  exited = false;
  /** When the first chunk after the last `press` arrived. */
  private firstAt: number | null = null;
  private tail = '';

  private constructor(
    readonly pty: PtyLike,
    readonly term: TerminalLike,
    readonly rows: number,
  ) {
    pty.onData((d) => {
      this.bytes += Buffer.byteLength(d, 'utf8');
      this.lastAt = performance.now();
      this.firstAt ??= this.lastAt;
      // a marker may be split between two reads: keep the end of the previous one
      const seen = this.tail + d;
      this.frames += seen.split(BSU).length - 1;
      this.tail = seen.slice(-(BSU.length - 1)).replace(/^[^\x1b]*/, '');
      term.write(d);
    });
    pty.onExit(() => {
      this.exited = true;
    });
  }

  static async open(
    ptyMod: PtyModule,
    Terminal: TerminalCtor,
    o: Target,
    cols: number,
    rows: number,
    env: Record<string, string>,
  ): Promise<WireSession> {
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      // a responder's terminal is not a CI runner (ink draws nothing until exit under CI)
      if (v === undefined || k === 'CI' || k.startsWith('CI_') || k === 'NO_COLOR') continue;
      if (k === 'CONTINUOUS_INTEGRATION' || k.startsWith('TRAILSCOPE_')) continue;
      childEnv[k] = v;
    }
    Object.assign(childEnv, { TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: '' }, env);
    const term = new Terminal({ cols, rows, allowProposedApi: true });
    const pty = ptyMod.spawn(process.execPath, [o.cli, 'open', '--db', o.dbPath], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: process.cwd(),
      env: childEnv,
    });
    const s = new WireSession(pty, term, rows);
    // keys sent before the list is on screen are lost, and bytes still to come after its first
    // frame would be counted as the first key's: wait for the count and the sparkline
    if (!(await s.waitFor(listSettled, 120_000))) {
      const shown = (await s.screen()).replace(/\s+/g, ' ').slice(0, 160);
      await s.close();
      throw new Error(`no settled event list within 120 s at ${cols}x${rows}; screen: ${shown}`);
    }
    await s.quiet(800, 30_000);
    return s;
  }

  /** The screen as the headless terminal shows it, after it has parsed everything received. */
  async screen(): Promise<string> {
    await new Promise<void>((r) => this.term.write('', r));
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < this.rows; i++)
      lines.push(b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  async waitFor(pred: (screen: string) => boolean, timeoutMs: number): Promise<boolean> {
    const t0 = performance.now();
    while (performance.now() - t0 < timeoutMs && !this.exited) {
      if (pred(await this.screen())) return true;
      await sleep(5);
    }
    return false;
  }

  /** Until nothing has been written for `ms` (or `max` ms have passed). */
  async quiet(ms: number, max = 10_000): Promise<void> {
    const t0 = performance.now();
    while (performance.now() - this.lastAt < ms && performance.now() - t0 < max) await sleep(10);
  }

  async press(
    key: string,
    shows: (screen: string) => boolean,
    quietMs = 300,
    timeoutMs = 20_000,
  ): Promise<KeyResult> {
    const before = this.bytes;
    this.firstAt = null;
    const t0 = performance.now();
    this.pty.write(key);
    let shownMs: number | null = null;
    while (performance.now() - t0 < timeoutMs && !this.exited) {
      if (this.firstAt !== null && shows(await this.screen())) {
        shownMs = performance.now() - t0;
        break;
      }
      await sleep(2);
    }
    const firstMs = this.firstAt === null ? null : this.firstAt - t0;
    await this.quiet(quietMs);
    return { bytes: this.bytes - before, firstMs, shownMs };
  }

  async position(): Promise<Position | null> {
    return listPosition(await this.screen());
  }

  async close(): Promise<void> {
    if (!this.exited) this.pty.write('\x03');
    const t = performance.now();
    while (!this.exited && performance.now() - t < 3000) await sleep(10);
    if (!this.exited) this.pty.kill();
  }
}

const at = (n: number) => (sc: string) => listPosition(sc)?.at === n;
const atEnd = (sc: string) => {
  const p = listPosition(sc);
  return p !== null && p.at === p.total;
};

interface SizeRun {
  bytes: Record<string, KeyResult>;
  latency: { first: number[]; shown: number[] };
}

/** Bytes for each key of the issue's list, then (optionally) a latency run of moves and pages. */
async function measureSize(s: WireSession, latencyKeys: boolean): Promise<SizeRun> {
  const bytes: Record<string, KeyResult> = {};
  const start = (await s.position())!;
  bytes['cursor move'] = await s.press(DOWN, at(start.at + 1));
  // from near the top a page down brings a whole page of rows not on screen before
  const before = (await s.position())!.at;
  bytes['page down'] = await s.press(PGDN, (sc) => (listPosition(sc)?.at ?? 0) > before);
  // the cursor on the bottom row (G), a page up keeps it there: the next move scrolls by one row
  await s.press('G', atEnd);
  const end = (await s.position())!.at;
  await s.press(PGUP, (sc) => (listPosition(sc)?.at ?? end) < end);
  const bottom = (await s.position())!.at;
  bytes['one-row scroll'] = await s.press(DOWN, at(bottom + 1));
  bytes['open detail'] = await s.press('\r', detailShown, 500);
  bytes['back'] = await s.press('\x1b', (sc) => !detailShown(sc) && listPosition(sc) !== null);

  const latency = { first: [] as number[], shown: [] as number[] };
  if (latencyKeys) {
    await s.press('g', at(1));
    const keys: Array<[string, (p: number) => number]> = [];
    for (let i = 0; i < 30; i++) keys.push(i % 5 === 4 ? [UP, (p) => p - 1] : [DOWN, (p) => p + 1]);
    for (let i = 0; i < 10; i++) keys.push([PGDN, (p) => p]);
    for (let i = 0; i < 10; i++) keys.push([PGUP, (p) => p]);
    for (const [key, next] of keys) {
      const p = (await s.position())!.at;
      const want = next(p);
      const moved = want === p ? (sc: string) => (listPosition(sc)?.at ?? p) !== p : at(want);
      const r = await s.press(key, moved, 60);
      latency.first.push(r.firstMs ?? Infinity);
      latency.shown.push(r.shownMs ?? Infinity);
    }
  }
  return { bytes, latency };
}

interface HeldRun {
  bytes: number;
  frames: number;
  keys: number;
  finalShown: boolean;
  /** ms from the last key until the final row was on screen. */
  finalMs: number | null;
}

/** Hold `j` for 3 s at 30 Hz from the first row; synchronized output on, so frames can be counted. */
async function holdJ(s: WireSession): Promise<HeldRun> {
  await s.press('g', at(1));
  const bytes = s.bytes;
  const frames = s.frames;
  const keys = 90;
  const t0 = performance.now();
  for (let i = 1; i <= keys; i++) {
    s.pty.write('j');
    // a steady 30 Hz, whatever the time the previous wait overran by
    const next = t0 + (i * 1000) / 30;
    await sleep(Math.max(0, next - performance.now()));
  }
  const last = t0 + ((keys - 1) * 1000) / 30;
  const finalShown = await s.waitFor(at(keys + 1), 30_000);
  const finalMs = finalShown ? performance.now() - last : null;
  await s.quiet(500, 20_000);
  return { bytes: s.bytes - bytes, frames: s.frames - frames, keys, finalShown, finalMs };
}

const fmt = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n)
    ? '?'
    : Math.round(n).toLocaleString('en-US');

export async function benchTuiBytes(o: Target): Promise<Figure[]> {
  let ptyMod: PtyModule;
  let Terminal: TerminalCtor;
  try {
    ptyMod = require('node-pty');
    Terminal = (require('@xterm/headless') as { Terminal: TerminalCtor }).Terminal;
  } catch (err) {
    return [
      {
        section: S,
        name: 'bytes per key',
        unit: 'B',
        measured: null,
        note: `node-pty / @xterm/headless unavailable: ${(err as Error).message.slice(0, 100)}`,
      },
    ];
  }
  const figures: Figure[] = [];
  const latency: Record<string, SizeRun['latency']> = {};
  // one heavy session at a time: the machine running the bench is also the one being measured
  for (const [cols, rows] of [
    [80, 24],
    [200, 50],
  ] as const) {
    const runs: Record<string, SizeRun> = {};
    for (const mode of ['writer', 'whole frames'] as const) {
      const s = await WireSession.open(ptyMod, Terminal, o, cols, rows, {
        TRAILSCOPE_FULL_FRAMES: mode === 'whole frames' ? '1' : '0',
      });
      try {
        runs[mode] = await measureSize(s, cols === 200);
      } finally {
        await s.close();
      }
      if (cols === 200) latency[mode] = runs[mode]!.latency;
    }
    const targets: Record<string, number> =
      cols === 80 ? { 'cursor move': 300 } : { 'cursor move': 500, 'one-row scroll': 1500 };
    for (const key of Object.keys(runs.writer!.bytes)) {
      const w = runs.writer!.bytes[key]!;
      const f = runs['whole frames']!.bytes[key]!;
      const t = targets[key];
      figures.push({
        section: S,
        name: `${key}, bytes at ${cols}x${rows}`,
        unit: 'B',
        measured: w.shownMs === null ? null : w.bytes,
        ...(t ? { target: { kind: 'max' as const, value: t } } : {}),
        note:
          `whole frames (as before): ${f.shownMs === null ? '? (screen never showed it)' : `${fmt(f.bytes)} B`}` +
          (w.shownMs === null
            ? `; writer: the screen never showed it (${fmt(w.bytes)} B came)`
            : ''),
      });
    }
  }

  for (const mode of ['writer', 'whole frames'] as const) {
    const l = latency[mode];
    if (!l) continue;
    const first = summarize(l.first);
    const shown = summarize(l.shown);
    const missed = l.shown.filter((v) => !Number.isFinite(v)).length;
    figures.push({
      section: S,
      name: `key to frame at 200x50, ${mode}: p50 / p95 (ms)`,
      unit: 'ms',
      measured: first.p95,
      ...(mode === 'writer' ? { target: { kind: 'max' as const, value: 50 } } : {}),
      note:
        `first byte p50 ${first.median.toFixed(1)}, p95 ${first.p95.toFixed(1)}; ` +
        `screen shows the new position p50 ${shown.median.toFixed(1)}, p95 ${shown.p95.toFixed(1)} ` +
        `(${first.n} keys: j/k, PgDn, PgUp${missed ? `; ${missed} never shown` : ''})`,
    });
  }

  const held: Record<string, HeldRun> = {};
  for (const mode of ['writer', 'whole frames'] as const) {
    const s = await WireSession.open(ptyMod, Terminal, o, 200, 50, {
      TRAILSCOPE_FULL_FRAMES: mode === 'whole frames' ? '1' : '0',
      // the writer brackets each frame only when asked for this TERM; ink always does
      TRAILSCOPE_SYNC_OUTPUT: '1',
    });
    try {
      held[mode] = await holdJ(s);
    } finally {
      await s.close();
    }
  }
  const w = held.writer!;
  const f = held['whole frames']!;
  figures.push({
    section: S,
    name: 'hold j 3 s at 30 Hz (200x50): bytes sent',
    unit: 'B',
    measured: w.bytes,
    target: f.bytes ? { kind: 'max', value: Math.round(f.bytes / 5) } : undefined,
    note: `whole frames: ${fmt(f.bytes)} B (target: a fifth of it); synchronized output on in both`,
  });
  figures.push({
    section: S,
    name: 'hold j 3 s at 30 Hz (200x50): frames drawn',
    unit: 'frames',
    measured: w.frames,
    note: `${w.keys} keys; whole frames: ${fmt(f.frames)} frames`,
  });
  figures.push({
    section: S,
    name: 'hold j 3 s at 30 Hz (200x50): final row on screen after the last key',
    unit: 'ms',
    measured: w.finalShown ? w.finalMs : null,
    note: w.finalShown
      ? `row ${w.keys + 1} shown; whole frames: ${f.finalShown ? `${fmt(f.finalMs)} ms` : 'final row NOT shown'}`
      : `final row (${w.keys + 1}) NOT shown within 30 s`,
  });
  return figures;
}
