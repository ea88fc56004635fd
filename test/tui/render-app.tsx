import React from 'react';
import { render } from 'ink-testing-library';
import type { Database } from 'better-sqlite3';
import { App } from '../../src/tui/app.js';
import { registerBuiltins } from '../../src/tui/builtins.js';
import { eventListView } from '../../src/tui/views/event-list.js';
import { EventReader } from '../../src/store/event-reader.js';

export interface RenderedApp {
  frame(): string;
  /** Send raw input (key bytes) and wait for the frame to settle. */
  press(...keys: string[]): Promise<string>;
  quit: { called: boolean };
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
  registerBuiltins();
  const quit = { called: false };
  const inst = render(
    <App
      services={{ db, reader: new EventReader(db), dbPath: '/tmp/test-case.db', title: 'test.db' }}
      root={eventListView({ text: rootFilter })}
      size={size}
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
    unmount: () => inst.unmount(),
  };
}
