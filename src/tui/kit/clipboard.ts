import { terminalText } from '../../util/safe-text.js';

/**
 * Bytes of text OSC 52 carries at most: terminals cap the sequence (xterm ~100 kB, tmux by
 * `set-clipboard`, some far less), and a long write over SSH is a long wait. Past this, `y` says so.
 */
export const OSC52_MAX = 8192;

/**
 * The OSC 52 sequence that puts `text` on the terminal's clipboard. The text is what the screen
 * shows (escapes for control characters), so a paste into a shell can never run what evidence
 * held; a value printed as a filter pastes back as the same filter. Returns null when too long.
 */
export function osc52(text: string): { sequence: string; copied: string } | null {
  const copied = terminalText(text);
  const bytes = Buffer.from(copied, 'utf8');
  if (bytes.length > OSC52_MAX) return null;
  // tmux passes OSC 52 through when `set-clipboard` is on; screen needs its DCS wrapper (not done)
  return { sequence: `\u001b]52;c;${bytes.toString('base64')}\u0007`, copied };
}
