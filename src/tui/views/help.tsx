import React, { useState } from 'react';
import { Box, Text } from 'ink';
import type { ViewInit, ViewProps } from '../views.js';
import { allCommands, commandsFor, keysText, type TuiCommand } from '../commands.js';
import { useCommandHandlers } from '../use-command-handlers.js';
import { fit } from '../text.js';

export const HELP = 'help';

export interface HelpParams {
  /** The view kind help was opened from: its commands come first. */
  scope: string;
}

export function helpView(scope: string): ViewInit<HelpParams> {
  return { kind: HELP, title: 'Help', params: { scope } };
}

/** Help lines generated from the command registry (the same data as the hint bar). */
export function helpLines(scope: string, width: number): string[] {
  const keyW = 16;
  const line = (c: TuiCommand) => fit(`  ${keysText(c).padEnd(keyW - 2)}${c.description}`, width);
  const own = commandsFor(scope).filter((c) => c.scope === scope);
  const global = allCommands().filter((c) => c.scope === 'global');
  const others = allCommands().filter(
    (c) => c.scope !== 'global' && c.scope !== scope && c.scope !== HELP,
  );
  const out: string[] = [];
  if (own.length) out.push(`In this view (${scope})`, ...own.map(line), '');
  out.push(
    'Everywhere',
    ...global.map(line),
    '  Ctrl-c        quit from anywhere (the terminal is restored)',
  );
  const scopes = [...new Set(others.map((c) => c.scope))];
  for (const s of scopes)
    out.push('', `In ${s} views`, ...others.filter((c) => c.scope === s).map(line));
  return out;
}

export function HelpView({
  view,
  app,
  width,
  height,
  active,
}: ViewProps<HelpParams>): React.JSX.Element | null {
  const [want, setTop] = useState(0);
  const lines = helpLines(view.params.scope, width);
  const max = Math.max(0, lines.length - height);
  // a resize can leave the old position past the end
  const top = Math.min(want, max);
  useCommandHandlers(app, view.key, {
    'help.down': () => setTop((t) => Math.min(max, t + 1)),
    'help.up': () => setTop((t) => Math.max(0, Math.min(max, t) - 1)),
    'help.pagedown': () => setTop((t) => Math.min(max, t + height - 1)),
    'help.pageup': () => setTop((t) => Math.max(0, Math.min(max, t) - height + 1)),
    'help.first': () => setTop(0),
    'help.last': () => setTop(max),
  });
  if (!active) return null;
  return (
    <Box flexDirection="column">
      {lines.slice(top, top + height).map((l, i) => (
        <Text key={top + i} bold={!l.startsWith(' ')} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
}
