import type { MoveId } from './list-model.js';

/** A movement command as data (the shape of a TuiCommand, declared here so the kit needs no shell). */
export interface MoveCommand {
  id: string;
  keys: readonly string[];
  description: string;
  scope: string;
  hint?: string;
  order?: number;
}

/** The scope of the movement commands: every view with a list has them, declared once here. */
export const LIST_SCOPE = 'list';

const move = (
  id: MoveId,
  keys: string[],
  description: string,
  extra: Partial<MoveCommand> = {},
): MoveCommand => ({ id: `list.${id}`, keys, description, scope: LIST_SCOPE, ...extra });

/** j/k/↑/↓/PgUp/PgDn/Ctrl-u/Ctrl-d/g/G/Home/End: the same in every list. */
export const MOVES: readonly MoveCommand[] = [
  move('down', ['down', 'j'], 'move down', { hint: 'move', order: 1 }),
  move('up', ['up', 'k'], 'move up'),
  move('pagedown', ['pagedown', 'ctrl-d'], 'page down'),
  move('pageup', ['pageup', 'ctrl-u'], 'page up'),
  move('first', ['g', 'home'], 'go to the first row'),
  move('last', ['G', 'end'], 'go to the last row'),
];

/** `list.down` → `down`, or undefined for a command that is not a movement. */
export function moveOf(commandId: string): MoveId | undefined {
  return commandId.startsWith('list.') ? (commandId.slice(5) as MoveId) : undefined;
}

/**
 * The movement a key means in a list that also takes typed text (a modal): with `letters` false,
 * only keys that cannot be typed (arrows, pages, Home/End, Ctrl-d/u) move.
 */
export function moveOfKey(key: string, letters = true): MoveId | undefined {
  for (const c of MOVES)
    if (c.keys.includes(key) && (letters || key.length > 1)) return moveOf(c.id);
  return undefined;
}
