/** A one-line text editor's state (filter bar, fuzzy search, prompts), edited by key names. */
export interface LineEdit {
  text: string;
  cursor: number;
  /** Position in history while browsing it with ↑/↓ (-1: not browsing). */
  historyIndex: number;
  /** What was typed before browsing history, restored when coming back down. */
  draft: string;
}

export function lineEdit(text = ''): LineEdit {
  return { text, cursor: text.length, historyIndex: -1, draft: '' };
}

/** Apply a key; returns the same object when the key is not an editing key. */
export function editLine(
  s: LineEdit,
  key: string,
  input: string,
  history: readonly string[] = [],
): LineEdit {
  const { text, cursor } = s;
  switch (key) {
    case 'left':
      return { ...s, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { ...s, cursor: Math.min(text.length, cursor + 1) };
    case 'home':
    case 'ctrl-a':
      return { ...s, cursor: 0 };
    case 'end':
    case 'ctrl-e':
      return { ...s, cursor: text.length };
    case 'backspace':
      if (cursor === 0) return s;
      return { ...s, text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
    case 'delete':
    case 'ctrl-d':
      return { ...s, text: text.slice(0, cursor) + text.slice(cursor + 1) };
    case 'ctrl-u':
      return { ...s, text: text.slice(cursor), cursor: 0 };
    case 'ctrl-k':
      return { ...s, text: text.slice(0, cursor) };
    case 'ctrl-w': {
      const before = text.slice(0, cursor).replace(/\S+\s*$/, '');
      return { ...s, text: before + text.slice(cursor), cursor: before.length };
    }
    case 'up': {
      if (!history.length) return s;
      const idx = s.historyIndex === -1 ? history.length - 1 : Math.max(0, s.historyIndex - 1);
      const t = history[idx]!;
      return {
        text: t,
        cursor: t.length,
        historyIndex: idx,
        draft: s.historyIndex === -1 ? text : s.draft,
      };
    }
    case 'down': {
      if (s.historyIndex === -1) return s;
      const idx = s.historyIndex + 1;
      if (idx >= history.length)
        return { text: s.draft, cursor: s.draft.length, historyIndex: -1, draft: '' };
      const t = history[idx]!;
      return { ...s, text: t, cursor: t.length, historyIndex: idx };
    }
    case 'space':
      return insert(s, ' ');
    default:
      // printable input only (pasted text arrives as one chunk); control bytes are dropped
      if (key === input && input.length >= 1 && !/[\u0000-\u001f\u007f]/.test(input))
        return insert(s, input);
      return s;
  }
}

function insert(s: LineEdit, chars: string): LineEdit {
  return {
    ...s,
    text: s.text.slice(0, s.cursor) + chars + s.text.slice(s.cursor),
    cursor: s.cursor + chars.length,
  };
}

/** Remember a submitted line (no consecutive duplicates, bounded). */
export function pushHistory(history: string[], text: string, max = 100): void {
  if (!text.trim() || history[history.length - 1] === text) return;
  history.push(text);
  if (history.length > max) history.splice(0, history.length - max);
}
