import React from 'react';
import { render } from 'ink-testing-library';
import type { Database } from 'better-sqlite3';
import { App } from '../../src/tui/shell/app.js';
import { eventListView } from '../../src/tui/shell/routes.js';
import type { Shell } from '../../src/tui/shell/shell.js';
import { EventReader } from '../../src/store/event-reader.js';

export interface RenderedApp {
  frame(): string;
  /** Send raw input (key bytes) and wait for the frame to settle. */
  press(...keys: string[]): Promise<string>;
  quit: { called: boolean };
  /** The shell behind the frames: models and their commands by id. */
  shell: Shell;
  /** What the app wrote to the terminal outside frames (OSC 52). */
  raw: string[];
  unmount(): void;
}

export const KEY = {
  down: '\u001b[B',
  up: '\u001b[A',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  pageDown: '\u001b[6~',
  ctrlC: '\u0003',
  backspace: '\u007f',
};

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** The TUI on an in-memory case file at a fixed size, driven through ink-testing-library. */
export async function renderApp(
  db: Database,
  size = { columns: 100, rows: 30 },
  rootFilter = '',
): Promise<RenderedApp> {
  const quit = { called: false };
  let shell: Shell | undefined;
  const raw: string[] = [];
  const inst = render(
    <App
      services={{ db, reader: new EventReader(db), dbPath: '/tmp/test-case.db', title: 'test.db' }}
      root={eventListView({ text: rootFilter })}
      size={size}
      onShell={(s) => {
        shell = s;
      }}
      writeRaw={(bytes) => {
        raw.push(bytes);
        return true;
      }}
      onQuit={() => {
        quit.called = true;
      }}
    />,
  );
  const settle = async () => {
    // React 19 renders asynchronously; deferred effects (sparkline, counts) use setTimeout(0)
    for (let i = 0; i < 5; i++) await tick(5);
  };
  await settle();
  return {
    frame: () => inst.lastFrame() ?? '',
    async press(...keys) {
      for (const k of keys) {
        inst.stdin.write(k);
        await settle();
      }
      return inst.lastFrame() ?? '';
    },
    quit,
    shell: shell!,
    raw,
    unmount: () => inst.unmount(),
  };
}
