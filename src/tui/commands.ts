import type { AppApi } from './app-api.js';
import { keyLabel } from './keys.js';

/** `'global'` commands work in every view; otherwise the command belongs to one view kind. */
export type CommandScope = 'global' | string;

/**
 * A key command as data. The hint bar and the `?` help screen are generated from these.
 *
 * A command with `run` is executed by the app. A command without `run` is delivered to the active
 * view, which handles it by id through `useCommandHandlers` (the view owns the state it changes).
 */
export interface TuiCommand {
  id: string;
  keys: readonly string[];
  description: string;
  scope: CommandScope;
  /** Short label for the hint bar; commands without one appear only in `?` help. */
  hint?: string;
  /** The hint when the root view is active (q: `back` in a drill-down, `quit` at the top). */
  topHint?: string;
  /** Lower shows first in the hint bar (default 50). */
  order?: number;
  run?: (app: AppApi) => void;
}

const registry = new Map<string, TuiCommand>();

/** Register (or replace, by id) a command. Later registrations win key conflicts within a scope. */
export function registerCommand(cmd: TuiCommand): void {
  registry.delete(cmd.id);
  registry.set(cmd.id, cmd);
}

export function registerCommands(cmds: readonly TuiCommand[]): void {
  for (const c of cmds) registerCommand(c);
}

export function allCommands(): TuiCommand[] {
  return [...registry.values()];
}

/** Commands active in a view: its own first, then global ones. */
export function commandsFor(scope: string): TuiCommand[] {
  const own = allCommands().filter((c) => c.scope === scope);
  const global = allCommands().filter((c) => c.scope === 'global');
  return [...own, ...global];
}

/** The command a key triggers in a view: view-scoped commands shadow global ones. */
export function resolveKey(scope: string, key: string): TuiCommand | undefined {
  const cmds = allCommands();
  let found: TuiCommand | undefined;
  for (const c of cmds) if (c.scope === scope && c.keys.includes(key)) found = c;
  if (found) return found;
  for (const c of cmds) if (c.scope === 'global' && c.keys.includes(key)) found = c;
  return found;
}

/** `j/↓`: the keys of a command as shown to users. */
export function keysText(cmd: TuiCommand): string {
  return cmd.keys.map(keyLabel).join('/');
}

/** Hints with this order or more (help, back) are always shown, at the end of the bar. */
export const ALWAYS_SHOWN_ORDER = 80;

/**
 * The hint bar: `key hint` pairs for the active view, fitted to the width; help and back always fit.
 * `atTop`: the active view is the root (commands say their `topHint`).
 */
export function hintLine(scope: string, width: number, atTop = false): string {
  const cmds = commandsFor(scope)
    .filter((c) => c.hint)
    .sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
  // a global command whose key the view uses for something else is not available here
  const ownKeys = new Set(
    allCommands()
      .filter((c) => c.scope === scope)
      .flatMap((c) => c.keys),
  );
  const seen = new Set<string>();
  const parts: { text: string; always: boolean }[] = [];
  for (const c of cmds) {
    const k = keyLabel(c.keys[0] ?? '');
    if (seen.has(k) || (c.scope === 'global' && c.keys.some((x) => ownKeys.has(x)))) continue;
    seen.add(k);
    parts.push({
      text: `${k} ${(atTop && c.topHint) || c.hint}`,
      always: (c.order ?? 50) >= ALWAYS_SHOWN_ORDER,
    });
  }
  const tail = parts
    .filter((p) => p.always)
    .map((p) => p.text)
    .join('  ');
  let head = '';
  for (const p of parts.filter((x) => !x.always)) {
    const next = head ? `${head}  ${p.text}` : p.text;
    if (next.length + (tail ? tail.length + 2 : 0) > width) break;
    head = next;
  }
  const line = head && tail ? `${head}  ${tail}` : head || tail;
  return line.length > width ? line.slice(0, width) : line;
}

/** Test hook: forget everything registered. */
export function clearCommandsForTest(): void {
  registry.clear();
}
