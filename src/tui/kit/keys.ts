import { asciiOnly } from '../term/charset.js';
import type { Key } from 'ink';

/**
 * One name per key press, so key bindings can be plain data (`'ctrl-d'`, `'pagedown'`, `'G'`).
 * Printable characters are their own name; `' '` is `'space'`.
 */
export function keyName(input: string, key: Key): string {
  // Shift-arrows have names of their own; every binding of one has a plain-key alternative too
  // (TERM=linux cannot send them)
  if (key.upArrow) return key.shift ? 'shift-up' : 'up';
  if (key.downArrow) return key.shift ? 'shift-down' : 'down';
  if (key.leftArrow) return key.shift ? 'shift-left' : 'left';
  if (key.rightArrow) return key.shift ? 'shift-right' : 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return key.delete && !key.backspace ? 'delete' : 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if (key.meta && input.length === 1) return `meta-${input}`;
  return input;
}

/** How a key name is shown in hints and help. */
export function keyLabel(name: string): string {
  // on an ASCII terminal arrows would become `^ v < >`, and `v` reads as the key v
  const ascii = asciiOnly();
  switch (name) {
    case 'up':
      return ascii ? 'Up' : '↑';
    case 'down':
      return ascii ? 'Down' : '↓';
    case 'left':
      return ascii ? 'Left' : '←';
    case 'right':
      return ascii ? 'Right' : '→';
    case 'pageup':
      return 'PgUp';
    case 'pagedown':
      return 'PgDn';
    case 'home':
      return 'Home';
    case 'end':
      return 'End';
    case 'enter':
      return 'Enter';
    case 'escape':
      return 'Esc';
    case 'space':
      return 'Space';
    case 'tab':
      return 'Tab';
    default:
      return name.startsWith('ctrl-') ? `Ctrl-${name.slice(5)}` : name;
  }
}

/** A chunk of plain typed text (no escape sequences) as key names, one per character. */
export function splitKeys(chunk: string): { name: string; input: string }[] {
  return [...chunk].map((c) => {
    const code = c.codePointAt(0)!;
    if (c === '\r' || c === '\n') return { name: 'enter', input: c };
    if (c === '\t') return { name: 'tab', input: c };
    if (code === 0x7f || code === 0x08) return { name: 'backspace', input: c };
    if (c === ' ') return { name: 'space', input: c };
    if (code < 0x20) return { name: `ctrl-${String.fromCharCode(code + 0x60)}`, input: c };
    return { name: c, input: c };
  });
}
