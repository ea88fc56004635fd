import type { KeymapApi, TuiCommand } from './app-api.js';
import { keyLabel } from '../kit/keys.js';
import { LIST_SCOPE } from '../kit/moves.js';

export type { TuiCommand };

/** Hints with this order or more (help, back) are always shown, at the end of the bar. */
export const ALWAYS_SHOWN_ORDER = 80;

/** `j/↓`: the keys of a command as shown to users. */
export function keysText(cmd: TuiCommand): string {
  return cmd.keys.map(keyLabel).join('/');
}

/**
 * Every command of every feature, in one table: which command a key runs in a scope, the hint bar
 * and the help screen. Built once from the feature list (registry.ts); nothing registers later.
 */
export class Keymap implements KeymapApi {
  readonly all: readonly TuiCommand[];

  constructor(commands: readonly TuiCommand[]) {
    const ids = new Set<string>();
    for (const c of commands) {
      if (ids.has(c.id)) throw new Error(`two commands have the id ${c.id}`);
      ids.add(c.id);
    }
    this.all = commands;
  }

  /** The scopes a view of this kind answers to, most specific first. */
  private scopes(scope: string, hasList: boolean): string[] {
    return hasList ? [scope, LIST_SCOPE, 'global'] : [scope, 'global'];
  }

  /** Commands active in a view: its own first, then the list's, then global ones. */
  commandsFor(scope: string, hasList = false): TuiCommand[] {
    return this.scopes(scope, hasList).flatMap((s) => this.all.filter((c) => c.scope === s));
  }

  /** The command a key triggers in a view: the view's own, then movement, then global. */
  resolve(scope: string, key: string, hasList = false): TuiCommand | undefined {
    for (const s of this.scopes(scope, hasList)) {
      const c = this.all.find((x) => x.scope === s && x.keys.includes(key));
      if (c) return c;
    }
    return undefined;
  }

  /**
   * Keys given twice in one scope, and global keys a scope takes without saying so (`shadows`):
   * each a sentence, for the test that keeps the table honest.
   */
  conflicts(): string[] {
    const out: string[] = [];
    const scopes = [...new Set(this.all.map((c) => c.scope))];
    for (const s of scopes) {
      const seen = new Map<string, string>();
      for (const c of this.all.filter((x) => x.scope === s))
        for (const k of c.keys) {
          const other = seen.get(k);
          if (other) out.push(`${s}: ${k} is bound to ${other} and ${c.id}`);
          seen.set(k, c.id);
        }
      if (s === 'global') continue;
      for (const c of this.all.filter((x) => x.scope === s && !x.shadows))
        for (const k of c.keys) {
          const g = this.all.find((x) => x.scope === 'global' && x.keys.includes(k));
          if (g) out.push(`${s}: ${c.id} takes ${k} from global ${g.id} without saying so`);
          const l =
            s !== LIST_SCOPE && this.all.find((x) => x.scope === LIST_SCOPE && x.keys.includes(k));
          if (l) out.push(`${s}: ${c.id} takes ${k} from the list's ${l.id} without saying so`);
        }
    }
    return out;
  }

  /**
   * The hint bar: `key hint` pairs for the active view, fitted to the width; help and back always fit.
   * `atTop`: the active view is the root (commands say their `topHint`).
   */
  hintLine(scope: string, width: number, atTop = false, hasList = false): string {
    const cmds = this.commandsFor(scope, hasList)
      .filter((c) => c.hint)
      .sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
    const seenKeys = new Set<string>();
    const seen = new Set<string>();
    const parts: { text: string; always: boolean }[] = [];
    // commands come most specific first: a key already taken hides the broader command
    for (const c of this.commandsFor(scope, hasList)) {
      const shadowed = c.keys.some((k) => seenKeys.has(k));
      for (const k of c.keys) seenKeys.add(k);
      if (shadowed) seen.add(c.id);
    }
    for (const c of cmds) {
      const k = keyLabel(c.keys[0] ?? '');
      if (seen.has(c.id) || seen.has(`key:${k}`)) continue;
      seen.add(`key:${k}`);
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
}
