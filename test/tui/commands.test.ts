import { afterEach, describe, expect, it } from 'vitest';
import {
  clearCommandsForTest,
  hintLine,
  registerCommands,
  resolveKey,
} from '../../src/tui/commands.js';
import { breadcrumbs, initialNav, navReducer, topView } from '../../src/tui/state/nav.js';
import { keyName, splitKeys } from '../../src/tui/keys.js';
import type { Key } from 'ink';

afterEach(() => clearCommandsForTest());

describe('command registry', () => {
  it('view commands shadow global ones; hints come from the registry and fit the width', () => {
    registerCommands([
      {
        id: 'g.n',
        keys: ['n'],
        description: 'notable',
        scope: 'global',
        hint: 'notable',
        order: 2,
      },
      { id: 'g.q', keys: ['q'], description: 'back', scope: 'global', hint: 'back', order: 9 },
      {
        id: 'd.n',
        keys: ['n'],
        description: 'next match',
        scope: 'detail',
        hint: 'next',
        order: 1,
      },
    ]);
    expect(resolveKey('events', 'n')?.id).toBe('g.n');
    expect(resolveKey('detail', 'n')?.id).toBe('d.n');
    expect(resolveKey('detail', 'x')).toBeUndefined();
    expect(hintLine('detail', 80)).toBe('n next  q back');
    expect(hintLine('events', 80)).toBe('n notable  q back');
    expect(hintLine('events', 10)).toBe('n notable');
    registerCommands([
      { id: 'g.help', keys: ['?'], description: 'help', scope: 'global', hint: 'help', order: 80 },
    ]);
    expect(hintLine('events', 20)).toBe('n notable  ? help');
    expect(hintLine('events', 12)).toBe('? help');
  });

  it("says a command's top hint when the root view is active", () => {
    registerCommands([
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
    expect(hintLine('events', 80)).toBe('q back');
    expect(hintLine('events', 80, true)).toBe('q quit');
  });

  it('replaces a command registered again with the same id', () => {
    registerCommands([{ id: 'app.trace', keys: ['t'], description: 'not yet', scope: 'global' }]);
    registerCommands([{ id: 'app.trace', keys: ['t'], description: 'trace', scope: 'global' }]);
    expect(resolveKey('events', 't')?.description).toBe('trace');
  });
});

describe('navigation stack', () => {
  it('pushes, pops (never the root) and builds breadcrumbs cut from the left', () => {
    let s = initialNav({ kind: 'events', title: 'Events', params: {} });
    s = navReducer(s, {
      type: 'push',
      view: { kind: 'event', title: 'AssumeRole 12:00', params: {} },
    });
    s = navReducer(s, {
      type: 'push',
      view: { kind: 'events', title: 'access key AKIAX', params: {} },
    });
    expect(breadcrumbs(s, 80)).toBe('Events › AssumeRole 12:00 › access key AKIAX');
    expect(breadcrumbs(s, 30)).toBe('… › access key AKIAX');
    s = navReducer(s, { type: 'pop' });
    s = navReducer(s, { type: 'pop' });
    s = navReducer(s, { type: 'pop' });
    expect(s.stack.length).toBe(1);
    s = navReducer(s, { type: 'update', key: topView(s).key, params: { filter: 'x' } });
    expect(topView(s).params).toEqual({ filter: 'x' });
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
