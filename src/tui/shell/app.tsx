import React, { useEffect, useMemo, useSyncExternalStore } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import type { TuiServices, ViewInit } from './app-api.js';
import type { EventRow } from '../../store/event-row.js';
import { keyName, splitKeys } from '../kit/keys.js';
import { useTerminalSize } from './use-terminal-size.js';
import { fit } from '../kit/text.js';
import { terminalText } from '../../util/safe-text.js';
import { color } from '../kit/colors.js';
import { Shell } from './shell.js';
import { breadcrumbs } from './breadcrumbs.js';
import { tuiRegistry } from './features.js';
import type { TuiRegistry } from './registry.js';

export { CHROME_LINES } from './shell.js';

export interface AppProps {
  services: TuiServices;
  root: ViewInit;
  /** Fixed viewport (tests); otherwise the terminal's size, followed on resize. */
  size?: { columns: number; rows: number };
  /** Called with every key name before dispatch (frame tracing). */
  onKey?: (key: string) => void;
  onQuit?: () => void;
  /** The features (default: all of them, features.ts). */
  registry?: TuiRegistry;
  /** Raw terminal output (OSC 52 for `y`). */
  writeRaw?: (bytes: string) => boolean;
  /** Tests reach the shell (models by command id) through this. */
  onShell?: (shell: Shell) => void;
}

/**
 * The React side of the shell: it subscribes to the shell and draws the chrome and the top view's
 * lines. Keys go straight to the shell (shell.ts), which changes the models synchronously.
 */
export function App(props: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize(props.size);
  const shell = useMemo(
    () =>
      new Shell({
        services: props.services,
        registry: props.registry ?? tuiRegistry(),
        root: props.root,
        onKey: props.onKey,
        writeRaw: props.writeRaw,
        onQuit: () => {
          props.onQuit?.();
          exit();
        },
      }),
    [props.services],
  );
  useMemo(() => props.onShell?.(shell), [shell]);
  shell.setSize(columns, rows);
  useSyncExternalStore(shell.subscribe, shell.getVersion);
  useEffect(() => () => shell.dispose(), [shell]);

  useInput((input, key) => {
    // Keys typed ahead (or a paste) arrive as one chunk: split it into keys; each one changes the
    // models before the next is read.
    const burst = input.length > 1 && !input.includes('\u001b') ? splitKeys(input) : null;
    if (burst) for (const k of burst) shell.handleKey(k.name, k.input);
    else shell.handleKey(keyName(input, key), input);
  });

  const width = Math.max(columns, 20);
  const viewHeight = shell.viewHeight;
  const modal = shell.modal;
  const bottomLines = modal?.placement === 'bottom' ? (modal.lines ?? 1) : 0;
  const modalActive = modal?.placement === 'body';
  const top = shell.top;
  const status = shell.status;
  const statusText = status
    ? status.kind === 'error'
      ? `✖ ${status.text}`
      : status.text
    : (shell.liveStatus ?? markSummary(shell.marks));
  const hint = modal
    ? (modal.hint ?? 'Esc close')
    : shell.registry.keymap.hintLine(top.kind, width, shell.stackDepth() === 1, !!top.list);

  return (
    <Box flexDirection="column" width={width} height={shell.frameLines}>
      <Text wrap="truncate" bold color={color('cyan')}>
        {fit(terminalText(breadcrumbs(shell.views, width)), width)}
      </Text>
      <Box flexDirection="column" height={viewHeight} overflow="hidden">
        {modalActive ? modal.draw(width, viewHeight) : top.draw()}
      </Box>
      {modal && !modalActive ? (
        <Box flexDirection="column" height={bottomLines} overflow="hidden">
          {modal.draw(width, bottomLines)}
        </Box>
      ) : null}
      <Text wrap="truncate" color={status?.kind === 'error' ? color('red') : undefined}>
        {fit(terminalText(statusText), width)}
      </Text>
      <Text wrap="truncate" dimColor>
        {fit(hint, width)}
      </Text>
    </Box>
  );
}

function markSummary(marks: readonly EventRow[]): string {
  return marks.length ? `${marks.length} marked (C compare, M clear)` : '';
}
