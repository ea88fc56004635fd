import { describe, expect, it } from 'vitest';
import { editLine, lineEdit, pushHistory } from '../../../src/tui/kit/line-edit.js';

const type = (s: ReturnType<typeof lineEdit>, text: string) =>
  [...text].reduce((st, c) => editLine(st, c === ' ' ? 'space' : c, c), s);

describe('line editor', () => {
  it('types, moves and deletes', () => {
    let s = type(lineEdit(), 'name:X');
    expect(s.text).toBe('name:X');
    s = editLine(s, 'left', '');
    s = editLine(s, 'backspace', '');
    expect(s.text).toBe('nameX');
    s = editLine(s, 'ctrl-a', '');
    s = type(s, '-');
    expect(s.text).toBe('-nameX');
    s = editLine(s, 'ctrl-k', '');
    expect(s.text).toBe('-');
  });

  it('drops control characters and takes pasted text whole', () => {
    let s = editLine(lineEdit(), '\u001b[31m', '\u001b[31m');
    expect(s.text).toBe('');
    s = editLine(s, 'ip:10.0.0.0/8', 'ip:10.0.0.0/8');
    expect(s.text).toBe('ip:10.0.0.0/8');
  });

  it('browses history with up/down and restores the draft', () => {
    const h: string[] = [];
    pushHistory(h, 'a');
    pushHistory(h, 'b');
    pushHistory(h, 'b');
    expect(h).toEqual(['a', 'b']);
    let s = type(lineEdit(), 'dra');
    s = editLine(s, 'up', '', h);
    expect(s.text).toBe('b');
    s = editLine(s, 'up', '', h);
    expect(s.text).toBe('a');
    s = editLine(s, 'down', '', h);
    s = editLine(s, 'down', '', h);
    expect(s.text).toBe('dra');
  });
});
