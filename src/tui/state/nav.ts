import type { ViewDescriptor, ViewInit } from '../views.js';

/** The navigation stack: drill-downs push, `q`/Esc pop, breadcrumbs come from the titles. */
export interface NavState {
  stack: ViewDescriptor[];
  nextKey: number;
}

export type NavAction =
  | { type: 'push'; view: ViewInit }
  | { type: 'pop' }
  | { type: 'update'; key: number; title?: string; params?: unknown };

export function initialNav(root: ViewInit): NavState {
  return { stack: [{ ...root, key: 1 }], nextKey: 2 };
}

export function navReducer(state: NavState, action: NavAction): NavState {
  switch (action.type) {
    case 'push':
      return {
        stack: [...state.stack, { ...action.view, key: state.nextKey }],
        nextKey: state.nextKey + 1,
      };
    case 'pop':
      // the root view stays: quitting is the app's decision, not the stack's
      return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1) } : state;
    case 'update':
      return {
        ...state,
        stack: state.stack.map((v) =>
          v.key === action.key
            ? {
                ...v,
                title: action.title ?? v.title,
                params: action.params !== undefined ? action.params : v.params,
              }
            : v,
        ),
      };
  }
}

export function topView(state: NavState): ViewDescriptor {
  return state.stack[state.stack.length - 1]!;
}

/** `Events › key:AKIA… › Event 4f3a…`, cut from the left when too wide. */
export function breadcrumbs(state: NavState, width: number): string {
  const parts = state.stack.map((v) => v.title);
  let text = parts.join(' › ');
  while (text.length > width && parts.length > 1) {
    parts.shift();
    text = '… › ' + parts.join(' › ');
  }
  return text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text;
}
