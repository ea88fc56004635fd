import { useState } from 'react';

export interface Cursor {
  cursor: number;
  top: number;
  move(delta: number): void;
  page(pages: number): void;
  first(): void;
  last(): void;
}

/** Cursor and scroll position over a short in-memory list (rules, windows, facet values). */
export function useCursor(count: number, height: number): Cursor {
  const [s, set] = useState({ cursor: 0, top: 0 });
  const h = Math.max(1, height);
  const clamp = (c: number, top: number) => {
    const cursor = Math.max(0, Math.min(count - 1, c));
    let t = Math.min(top, cursor);
    if (cursor >= t + h) t = cursor - h + 1;
    return { cursor: Math.max(0, cursor), top: Math.max(0, t) };
  };
  const cur = clamp(s.cursor, s.top);
  return {
    ...cur,
    move: (d) => set((p) => clamp(p.cursor + d, p.top)),
    page: (n) =>
      set((p) => clamp(p.cursor + n * Math.max(1, h - 1), p.top + n * Math.max(1, h - 1))),
    first: () => set({ cursor: 0, top: 0 }),
    last: () => set(() => clamp(count - 1, count)),
  };
}
