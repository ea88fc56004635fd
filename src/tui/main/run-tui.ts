import { createElement, type ReactNode } from 'react';
import { render, useInput } from 'ink';
import { basename } from 'node:path';
import { openCase } from '../../case/open.js';
import { bringUpToDate, type DerivedName } from '../../case/derived.js';

/** The derived tables the TUI's views read. */
const TUI_DERIVED: readonly DerivedName[] = ['notable', 'sigma', 'credentials', 'insights'];
import { tuneForInteractive } from '../../store/interactive.js';
import { EventReader } from '../../store/event-reader.js';
import { safeText } from '../../util/safe-text.js';
import { App } from '../shell/app.js';
import { enterTerminal } from './terminal.js';
import { startFrameTrace } from './frame-trace.js';
import { eventListView } from '../shell/routes.js';
import { closeQueryClients } from '../query/query-service.js';
import { TerminalWriter } from '../term/writer.js';
import { detectCaps } from '../term/caps.js';
import { setAsciiOnly } from '../term/charset.js';

import type { OpenTuiOptions } from './options.js';

/** The TUI itself (loaded by launch.ts once React's production build is selected). */
export async function runTui(opts: OpenTuiOptions, t0: number): Promise<number> {
  // writable when it can be (notes and tags); a case file on read-only storage opens read-only
  const opened = openCase(opts.dbPath, 'prefer-write');
  // Derived tables are brought up to date once, here, before the first frame (a case file from
  // an older version, or an index run that was stopped): no view ever writes to the case file.
  // While an index run fills it, the run does this itself at its end.
  // tuned first: a refresh here sorts and keeps its temporary tables in files, not in the heap
  tuneForInteractive(opened);
  const db = opts.live ? opened : bringUpToDate(opened, TUI_DERIVED);
  if (db !== opened) tuneForInteractive(db);
  const services = {
    db,
    reader: new EventReader(db),
    dbPath: opts.dbPath,
    // the header says when nothing can be saved (read-only storage: notes refused, derived data not stored)
    title:
      safeText(opts.title ?? basename(opts.dbPath), { max: 60 }) +
      (db.readonly ? ' (read-only)' : ''),
    live: opts.live,
  };

  const caps = detectCaps(process.env, { ascii: opts.ascii });
  setAsciiOnly(caps.ascii);
  let fatal: unknown = null;
  const term = enterTerminal(process.stdout, (err) => {
    fatal = err;
    try {
      db.close();
    } catch {
      // closing is best effort on a crash
    }
    reportCrash(err);
  });
  const trace = startFrameTrace(process.env.TRAILSCOPE_TRACE_FRAMES, process.stdout, t0);
  // after the trace, so the frames it times are the bytes the writer sends
  // TRAILSCOPE_FULL_FRAMES=1: ink writes to the terminal itself, every frame whole (for comparison)
  const direct = process.env.TRAILSCOPE_FULL_FRAMES === '1';
  const writer = direct
    ? null
    : new TerminalWriter(process.stdout, {
        caps,
        maxFps: 60,
        alsoWatch: process.stderr.isTTY ? process.stderr : null,
      });
  try {
    const app = createElement(App, {
      services,
      root: eventListView({ text: '' }),
      onKey: trace ? (k: string) => trace.key(k) : undefined,
      // OSC 52 (`y`): straight to the terminal; it changes nothing on the screen
      writeRaw: (bytes: string) => process.stdout.write(bytes) || true,
    });
    // debug mode: ink writes each frame whole into the writer's sink (its throttled mode can
    // deliver an older frame after a newer one to a stream that is not a terminal); the writer
    // coalesces and diffs. Console output goes to the terminal and the writer redraws after it.
    const instance = writer
      ? render(createElement(RedrawOnCtrlL, { onRedraw: () => writer.redraw() }, app), {
          stdout: writer.sink as unknown as NodeJS.WriteStream,
          debug: true,
          exitOnCtrlC: false,
          patchConsole: false,
        })
      : render(app, { exitOnCtrlC: false, patchConsole: true, maxFps: 60 });
    await instance.waitUntilExit();
  } catch (err) {
    fatal = err;
  } finally {
    closeQueryClients();
    writer?.dispose();
    term.restore();
    try {
      db.close();
    } catch {
      // already closed by the crash handler
    }
  }
  if (fatal) {
    reportCrash(fatal);
    return 2;
  }
  return 0;
}

/** Ctrl-L draws the whole screen again (after another program wrote over it). */
function RedrawOnCtrlL({
  onRedraw,
  children,
}: {
  onRedraw: () => void;
  children?: ReactNode;
}): ReactNode {
  useInput((input, key) => {
    if (key.ctrl && input === 'l') onRedraw();
  });
  return children;
}

function reportCrash(err: unknown): void {
  const e = err as Error;
  process.stderr.write(
    `trailscope: the TUI stopped on an internal error: ${safeText(e?.message ?? String(err))}\n`,
  );
  if (process.env.TRAILSCOPE_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
}
