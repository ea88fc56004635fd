import { describe, expect, it } from 'vitest';
import { Keymap, type TuiCommand } from '../../../src/tui/shell/commands.js';
import { breadcrumbs } from '../../../src/tui/shell/breadcrumbs.js';
import { keyName, splitKeys } from '../../../src/tui/kit/keys.js';
import { tuiRegistry } from '../../../src/tui/shell/features.js';
import { MOVES } from '../../../src/tui/kit/moves.js';
import type { Key } from 'ink';

describe('keymap', () => {
  const base: TuiCommand[] = [
    { id: 'g.n', keys: ['n'], description: 'notable', scope: 'global', hint: 'notable', order: 2 },
    { id: 'g.q', keys: ['q'], description: 'back', scope: 'global', hint: 'back', order: 9 },
    {
      id: 'd.n',
      keys: ['n'],
      description: 'next match',
      scope: 'detail',
      hint: 'next',
      order: 1,
      shadows: true,
    },
  ];
  it('view commands shadow global ones; hints come from the table and fit the width', () => {
    const km = new Keymap(base);
    expect(km.resolve('events', 'n')?.id).toBe('g.n');
    expect(km.resolve('detail', 'n')?.id).toBe('d.n');
    expect(km.resolve('detail', 'x')).toBeUndefined();
    expect(km.hintLine('detail', 80)).toBe('n next  q back');
    expect(km.hintLine('events', 80)).toBe('n notable  q back');
    expect(km.hintLine('events', 10)).toBe('n notable');
    const withHelp = new Keymap([
      ...base,
      { id: 'g.help', keys: ['?'], description: 'help', scope: 'global', hint: 'help', order: 80 },
    ]);
    expect(withHelp.hintLine('events', 20)).toBe('n notable  ? help');
    expect(withHelp.hintLine('events', 12)).toBe('? help');
  });

  it("says a command's top hint when the root view is active", () => {
    const km = new Keymap([
      {
        id: 'g.q',
        keys: ['q'],
        description: 'back; at the top, quit',
        scope: 'global',
        hint: 'back',
        topHint: 'quit',
        order: 90,
      },
    ]);
    expect(km.hintLine('events', 80)).toBe('q back');
    expect(km.hintLine('events', 80, true)).toBe('q quit');
  });

  it('movement is declared once and reaches every view with a list, after its own keys', () => {
    const km = new Keymap([...MOVES, ...base]);
    expect(km.resolve('anything', 'j', true)?.id).toBe('list.down');
    expect(km.resolve('anything', 'j', false)).toBeUndefined();
    expect(km.resolve('anything', 'ctrl-d', true)?.id).toBe('list.pagedown');
  });

  it('refuses two commands with one id, and names keys bound twice in a scope', () => {
    expect(() => new Keymap([base[0]!, base[0]!])).toThrow(/two commands/);
    const km = new Keymap([
      { id: 'a', keys: ['x'], description: '', scope: 's' },
      { id: 'b', keys: ['x'], description: '', scope: 's' },
      { id: 'c', keys: ['n'], description: '', scope: 's' },
      base[0]!,
    ]);
    expect(km.conflicts()).toEqual([
      's: x is bound to a and b',
      's: c takes n from global g.n without saying so',
    ]);
  });

  it("the TUI's own table: no key twice in a scope, no global key taken silently", () => {
    expect(tuiRegistry().keymap.conflicts()).toEqual([]);
  });
});

describe('breadcrumbs', () => {
  it('are cut from the left', () => {
    const s = [{ title: 'Events' }, { title: 'AssumeRole 12:00' }, { title: 'access key AKIAX' }];
    expect(breadcrumbs(s, 80)).toBe('Events › AssumeRole 12:00 › access key AKIAX');
    expect(breadcrumbs(s, 30)).toBe('… › access key AKIAX');
  });
});

describe('keys', () => {
  const k = (over: Partial<Key>): Key => ({
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
    ...over,
  });
  it('names keys', () => {
    expect(keyName('', k({ downArrow: true }))).toBe('down');
    expect(keyName('d', k({ ctrl: true }))).toBe('ctrl-d');
    expect(keyName(' ', k({}))).toBe('space');
    expect(keyName('G', k({ shift: true }))).toBe('G');
  });
  it('splits typed-ahead chunks', () => {
    expect(splitKeys('jf x\r').map((x) => x.name)).toEqual(['j', 'f', 'space', 'x', 'enter']);
    expect(splitKeys('\u0003')[0]!.name).toBe('ctrl-c');
  });
});
