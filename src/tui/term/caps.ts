import { BLINK, BOLD, INVERSE, UNDERLINE, type StyleCaps } from './style.js';
import type { PaintCaps } from './paint.js';
import { localeIsUtf8 } from './charset.js';

/**
 * What the terminal at the other end can do, from the environment alone (no query that could
 * stall start-up on a slow link): TERM, COLORTERM, NO_COLOR, the locale, and a short list of
 * terminals known to support synchronized output.
 */
export interface TermCaps extends StyleCaps, PaintCaps {
  /** DEC private mode 2026 around each frame. */
  sync: boolean;
  ascii: boolean;
}

const RGB = 0x1000000;

// Terminals that implement DEC mode 2026 (synchronized output); the rest may ignore it or not.
const SYNC_TERMS =
  /^(xterm-kitty|xterm-ghostty|ghostty|foot|foot-extra|alacritty|wezterm|contour|rio)$/;
const SYNC_PROGRAMS = new Set(['WezTerm', 'ghostty', 'iTerm.app', 'contour', 'rio']);

export function detectCaps(env: NodeJS.ProcessEnv, opts: { ascii?: boolean } = {}): TermCaps {
  const term = (env.TERM ?? '').toLowerCase();
  const vt =
    /^vt(52|100|102|220|320|420|510|520|525)\b/.test(term) || term === 'ansi' || term === '';
  const dumb = term === 'dumb';
  let colors: number;
  if (vt || dumb) colors = 0;
  else if (/^(truecolor|24bit)$/i.test(env.COLORTERM ?? '')) colors = RGB;
  else if (/256/.test(term)) colors = 256;
  else colors = 16;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') colors = 0;
  const known =
    /^(xterm|screen|tmux|rxvt|linux|putty|konsole|gnome|alacritty|foot|wezterm|kitty|ghostty|contour|st-|iterm)/.test(
      term,
    );
  const override = env.TRAILSCOPE_SYNC_OUTPUT;
  const sync =
    override === '1'
      ? true
      : override === '0'
        ? false
        : SYNC_TERMS.test(term) || SYNC_PROGRAMS.has(env.TERM_PROGRAM ?? '');
  return {
    colors,
    // a VT100 has bold, underline, blink and inverse; unknown terminals get the same safe set
    attrs: known ? 255 : BOLD | UNDERLINE | BLINK | INVERSE,
    offCodes: known,
    cha: known,
    scrollRegion: !dumb,
    sync,
    ascii: opts.ascii === true || !localeIsUtf8(env),
  };
}
