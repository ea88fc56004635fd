import { useReducer, useRef } from 'react';

/**
 * State that key handlers read and write synchronously. Keys can arrive faster than frames: a
 * handler that read `useState`'s value from its render would drop all but the last of a burst.
 */
export function useSyncState<T>(
  initial: T | (() => T),
): [() => T, (next: T | ((prev: T) => T)) => void] {
  const ref = useRef<{ v: T } | null>(null);
  if (ref.current === null)
    ref.current = { v: typeof initial === 'function' ? (initial as () => T)() : initial };
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const get = () => ref.current!.v;
  const set = (next: T | ((prev: T) => T)) => {
    const v = typeof next === 'function' ? (next as (p: T) => T)(ref.current!.v) : next;
    if (Object.is(v, ref.current!.v)) return;
    ref.current!.v = v;
    bump();
  };
  return [get, set];
}
